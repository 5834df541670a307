import {
  EscalationAction,
  deidentifyScorecard,
  type AccessContext,
  type DeidentifiedScorecard,
  type Escalation,
  type EscalationActionInput,
  type Scorecard,
  type ScorecardStore,
  type ScorecardVersion,
} from '@teachback/core';
import { allows, interactionResource } from './access-check';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import { escalationWorkflowColumns } from './oversight';
import type { Row } from './driver';
import { notFound, parse } from './validation';

export class SqlScorecards implements ScorecardStore {
  constructor(private readonly sql: SqlContext) {}

  async history(ctx: AccessContext, tenantId: string, interactionId: string): Promise<ScorecardVersion[]> {
    const row = await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'scorecard', 'read');
    const withEvidence = allows(ctx.actor, 'read', interactionResource('transcript', row));
    await this.sql.crypto.load(tenantId);
    const rows = await this.sql.driver.all(
      'SELECT * FROM scorecards WHERE tenant_id = ? AND interaction_id = ? ORDER BY version',
      [tenantId, interactionId],
    );
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.read', 'scorecard', interactionId, { versions: rows.length }),
    );
    return rows.map((r) => this.version(tenantId, interactionId, r, withEvidence));
  }

  /** Evidence quotes are transcript excerpts: who may not read the transcript gets the judgement only. */
  private version(tenantId: string, interactionId: string, r: Row, withEvidence: boolean): ScorecardVersion {
    const rowId = `${interactionId}/${Number(r.version)}`;
    const full = r.body_enc
      ? this.sql.crypto.open<Scorecard>(
          { tenantId, table: 'scorecards', rowId, field: 'body_enc' },
          String(r.body_enc),
        )
      : null;
    const stored = r.deidentified ? (JSON.parse(String(r.deidentified)) as DeidentifiedScorecard) : null;
    return {
      version: Number(r.version),
      scorecard: withEvidence ? full : null,
      deidentified: stored ?? (full && !withEvidence ? deidentifyScorecard(full) : null),
      contentHash: String(r.content_hash),
      createdAt: String(r.created_at),
    };
  }

  async addEscalationAction(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    index: number,
    action: EscalationActionInput,
  ): Promise<void> {
    const a = parse(EscalationAction, action, 'escalation action');
    await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'escalation', 'write');
    await this.sql.crypto.load(tenantId);
    await this.sql.driver.transaction(async (tx) => {
      const addr = { tenantId, table: 'escalations', rowId: `${interactionId}/${index}`, field: 'body_enc' };
      const r = await tx.get<{ body_enc: string | null }>(
        `SELECT body_enc FROM escalations WHERE tenant_id = ? AND interaction_id = ? AND idx = ?${this.sql.driver.forUpdate}`,
        [tenantId, interactionId, index],
      );
      if (!r?.body_enc) throw notFound('escalation');
      const e = this.sql.crypto.open<Escalation>(addr, r.body_enc);
      e.actions.push(a);
      if (a.routedTo !== undefined) e.routedTo = a.routedTo;
      await tx.run(
        'UPDATE escalations SET body_enc = ?, state = ?, routed_to = ?, last_action_at = ?, last_action_by = ?, utterance = ? WHERE tenant_id = ? AND interaction_id = ? AND idx = ?',
        [this.sql.crypto.seal(addr, e), ...escalationWorkflowColumns(e), tenantId, interactionId, index],
      );
      const details = { action: a.action };
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'phi.write', 'escalation', `${interactionId}/${index}`, details),
      );
    });
  }
}
