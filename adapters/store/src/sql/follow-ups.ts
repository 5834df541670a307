import {
  TeachbackError,
  grantedScope,
  type AccessContext,
  type FollowUpFilter,
  type FollowUpItem,
  type FollowUpStore,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row, SqlValue } from './driver';
import { inList } from './paging';
import { notFound } from './validation';

const address = (tenantId: string, id: string) => ({
  tenantId,
  table: 'follow_ups',
  rowId: id,
  field: 'text_enc',
});

interface FollowUpRow extends Row {
  id: string;
  interaction_id: string;
  agent_id: string | null;
  team_id: string | null;
  contact_id: string | null;
  owner: FollowUpItem['owner'];
  text_enc: string | null;
  due_at: string | null;
  made_at: string;
  status: FollowUpItem['status'];
  closed_at: string | null;
  kept_by: string | null;
}

/**
 * Promised follow-ups. The promise text is sealed (it may name a medicine or a result); the rest
 * is ids and times. An item is kept when a later interaction by the same agent with the same
 * timeline contact (any channel) starts before its due time, or when someone marks it done.
 */
export class SqlFollowUps implements FollowUpStore {
  constructor(private readonly sql: SqlContext) {}

  async save(
    ctx: AccessContext,
    tenantId: string,
    item: Omit<FollowUpItem, 'status' | 'closedAt' | 'keptBy' | 'agentId' | 'teamId' | 'contactId'>,
  ): Promise<FollowUpItem> {
    if (!item.id || item.id.length > 300) throw invalid('id', 'must be 1–300 characters');
    if (item.dueAt !== null && Number.isNaN(Date.parse(item.dueAt)))
      throw invalid('dueAt', 'must be ISO-8601');
    const row = await this.sql.access.interactionRow(ctx, tenantId, item.interactionId, 'follow-up', 'write');
    await this.sql.crypto.load(tenantId);
    const agentIds = JSON.parse(row.agent_ids) as string[];
    // The person as the metrics follow them (sql/metrics.ts personKeyOf), so settling compares like with like.
    const fact = await this.sql.driver.get<{ contact_id: string | null }>(
      'SELECT contact_id FROM interaction_facts WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, item.interactionId],
    );
    const contactId = fact ? fact.contact_id : row.contact_id;
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO follow_ups (tenant_id, id, interaction_id, agent_id, team_id, contact_id, owner, text_enc, due_at, made_at, status, closed_at, kept_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?) ON CONFLICT (tenant_id, id) DO NOTHING',
        [
          tenantId,
          item.id,
          item.interactionId,
          agentIds[0] ?? null,
          row.team_id,
          contactId,
          item.owner,
          this.sql.crypto.seal(address(tenantId, item.id), item.text),
          item.dueAt ? new Date(item.dueAt).toISOString() : null,
          new Date(item.madeAt).toISOString(),
          'open',
          this.sql.now(),
        ],
      );
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'phi.write', 'follow-up', item.id, {}));
    });
    return this.get(tenantId, item.id);
  }

  private async get(tenantId: string, id: string): Promise<FollowUpItem> {
    const r = await this.sql.driver.get<FollowUpRow>(
      'SELECT * FROM follow_ups WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    if (!r) throw notFound('follow-up');
    return this.toItem(tenantId, r);
  }

  private toItem(tenantId: string, r: FollowUpRow): FollowUpItem {
    return {
      id: r.id,
      interactionId: r.interaction_id,
      agentId: r.agent_id,
      teamId: r.team_id,
      contactId: r.contact_id,
      owner: r.owner,
      // Purged by retention: the promise is gone, the fact that one was made stays.
      text: r.text_enc ? this.sql.crypto.open<string>(address(tenantId, r.id), r.text_enc) : '',
      dueAt: r.due_at,
      madeAt: r.made_at,
      status: r.status,
      closedAt: r.closed_at,
      keptBy: r.kept_by,
    };
  }

  async markDone(ctx: AccessContext, tenantId: string, id: string): Promise<FollowUpItem> {
    const r = await this.sql.driver.get<FollowUpRow>(
      'SELECT * FROM follow_ups WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    if (!r || ctx.actor.tenantId !== tenantId) {
      await this.sql.access.authorize(ctx, 'write', { type: 'follow-up', tenantId }, id);
      throw notFound('follow-up');
    }
    await this.sql.access.interactionRow(ctx, tenantId, r.interaction_id, 'follow-up', 'write');
    await this.sql.crypto.load(tenantId);
    await this.sql.driver.transaction(async (tx) => {
      const now = this.sql.now();
      await tx.run(
        "UPDATE follow_ups SET status = 'done', closed_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND status IN ('open', 'missed')",
        [now, now, tenantId, id],
      );
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'phi.write', 'follow-up', id, { status: 'done' }));
    });
    return this.get(tenantId, id);
  }

  async settle(ctx: AccessContext, tenantId: string, asOf: string): Promise<FollowUpItem[]> {
    await this.sql.access.authorize(ctx, 'write', { type: 'follow-up', tenantId }, null);
    await this.sql.crypto.load(tenantId);
    const due = await this.sql.driver.all<FollowUpRow>(
      "SELECT * FROM follow_ups WHERE tenant_id = ? AND status = 'open' AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id",
      [tenantId, new Date(asOf).toISOString()],
    );
    const changed: FollowUpItem[] = [];
    for (const r of due) {
      const kept =
        r.agent_id && r.contact_id
          ? await this.sql.driver.get<{ interaction_id: string }>(
              'SELECT interaction_id FROM interaction_facts WHERE tenant_id = ? AND agent_id = ? AND contact_id = ? AND started_ms > ? AND started_ms <= ? AND interaction_id <> ? ORDER BY started_ms LIMIT 1',
              [
                tenantId,
                r.agent_id,
                r.contact_id,
                Date.parse(r.made_at),
                Date.parse(r.due_at!),
                r.interaction_id,
              ],
            )
          : undefined;
      const status = kept ? 'kept' : 'missed';
      const now = this.sql.now();
      await this.sql.driver.transaction(async (tx) => {
        await tx.run(
          "UPDATE follow_ups SET status = ?, kept_by = ?, closed_at = ?, updated_at = ? WHERE tenant_id = ? AND id = ? AND status = 'open'",
          [status, kept?.interaction_id ?? null, kept ? now : null, now, tenantId, r.id],
        );
        await this.sql.audit.appendTx(tx, auditEvent(ctx, 'follow-up.settle', 'follow-up', r.id, { status }));
      });
      changed.push({
        ...this.toItem(tenantId, r),
        status,
        keptBy: kept?.interaction_id ?? null,
        closedAt: kept ? now : null,
      });
    }
    return changed;
  }

  async list(ctx: AccessContext, tenantId: string, filter: FollowUpFilter = {}): Promise<FollowUpItem[]> {
    const scope = grantedScope(ctx.actor, 'search', 'follow-up');
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active) {
      await this.sql.access.authorize(ctx, 'search', { type: 'follow-up', tenantId }, null);
    }
    await this.sql.crypto.load(tenantId);
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (scope === 'team') inList(where, params, 'team_id', ctx.actor.teamIds);
    if (scope === 'own')
      inList(where, params, 'agent_id', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
    if (filter.status) inList(where, params, 'status', [filter.status]);
    if (filter.agentId) inList(where, params, 'agent_id', [filter.agentId]);
    if (filter.teamId) inList(where, params, 'team_id', [filter.teamId]);
    if (filter.dueBefore) {
      where.push('due_at IS NOT NULL AND due_at < ?');
      params.push(new Date(filter.dueBefore).toISOString());
    }
    const rows = await this.sql.driver.all<FollowUpRow>(
      `SELECT * FROM follow_ups WHERE ${where.join(' AND ')} ORDER BY due_at, id`,
      params,
    );
    await this.sql.audit.append(auditEvent(ctx, 'phi.search', 'follow-up', null, { count: rows.length }));
    return rows.map((r) => this.toItem(tenantId, r));
  }
}

function invalid(field: string, why: string): TeachbackError {
  return new TeachbackError('STORE.INVALID', `follow-up: ${field}: ${why}`, { details: { field } });
}
