import {
  RetentionSettings,
  TeachbackError,
  decideRetention,
  deidentifyScorecard,
  retentionCutoff,
  type AccessContext,
  type AuditEvent,
  type PurgeReport,
  type RetentionStore,
  type Scorecard,
  type Tenant,
  type TenantStore,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row, SqlExecutor } from './driver';
import { forgetFactPerson } from './metrics';
import { b } from './rows';
import { notFound, parse } from './validation';

interface PurgeCandidate extends Row {
  id: string;
  occurred_at: string;
  legal_hold: number;
  purged_at: string | null;
}

export class SqlRetention implements RetentionStore {
  constructor(
    private readonly sql: SqlContext,
    private readonly tenants: TenantStore,
  ) {}

  async configure(ctx: AccessContext, tenantId: string, settings: RetentionSettings): Promise<Tenant> {
    const s = parse(RetentionSettings, settings, 'retention');
    await this.sql.access.authorize(ctx, 'write', { type: 'tenant', tenantId }, tenantId);
    await this.sql.driver.transaction(async (tx) => {
      if (s.retentionDays !== undefined)
        await tx.run('UPDATE tenants SET retention_days = ? WHERE id = ?', [s.retentionDays, tenantId]);
      if (s.legalHold !== undefined)
        await tx.run('UPDATE tenants SET legal_hold = ? WHERE id = ?', [b(s.legalHold), tenantId]);
      const details: AuditEvent['details'] = {};
      if (s.retentionDays !== undefined) details.retentionDays = s.retentionDays;
      if (s.legalHold !== undefined) details.legalHold = s.legalHold;
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'retention.update', 'tenant', tenantId, details));
    });
    return this.tenants.get(ctx, tenantId);
  }

  async setHold(ctx: AccessContext, tenantId: string, interactionId: string, hold: boolean): Promise<void> {
    await this.sql.access.authorize(ctx, 'write', { type: 'tenant', tenantId }, interactionId);
    await this.sql.driver.transaction(async (tx) => {
      const n = await tx.run('UPDATE interactions SET legal_hold = ? WHERE tenant_id = ? AND id = ?', [
        b(hold),
        tenantId,
        interactionId,
      ]);
      if (n === 0) throw notFound('interaction');
      const action = hold ? 'retention.hold' : 'retention.release';
      await this.sql.audit.appendTx(tx, auditEvent(ctx, action, 'interaction', interactionId));
    });
  }

  async purge(ctx: AccessContext, tenantId: string, now: Date = this.sql.clock()): Promise<PurgeReport> {
    if (ctx.actor.kind !== 'system' || ctx.actor.tenantId !== tenantId) {
      await this.sql.access.authorize(ctx, 'delete', { type: 'interaction', tenantId }, null);
      throw new TeachbackError('ACCESS.DENIED', 'only the retention job may purge');
    }
    await this.sql.crypto.load(tenantId);
    const t = await this.sql.driver.get('SELECT * FROM tenants WHERE id = ?', [tenantId]);
    if (!t) throw notFound('tenant');
    const policy = { retentionDays: Number(t.retention_days), legalHold: Number(t.legal_hold) === 1 };
    const cutoff = retentionCutoff(policy, now);
    const held = await this.sql.driver.get<{ n: number }>(
      'SELECT CAST(COUNT(*) AS INTEGER) AS n FROM interactions WHERE tenant_id = ? AND purged_at IS NULL AND occurred_at < ? AND (legal_hold = 1 OR ? = 1)',
      [tenantId, cutoff, b(policy.legalHold)],
    );
    const purged: string[] = [];
    if (!policy.legalHold) {
      for (;;) {
        const batch = await this.sql.driver.all<PurgeCandidate>(
          'SELECT id, occurred_at, legal_hold, purged_at FROM interactions WHERE tenant_id = ? AND purged_at IS NULL AND legal_hold = 0 AND occurred_at < ? ORDER BY occurred_at LIMIT 200',
          [tenantId, cutoff],
        );
        if (batch.length === 0) break;
        for (const r of batch) {
          const record = { occurredAt: r.occurred_at, legalHold: r.legal_hold === 1, purgedAt: r.purged_at };
          if (!decideRetention(policy, record, now).purge) continue;
          await this.sql.driver.transaction((tx) =>
            this.purgeOne(tx, ctx, tenantId, r.id, now.toISOString()),
          );
          purged.push(r.id);
        }
      }
    }
    return { tenantId, cutoff, purged, heldBack: Number(held?.n ?? 0) };
  }

  /** Deletes the PHI of one interaction and keeps what is not PHI: scores, statuses, the row. */
  private async purgeOne(
    tx: SqlExecutor,
    ctx: AccessContext,
    tenantId: string,
    id: string,
    at: string,
  ): Promise<void> {
    const key = [tenantId, id];
    const transcripts = await tx.run(
      'DELETE FROM transcripts WHERE tenant_id = ? AND interaction_id = ?',
      key,
    );
    const recordings = await tx.run('DELETE FROM recordings WHERE tenant_id = ? AND interaction_id = ?', key);
    const scorecardsDeidentified = await this.deidentifyScorecards(tx, tenantId, id);
    const escalations = await tx.run(
      'UPDATE escalations SET body_enc = NULL WHERE tenant_id = ? AND interaction_id = ?',
      key,
    );
    const coachingTasks = await tx.run(
      'UPDATE coaching_tasks SET body_enc = NULL WHERE tenant_id = ? AND interaction_id = ?',
      key,
    );
    // Promise text is PHI; the metrics row keeps no identity once the interaction has none.
    await tx.run(
      'UPDATE follow_ups SET text_enc = NULL, contact_id = NULL WHERE tenant_id = ? AND interaction_id = ?',
      key,
    );
    await forgetFactPerson(tx, tenantId, id);
    const row = await tx.get<{ contact_id: string | null }>(
      'SELECT contact_id FROM interactions WHERE tenant_id = ? AND id = ?',
      key,
    );
    await tx.run(
      'UPDATE interactions SET phi_enc = NULL, contact_id = NULL, purged_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ?',
      [at, at, tenantId, id],
    );
    const contactRemoved = row?.contact_id ? await removeOrphanContact(tx, tenantId, row.contact_id) : false;
    const details = {
      transcripts,
      recordings,
      scorecardsDeidentified,
      escalations,
      coachingTasks,
      contactRemoved,
    };
    await this.sql.audit.appendTx(tx, auditEvent(ctx, 'retention.purge', 'interaction', id, details));
  }

  /** Each score version keeps its judgement without the evidence quotes. */
  private async deidentifyScorecards(tx: SqlExecutor, tenantId: string, id: string): Promise<number> {
    const cards = await tx.all<{ version: number; body_enc: string | null }>(
      'SELECT version, body_enc FROM scorecards WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, id],
    );
    for (const c of cards) {
      const addr = { tenantId, table: 'scorecards', rowId: `${id}/${c.version}`, field: 'body_enc' };
      const deid = c.body_enc
        ? JSON.stringify(deidentifyScorecard(this.sql.crypto.open<Scorecard>(addr, c.body_enc)))
        : null;
      await tx.run(
        'UPDATE scorecards SET body_enc = NULL, coaching_enc = NULL, deidentified = COALESCE(?, deidentified) WHERE tenant_id = ? AND interaction_id = ? AND version = ?',
        [deid, tenantId, id, c.version],
      );
    }
    return cards.length;
  }
}

/** A contact no remaining interaction points to is PHI with no purpose left. */
async function removeOrphanContact(tx: SqlExecutor, tenantId: string, contactId: string): Promise<boolean> {
  const still = await tx.get('SELECT id FROM interactions WHERE tenant_id = ? AND contact_id = ? LIMIT 1', [
    tenantId,
    contactId,
  ]);
  if (still) return false;
  await tx.run('DELETE FROM contacts WHERE tenant_id = ? AND id = ?', [tenantId, contactId]);
  return true;
}
