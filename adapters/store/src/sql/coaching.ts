import {
  CoachingTask,
  CoachingTaskFilter,
  TeachbackError,
  grantedScope,
  type AccessContext,
  type CoachingStore,
} from '@teachback/core';
import { allows, interactionResource } from './access-check';
import { auditEvent } from './audit-appender';
import type { SqlContext } from './context';
import type { Row, SqlValue } from './driver';
import { inList } from './paging';
import type { InteractionRow } from './rows';
import { parse } from './validation';

type TaskBody = Pick<CoachingTask, 'facilitator' | 'source' | 'notes'>;

interface StoredTask extends Row {
  interaction_id: string;
  assignee: string;
  due: string | null;
  body_enc: string | null;
}

const taskAddress = (tenantId: string, id: string) => ({
  tenantId,
  table: 'coaching_tasks',
  rowId: id,
  field: 'body_enc',
});

export class SqlCoaching implements CoachingStore {
  constructor(private readonly sql: SqlContext) {}

  async saveTask(ctx: AccessContext, tenantId: string, task: CoachingTask): Promise<CoachingTask> {
    const t = parse(CoachingTask, task, 'coaching task');
    const row = await this.sql.access.interactionRow(ctx, tenantId, t.interactionId, 'coaching', 'write');
    await this.sql.crypto.load(tenantId);
    const existing = await this.sql.driver.get<StoredTask>(
      'SELECT interaction_id, assignee, due, body_enc FROM coaching_tasks WHERE tenant_id = ? AND id = ?',
      [tenantId, t.id],
    );
    if (existing && existing.interaction_id !== t.interactionId) {
      throw new TeachbackError(
        'STORE.CONFLICT',
        'coaching task: interactionId: a task stays on the call it was made for',
      );
    }
    const body: TaskBody = { facilitator: t.facilitator, source: t.source, notes: t.notes };
    await this.requireAssigner(ctx, tenantId, row, t, existing, body);
    await this.requireAssignee(tenantId, t.assignee, JSON.parse(row.agent_ids) as string[]);
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'INSERT INTO coaching_tasks (tenant_id, id, interaction_id, assignee, status, due, body_enc, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, id) DO UPDATE SET interaction_id = excluded.interaction_id, assignee = excluded.assignee, status = excluded.status, due = excluded.due, body_enc = excluded.body_enc, updated_at = excluded.updated_at',
        [
          tenantId,
          t.id,
          t.interactionId,
          t.assignee,
          t.status,
          t.due ?? null,
          this.sql.crypto.seal(taskAddress(tenantId, t.id), body),
          this.sql.now(),
        ],
      );
      await this.sql.audit.appendTx(tx, auditEvent(ctx, 'phi.write', 'coaching', t.id, { status: t.status }));
    });
    return t;
  }

  /**
   * Creating, reassigning, dismissing or rewriting a task is the assigner's (supervisor's) act;
   * the assignee may only move their own task along (open, scheduled, done).
   */
  private async requireAssigner(
    ctx: AccessContext,
    tenantId: string,
    row: InteractionRow,
    t: CoachingTask,
    existing: StoredTask | undefined,
    body: TaskBody,
  ): Promise<void> {
    const assignment = interactionResource('coaching-assignment', row);
    if (allows(ctx.actor, 'write', assignment)) return;
    const ownProgress =
      existing !== undefined &&
      existing.assignee === t.assignee &&
      (existing.due ?? undefined) === t.due &&
      (t.assignee === ctx.actor.id || ctx.actor.agentIds.includes(t.assignee)) &&
      t.status !== 'dismissed' &&
      existing.body_enc !== null &&
      JSON.stringify(this.sql.crypto.open(taskAddress(tenantId, t.id), existing.body_enc)) ===
        JSON.stringify(body);
    if (!ownProgress) await this.sql.access.authorize(ctx, 'write', assignment, t.id);
  }

  /** The assignee is a user of the tenant, an agent id of one, or an agent on the call itself. */
  private async requireAssignee(
    tenantId: string,
    assignee: string,
    callAgents: readonly string[],
  ): Promise<void> {
    if (callAgents.includes(assignee)) return;
    const { driver } = this.sql;
    const known =
      (await driver.get('SELECT id FROM users WHERE tenant_id = ? AND id = ?', [tenantId, assignee])) ??
      (await driver.get('SELECT user_id FROM user_agent_ids WHERE tenant_id = ? AND agent_id = ?', [
        tenantId,
        assignee,
      ]));
    if (!known) throw new TeachbackError('STORE.INVALID', 'coaching task: assignee: no such user or agent');
  }

  async listTasks(
    ctx: AccessContext,
    tenantId: string,
    filter: CoachingTaskFilter = {},
  ): Promise<CoachingTask[]> {
    const f = parse(CoachingTaskFilter, filter, 'filter');
    const scope = grantedScope(ctx.actor, 'search', 'coaching');
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active) {
      await this.sql.access.authorize(ctx, 'search', { type: 'coaching', tenantId }, null);
    }
    await this.sql.crypto.load(tenantId);
    const where = ['t.tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    if (scope === 'team') inList(where, params, 'i.team_id', ctx.actor.teamIds);
    if (scope === 'own')
      inList(where, params, 't.assignee', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
    if (f.assignee !== undefined) inList(where, params, 't.assignee', [f.assignee]);
    if (f.status !== undefined) inList(where, params, 't.status', [f.status]);
    if (f.interactionId !== undefined) inList(where, params, 't.interaction_id', [f.interactionId]);
    const rows = await this.sql.driver.all(
      `SELECT t.* FROM coaching_tasks t JOIN interactions i ON i.tenant_id = t.tenant_id AND i.id = t.interaction_id WHERE ${where.join(' AND ')} ORDER BY t.id`,
      params,
    );
    await this.sql.audit.append(auditEvent(ctx, 'phi.search', 'coaching', null, { count: rows.length }));
    return rows.map((r) => this.toTask(tenantId, r));
  }

  private toTask(tenantId: string, r: Row): CoachingTask {
    const body: TaskBody = r.body_enc
      ? this.sql.crypto.open<TaskBody>(taskAddress(tenantId, String(r.id)), String(r.body_enc))
      : { source: {}, notes: [] };
    return {
      id: String(r.id),
      interactionId: String(r.interaction_id),
      assignee: String(r.assignee),
      status: r.status as CoachingTask['status'],
      ...(r.due === null ? {} : { due: String(r.due) }),
      ...(body.facilitator === undefined ? {} : { facilitator: body.facilitator }),
      source: body.source,
      notes: body.notes,
    };
  }
}
