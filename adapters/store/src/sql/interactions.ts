import {
  InteractionFilter,
  PageRequest,
  TeachbackError,
  grantedScope,
  type AccessContext,
  type AuditEvent,
  type InteractionDetail,
  type InteractionRecord,
  type InteractionSaveOptions,
  type InteractionStore,
  type InteractionSummary,
  type Page,
  type Platform,
  type RecordingRef,
  type SaveResult,
} from '@teachback/core';
import { interactionResource } from './access-check';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { SqlExecutor, SqlValue } from './driver';
import { readInteractionDetail, toRecording } from './interaction-detail';
import { saveBatchTx } from './interaction-batch';
import { saveInteractionTx } from './interaction-save';
import { inList, pageQuery } from './paging';
import { SUMMARY_COLUMNS, b, iso, toSummary, type InteractionRow } from './rows';
import { isUniqueViolation, notFound, parse, parseRecord, type ParsedRecord } from './validation';

type BatchOutcome = SaveResult | { error: TeachbackError };

/** The bulk path declined the batch: its transaction rolls back and the batch goes record by record. */
class BatchDeclined extends Error {}

export class SqlInteractions implements InteractionStore {
  constructor(private readonly sql: SqlContext) {}

  async save(
    ctx: AccessContext,
    tenantId: string,
    record: InteractionRecord,
    options: InteractionSaveOptions = {},
  ): Promise<SaveResult> {
    const rec = parseRecord(record, tenantId, 'interaction record');
    await this.sql.access.authorize(ctx, 'write', { type: 'interaction', tenantId }, rec.interaction.id);
    await this.sql.crypto.load(tenantId);
    // A unique-key race with a concurrent writer of the same record is resolved by re-reading.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sql.driver.transaction((tx) =>
          saveInteractionTx(this.sql, tx, ctx, tenantId, rec, undefined, options),
        );
      } catch (e) {
        if (attempt < 2 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  /**
   * Bulk form for sync pages and imports: one transaction, but each record inside its own savepoint,
   * so a bad record is rolled back alone and reported, and no record is ever half-written.
   */
  async saveMany(
    ctx: AccessContext,
    tenantId: string,
    records: readonly InteractionRecord[],
  ): Promise<BatchOutcome[]> {
    await this.sql.access.authorize(ctx, 'write', { type: 'interaction', tenantId }, null);
    await this.sql.crypto.load(tenantId);
    const parsed = records.map((r, i) => {
      try {
        return parseRecord(r, tenantId, `interaction record ${i}`);
      } catch (e) {
        return e as TeachbackError;
      }
    });
    const valid = parsed.filter((r): r is ParsedRecord => !(r instanceof TeachbackError));
    if (valid.length === parsed.length && valid.length >= 2) {
      const fast = await this.saveFast(ctx, tenantId, valid);
      if (fast) return fast;
    }
    return this.sql.driver.transaction(async (tx) => {
      // Audit events go on the chain at the end, so the tenant's chain head is locked only for the
      // last moment of the batch and concurrent batches (PostgreSQL) overlap their real work.
      const audit: AuditEvent[] = [];
      const out: BatchOutcome[] = [];
      for (const rec of parsed) {
        out.push(
          rec instanceof TeachbackError
            ? { error: rec }
            : await this.saveInSavepoint(tx, ctx, tenantId, rec, audit),
        );
      }
      await this.sql.audit.recordTx(tx, ctx.actor.tenantId, audit);
      return out;
    });
  }

  /**
   * The whole batch in bulk statements (`interaction-batch.ts`) in one transaction of its own;
   * undefined (with everything it wrote rolled back) when the bulk path declines the batch or a
   * write fails, and the caller then saves record by record in a new transaction. No savepoint:
   * nothing else is in this transaction, so a rollback undoes exactly the attempt (two round
   * trips and a subtransaction fewer per batch on PostgreSQL).
   */
  private async saveFast(
    ctx: AccessContext,
    tenantId: string,
    valid: readonly ParsedRecord[],
  ): Promise<BatchOutcome[] | undefined> {
    try {
      return await this.sql.driver.transaction(async (tx) => {
        const saved = await saveBatchTx(this.sql, tx, ctx, tenantId, valid);
        if (!saved) throw new BatchDeclined();
        return saved;
      });
    } catch {
      // The record-by-record path finds and reports the failing record.
      return undefined;
    }
  }

  private async saveInSavepoint(
    tx: SqlExecutor,
    ctx: AccessContext,
    tenantId: string,
    rec: ParsedRecord,
    audit: AuditEvent[],
  ): Promise<BatchOutcome> {
    await tx.run('SAVEPOINT interaction_record');
    const events: AuditEvent[] = [];
    try {
      const saved = await saveInteractionTx(this.sql, tx, ctx, tenantId, rec, events);
      await tx.run('RELEASE SAVEPOINT interaction_record');
      audit.push(...events);
      return saved;
    } catch (e) {
      await tx.run('ROLLBACK TO SAVEPOINT interaction_record');
      await tx.run('RELEASE SAVEPOINT interaction_record');
      return {
        error:
          e instanceof TeachbackError
            ? e
            : new TeachbackError('STORE.WRITE_FAILED', 'interaction record could not be stored', {
                cause: e,
              }),
      };
    }
  }

  async list(
    ctx: AccessContext,
    tenantId: string,
    filter: InteractionFilter = {},
    page: PageRequest = {},
  ): Promise<Page<InteractionSummary>> {
    const f = parse(InteractionFilter, filter, 'filter');
    const p = parse(PageRequest, page, 'page');
    const scope = grantedScope(ctx.actor, 'search', 'interaction');
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active) {
      await this.sql.access.authorize(ctx, 'search', { type: 'interaction', tenantId }, null);
    }
    const where: string[] = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (scope === 'team') inList(where, params, 'team_id', ctx.actor.teamIds);
    if (scope === 'own')
      inList(where, params, 'primary_agent_id', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
    filterWhere(f, where, params);
    const items = await pageQuery(
      this.sql.driver,
      `SELECT ${SUMMARY_COLUMNS} FROM interactions`,
      where,
      params,
      p,
    );
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.search', 'interaction', null, {
        count: items.items.length,
        scope: scope ?? 'none',
      }),
    );
    return { items: items.items.map(toSummary), nextCursor: items.nextCursor };
  }

  async findBySource(
    ctx: AccessContext,
    tenantId: string,
    platform: Platform,
    externalId: string,
  ): Promise<InteractionSummary | null> {
    if (ctx.actor.tenantId !== tenantId)
      await this.sql.access.authorize(ctx, 'read', { type: 'interaction', tenantId }, null);
    const r = await this.sql.driver.get<InteractionRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM interactions WHERE tenant_id = ? AND platform = ? AND external_id = ?`,
      [tenantId, platform, externalId],
    );
    if (!r) return null;
    await this.sql.access.authorize(ctx, 'read', interactionResource('interaction', r), r.id);
    return toSummary(r);
  }

  get(ctx: AccessContext, tenantId: string, id: string): Promise<InteractionDetail> {
    return readInteractionDetail(this.sql, ctx, tenantId, id);
  }

  async readRecording(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    recordingId: string,
  ): Promise<RecordingRef> {
    await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'recording', 'read');
    await this.sql.crypto.load(tenantId);
    const r = await this.sql.driver.get(
      'SELECT * FROM recordings WHERE tenant_id = ? AND interaction_id = ? AND id = ?',
      [tenantId, interactionId, recordingId],
    );
    if (!r) throw notFound('recording');
    await this.sql.audit.append(auditEvent(ctx, 'phi.read', 'recording', `${interactionId}/${recordingId}`));
    return toRecording(this.sql, tenantId, interactionId, r, true);
  }
}

/** The caller's filter as SQL conditions on the interaction list columns. */
function filterWhere(f: InteractionFilter, where: string[], params: SqlValue[]): void {
  const eq = (col: string, v: SqlValue | undefined): void => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('primary_agent_id', f.agentId);
  eq('team_id', f.teamId);
  eq('channel', f.channel);
  eq('platform', f.platform);
  eq('contact_id', f.contactId);
  eq('compliant', f.compliant === undefined ? undefined : b(f.compliant));
  eq('needs_review', f.needsReview === undefined ? undefined : b(f.needsReview));
  if (f.hasEscalation !== undefined)
    where.push(f.hasEscalation ? 'escalation_count > 0' : 'escalation_count = 0');
  if (f.from) {
    where.push('occurred_at >= ?');
    params.push(iso(f.from));
  }
  if (f.to) {
    where.push('occurred_at < ?');
    params.push(iso(f.to));
  }
}
