import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  CalibrationInput,
  CallSearch,
  CallSort,
  DashboardQuery,
  DisputeDecision,
  DisputeInput,
  SavedViewInput,
  TeachbackError,
  calibrationAgreement,
  grantedScope,
  overrideFinding,
  type AccessContext,
  type CalibrationView,
  type CallPage,
  type CoachingNote,
  type CriterionRow,
  type Dashboard,
  type Dispute,
  type FindingStatus,
  type GroupRow,
  type ReviewStore,
  type SavedView,
  type Scorecard,
  type TrendPoint,
} from '@teachback/core';
import { auditEvent } from './audit-appender';
import { insertRows } from './bulk-insert';
import {
  ALL_DAYS,
  CALL_FACT_COLUMNS,
  callFactsOf,
  mondayOf,
  moveCallDaily,
  moveCriterionDaily,
  weekKey,
  type CriterionChange,
} from './call-rollups';
import type { SqlContext } from './context';
import type { Row, SqlExecutor, SqlValue } from './driver';
import { inList } from './paging';
import { SUMMARY_COLUMNS, b, iso, num, toSummary } from './rows';
import { updateScoreSummary, writeScorecard } from './scorecard-writes';
import { notFound, parse } from './validation';

/**
 * Keeps the review index of one interaction in step with what was saved: its call type, and one
 * row per criterion of its newest scorecard (status, category; no PHI), so the call list can filter
 * on "criterion missed" and dashboards can count per criterion without decrypting scorecards.
 */
export async function indexCallFacts(
  tx: SqlExecutor,
  tenantId: string,
  interactionId: string,
  callType: string | undefined,
  card: Scorecard | undefined,
): Promise<void> {
  await tx.run('UPDATE interactions SET review_call_type = ? WHERE tenant_id = ? AND id = ?', [
    callType ?? null,
    tenantId,
    interactionId,
  ]);
  if (card) await indexCriteria(tx, tenantId, interactionId, card);
  else await reindexCriteria(tx, tenantId, interactionId, null);
}

/** A call saved for the first time: its place in the review index, known without reading it back. */
export interface NewCallFacts {
  interactionId: string;
  occurredAt: string;
  teamId: string | null;
  primaryAgentId: string | null;
  card: Scorecard | undefined;
}

/**
 * `indexCallFacts` for calls that had no row before (their `review_call_type` is written with the
 * row itself): no old criteria to read, delete or subtract, so a whole batch is one multi-row
 * INSERT of criteria and one upsert of the daily counts, summed per key first (a statement may
 * not upsert one key twice) and in key order (concurrent batches lock keys in the same order).
 */
export async function indexNewCallFacts(
  tx: SqlExecutor,
  tenantId: string,
  calls: readonly NewCallFacts[],
): Promise<void> {
  const criteria: SqlValue[][] = [];
  const changes: CriterionChange[] = [];
  for (const c of calls) {
    for (const f of c.card?.findings ?? []) {
      criteria.push([
        tenantId,
        c.interactionId,
        f.criterionId,
        f.category,
        f.status,
        c.occurredAt,
        c.teamId,
        c.primaryAgentId,
      ]);
      changes.push({
        occurredAt: c.occurredAt,
        teamId: c.teamId,
        agentId: c.primaryAgentId,
        criterionId: f.criterionId,
        category: f.category,
        status: f.status,
        sign: 1,
      });
    }
  }
  // A batch of 200 scored calls: 2,000 criterion rows in one bulk load (sql/bulk-insert.ts).
  await insertRows(tx, 'interaction_criteria', CRITERION_COLUMNS, criteria);
  // Day and week cells of criterion_daily (call-rollups.ts), one multi-row upsert per 100 cells.
  await moveCriterionDaily(tx, tenantId, changes);
}

const CRITERION_COLUMNS = [
  'tenant_id',
  'interaction_id',
  'criterion_id',
  'category',
  'status',
  'occurred_at',
  'team_id',
  'primary_agent_id',
];

async function indexCriteria(tx: SqlExecutor, tenantId: string, interactionId: string, card: Scorecard) {
  await reindexCriteria(
    tx,
    tenantId,
    interactionId,
    card.findings.map((f) => ({ criterionId: f.criterionId, category: f.category, status: f.status })),
  );
}

interface CriterionFact {
  criterionId: string;
  category: string;
  status: string;
}

/**
 * Rewrites the criterion rows of one call with its current day, team and agent, and moves the
 * daily roll-up (criterion_daily) by the difference, so dashboards count criteria per day without
 * reading every criterion row. `facts` null: keep the statuses, re-key them (the call moved).
 */
async function reindexCriteria(
  tx: SqlExecutor,
  tenantId: string,
  interactionId: string,
  facts: CriterionFact[] | null,
): Promise<void> {
  const row = await tx.get<{ occurred_at: string; team_id: string | null; primary_agent_id: string | null }>(
    'SELECT occurred_at, team_id, primary_agent_id FROM interactions WHERE tenant_id = ? AND id = ?',
    [tenantId, interactionId],
  );
  if (!row) return;
  const old = await tx.all<{
    criterion_id: string;
    category: string;
    status: string;
    occurred_at: string;
    team_id: string | null;
    primary_agent_id: string | null;
  }>(
    'SELECT criterion_id, category, status, occurred_at, team_id, primary_agent_id FROM interaction_criteria WHERE tenant_id = ? AND interaction_id = ?',
    [tenantId, interactionId],
  );
  const next =
    facts ?? old.map((o) => ({ criterionId: o.criterion_id, category: o.category, status: o.status }));
  const changes: CriterionChange[] = old.map((o) => ({
    occurredAt: o.occurred_at,
    teamId: o.team_id,
    agentId: o.primary_agent_id,
    criterionId: o.criterion_id,
    category: o.category,
    status: o.status,
    sign: -1,
  }));
  await tx.run('DELETE FROM interaction_criteria WHERE tenant_id = ? AND interaction_id = ?', [
    tenantId,
    interactionId,
  ]);
  if (next.length > 0)
    await tx.run(
      `INSERT INTO interaction_criteria (tenant_id, interaction_id, criterion_id, category, status, occurred_at, team_id, primary_agent_id) VALUES ${next.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      next.flatMap((f) => [
        tenantId,
        interactionId,
        f.criterionId,
        f.category,
        f.status,
        row.occurred_at,
        row.team_id,
        row.primary_agent_id,
      ]),
    );
  for (const f of next)
    changes.push({
      occurredAt: row.occurred_at,
      teamId: row.team_id,
      agentId: row.primary_agent_id,
      criterionId: f.criterionId,
      category: f.category,
      status: f.status,
      sign: 1,
    });
  await moveCriterionDaily(tx, tenantId, changes);
}

interface DisputeRow extends Row {
  id: string;
  interaction_id: string;
  criterion_id: string;
  raised_by: string;
  machine_status: string;
  requested_status: string;
  reason_enc: string;
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  note_enc: string | null;
  score_before: number | null;
  score_after: number | null;
  created_at: string;
}

type Scope = 'tenant' | 'team' | 'own';

/** Call search, disputes and overrides, blind calibration, saved views and dashboards (sql role `reviews`). */
export class SqlReviews implements ReviewStore {
  constructor(private readonly sql: SqlContext) {}

  /** The caller's widest scope for `action` on `type`, or a refusal (audited) when they have none. */
  private async scope(
    ctx: AccessContext,
    tenantId: string,
    action: 'search' | 'read' | 'write',
    type: 'interaction' | 'scorecard',
  ): Promise<Scope> {
    const scope = grantedScope(ctx.actor, action, type);
    if (ctx.actor.tenantId !== tenantId || !scope || !ctx.actor.active) {
      await this.sql.access.authorize(ctx, action, { type, tenantId }, null);
    }
    return scope!;
  }

  /** SQL conditions that keep a query inside the caller's scope (agent: own calls; supervisor: teams). */
  private scopeWhere(
    ctx: AccessContext,
    scope: Scope,
    where: string[],
    params: SqlValue[],
    prefix = '',
  ): void {
    if (scope === 'team') inList(where, params, `${prefix}team_id`, ctx.actor.teamIds);
    if (scope === 'own')
      inList(where, params, `${prefix}primary_agent_id`, [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
  }

  async searchCalls(
    ctx: AccessContext,
    tenantId: string,
    filter: CallSearch,
    page: { limit: number; offset: number; sort?: CallSort },
  ): Promise<CallPage> {
    const f = parse(CallSearch, filter, 'filter');
    const sort = parse(CallSort, page.sort ?? {}, 'sort');
    const scope = await this.scope(ctx, tenantId, 'search', 'interaction');
    const where = ['i.tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    this.scopeWhere(ctx, scope, where, params, 'i.');
    callWhere(f, tenantId, where, params);
    const order =
      sort.by === 'score'
        ? `i.score IS NULL, i.score ${sort.dir === 'asc' ? 'ASC' : 'DESC'}, i.occurred_at DESC, i.id DESC`
        : `i.occurred_at ${sort.dir === 'asc' ? 'ASC' : 'DESC'}, i.id ${sort.dir === 'asc' ? 'ASC' : 'DESC'}`;
    const cols = SUMMARY_COLUMNS.split(', ')
      .map((c) => `i.${c}`)
      .join(', ');
    const rows = await this.sql.driver.all(
      `SELECT ${cols} FROM interactions i WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ? OFFSET ?`,
      [...params, page.limit + 1, page.offset],
    );
    const more = rows.length > page.limit;
    const items = (more ? rows.slice(0, page.limit) : rows).map(toSummary);
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.search', 'interaction', null, { count: items.length, scope, view: 'calls' }),
    );
    return { items, next: more ? page.offset + page.limit : null };
  }

  private async latestCard(tenantId: string, interactionId: string, tx: SqlExecutor = this.sql.driver) {
    const r = await tx.get<{
      version: number;
      body_enc: string | null;
      coaching_enc: string | null;
      content_hash: string;
    }>(
      'SELECT version, body_enc, coaching_enc, content_hash FROM scorecards WHERE tenant_id = ? AND interaction_id = ? ORDER BY version DESC LIMIT 1',
      [tenantId, interactionId],
    );
    if (!r?.body_enc)
      throw new TeachbackError(
        'REVIEW.INVALID',
        'interactionId: the call has no scorecard (or its evidence was purged)',
        { details: { field: 'interactionId' } },
      );
    const rowId = `${interactionId}/${r.version}`;
    const card = this.sql.crypto.open<Scorecard>(
      { tenantId, table: 'scorecards', rowId, field: 'body_enc' },
      r.body_enc,
    );
    const coaching = r.coaching_enc
      ? this.sql.crypto.open<CoachingNote[]>(
          { tenantId, table: 'scorecards', rowId, field: 'coaching_enc' },
          r.coaching_enc,
        )
      : [];
    return { version: Number(r.version), card, coaching, contentHash: r.content_hash };
  }

  private toDispute(tenantId: string, r: DisputeRow): Dispute {
    const addr = (field: string) => ({ tenantId, table: 'finding_disputes', rowId: r.id, field });
    return {
      id: r.id,
      interactionId: r.interaction_id,
      criterionId: r.criterion_id,
      raisedBy: r.raised_by,
      machineStatus: r.machine_status as FindingStatus,
      requestedStatus: r.requested_status as FindingStatus,
      reason: this.sql.crypto.open<string>(addr('reason_enc'), r.reason_enc),
      status: r.status as Dispute['status'],
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      decisionNote: r.note_enc ? this.sql.crypto.open<string>(addr('note_enc'), r.note_enc) : null,
      scoreBefore: num(r.score_before),
      scoreAfter: num(r.score_after),
      createdAt: r.created_at,
    };
  }

  async raiseDispute(ctx: AccessContext, tenantId: string, input: DisputeInput): Promise<Dispute> {
    const d = parse(DisputeInput, input, 'dispute');
    const row = await this.sql.access.interactionRow(ctx, tenantId, d.interactionId, 'scorecard', 'read');
    await this.sql.crypto.load(tenantId);
    const { card } = await this.latestCard(tenantId, d.interactionId);
    const finding = card.findings.find((f) => f.criterionId === d.criterionId);
    if (!finding)
      throw new TeachbackError('REVIEW.INVALID', 'criterionId: the call has no finding for this criterion', {
        details: { field: 'criterionId' },
      });
    if (finding.status === d.requestedStatus)
      throw new TeachbackError(
        'REVIEW.INVALID',
        `requestedStatus: the finding is already ${finding.status}`,
        { details: { field: 'requestedStatus' } },
      );
    const id = randomUUID();
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      const open = await tx.get(
        `SELECT id FROM finding_disputes WHERE tenant_id = ? AND interaction_id = ? AND criterion_id = ? AND status = 'open'${this.sql.driver.forUpdate}`,
        [tenantId, d.interactionId, d.criterionId],
      );
      if (open) throw new TeachbackError('STORE.CONFLICT', 'a dispute of this finding is already open');
      await tx.run(
        "INSERT INTO finding_disputes (tenant_id, id, interaction_id, criterion_id, raised_by, machine_status, requested_status, reason_enc, status, team_id, primary_agent_id, score_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
        [
          tenantId,
          id,
          d.interactionId,
          d.criterionId,
          ctx.actor.id,
          finding.status,
          d.requestedStatus,
          this.sql.crypto.seal(
            { tenantId, table: 'finding_disputes', rowId: id, field: 'reason_enc' },
            d.reason,
          ),
          row.team_id,
          row.primary_agent_id,
          card.score,
          now,
        ],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'review.dispute.raise', 'scorecard', d.interactionId, {
          dispute: id,
          criterionId: d.criterionId,
        }),
      );
    });
    return this.readDispute(tenantId, id);
  }

  private async readDispute(
    tenantId: string,
    id: string,
    tx: SqlExecutor = this.sql.driver,
  ): Promise<Dispute> {
    const r = await tx.get<DisputeRow>('SELECT * FROM finding_disputes WHERE tenant_id = ? AND id = ?', [
      tenantId,
      id,
    ]);
    if (!r) throw notFound('dispute');
    return this.toDispute(tenantId, r);
  }

  async decideDispute(
    ctx: AccessContext,
    tenantId: string,
    id: string,
    decision: DisputeDecision,
  ): Promise<Dispute> {
    const dd = parse(DisputeDecision, decision, 'decision');
    if (ctx.actor.tenantId !== tenantId)
      await this.sql.access.authorize(ctx, 'write', { type: 'scorecard', tenantId }, id);
    const existing = await this.sql.driver.get<DisputeRow>(
      'SELECT * FROM finding_disputes WHERE tenant_id = ? AND id = ?',
      [tenantId, id],
    );
    if (!existing) throw notFound('dispute');
    await this.sql.access.interactionRow(ctx, tenantId, existing.interaction_id, 'scorecard', 'write');
    await this.sql.crypto.load(tenantId);
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      const r = await tx.get<DisputeRow>(
        `SELECT * FROM finding_disputes WHERE tenant_id = ? AND id = ?${this.sql.driver.forUpdate}`,
        [tenantId, id],
      );
      if (!r || r.status !== 'open')
        throw new TeachbackError('STORE.CONFLICT', 'the dispute was already decided');
      let scoreAfter: number | null = null;
      if (dd.decision === 'accepted') {
        const locked = await tx.get(
          `SELECT ${CALL_FACT_COLUMNS} FROM interactions WHERE tenant_id = ? AND id = ?${this.sql.driver.forUpdate}`,
          [tenantId, r.interaction_id],
        );
        if (!locked) throw notFound('interaction');
        const before = callFactsOf(locked);
        const latest = await this.latestCard(tenantId, r.interaction_id, tx);
        const overridden = overrideFinding(
          latest.card,
          r.criterion_id,
          r.requested_status as FindingStatus,
          `Overridden by ${ctx.actor.id} after a dispute`,
        );
        const version = latest.version + 1;
        // The new version keeps the machine version's content hash: a re-sync that brings the same
        // machine result again is "unchanged" and does not silently undo the override.
        await writeScorecard(
          this.sql,
          tx,
          { tenantId, interactionId: r.interaction_id, version, now },
          overridden,
          latest.coaching,
          latest.contentHash,
        );
        await updateScoreSummary(
          tx,
          tenantId,
          r.interaction_id,
          overridden,
          version,
          before.escalations,
          now,
        );
        await moveCallDaily(tx, tenantId, [
          [
            before,
            {
              ...before,
              score: overridden.score,
              compliant: overridden.compliant,
              needsReview: overridden.needsReview,
            },
          ],
        ]);
        await indexCriteria(tx, tenantId, r.interaction_id, overridden);
        scoreAfter = overridden.score;
        await this.sql.audit.appendTx(
          tx,
          auditEvent(ctx, 'scorecard.override', 'scorecard', r.interaction_id, {
            dispute: id,
            criterionId: r.criterion_id,
            machineStatus: r.machine_status,
            status: r.requested_status,
            fromVersion: latest.version,
            toVersion: version,
            scoreBefore: latest.card.score,
            scoreAfter: overridden.score,
          }),
        );
      }
      await tx.run(
        'UPDATE finding_disputes SET status = ?, decided_by = ?, decided_at = ?, note_enc = ?, score_after = ? WHERE tenant_id = ? AND id = ?',
        [
          dd.decision,
          ctx.actor.id,
          now,
          dd.note
            ? this.sql.crypto.seal(
                { tenantId, table: 'finding_disputes', rowId: id, field: 'note_enc' },
                dd.note,
              )
            : null,
          scoreAfter,
          tenantId,
          id,
        ],
      );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'review.dispute.decide', 'scorecard', r.interaction_id, {
          dispute: id,
          decision: dd.decision,
        }),
      );
    });
    return this.readDispute(tenantId, id);
  }

  async listDisputes(
    ctx: AccessContext,
    tenantId: string,
    filter: { interactionId?: string; status?: Dispute['status'] },
  ): Promise<Dispute[]> {
    const scope = await this.scope(ctx, tenantId, 'read', 'scorecard');
    await this.sql.crypto.load(tenantId);
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    this.scopeWhere(ctx, scope, where, params);
    if (filter.interactionId) {
      where.push('interaction_id = ?');
      params.push(filter.interactionId);
    }
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    const rows = await this.sql.driver.all<DisputeRow>(
      `SELECT * FROM finding_disputes WHERE ${where.join(' AND ')} ORDER BY created_at DESC LIMIT 500`,
      params,
    );
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.read', 'scorecard', filter.interactionId ?? null, { disputes: rows.length }),
    );
    return rows.map((r) => this.toDispute(tenantId, r));
  }

  async submitCalibration(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
    input: CalibrationInput,
  ): Promise<CalibrationView> {
    const c = parse(CalibrationInput, input, 'calibration');
    const row = await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'scorecard', 'write');
    await this.sql.crypto.load(tenantId);
    const { card } = await this.latestCard(tenantId, interactionId);
    const machine = new Map(card.findings.map((f) => [f.criterionId, f.status]));
    for (const m of c.marks)
      if (!machine.has(m.criterionId))
        throw new TeachbackError(
          'REVIEW.INVALID',
          `marks: criterion ${m.criterionId} is not on this call's playbook`,
          { details: { field: 'marks' } },
        );
    const now = this.sql.now();
    await this.sql.driver.transaction(async (tx) => {
      await tx.run(
        'DELETE FROM calibration_marks WHERE tenant_id = ? AND interaction_id = ? AND reviewer = ?',
        [tenantId, interactionId, ctx.actor.id],
      );
      for (const m of c.marks)
        await tx.run(
          'INSERT INTO calibration_marks (tenant_id, interaction_id, reviewer, criterion_id, status, machine_status, team_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [
            tenantId,
            interactionId,
            ctx.actor.id,
            m.criterionId,
            m.status,
            machine.get(m.criterionId)!,
            row.team_id,
            now,
          ],
        );
      await this.sql.audit.appendTx(
        tx,
        auditEvent(ctx, 'review.calibration.submit', 'scorecard', interactionId, { marks: c.marks.length }),
      );
    });
    return this.readCalibration(ctx, tenantId, interactionId);
  }

  async readCalibration(
    ctx: AccessContext,
    tenantId: string,
    interactionId: string,
  ): Promise<CalibrationView> {
    await this.sql.access.interactionRow(ctx, tenantId, interactionId, 'scorecard', 'read');
    const rows = await this.sql.driver.all<{
      reviewer: string;
      criterion_id: string;
      status: string;
      machine_status: string;
    }>(
      'SELECT reviewer, criterion_id, status, machine_status FROM calibration_marks WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, interactionId],
    );
    const reviewers = new Set(rows.map((r) => r.reviewer));
    // Blind: nobody sees others' marks (or the agreement) before their own are in.
    if (!reviewers.has(ctx.actor.id)) return { state: 'blind', submitted: false, reviewers: reviewers.size };
    const machine = new Map(rows.map((r) => [r.criterion_id, r.machine_status as FindingStatus]));
    return {
      state: 'open',
      submitted: true,
      ...calibrationAgreement(
        rows.map((r) => ({
          reviewer: r.reviewer,
          criterionId: r.criterion_id,
          status: r.status as FindingStatus,
        })),
        machine,
      ),
    };
  }

  async saveView(ctx: AccessContext, tenantId: string, input: SavedViewInput): Promise<SavedView> {
    const v = parse(SavedViewInput, input, 'view');
    await this.scope(ctx, tenantId, 'search', 'interaction');
    const id = randomUUID();
    const now = this.sql.now();
    await this.sql.driver.run(
      'INSERT INTO saved_views (tenant_id, owner, id, name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [tenantId, ctx.actor.id, id, v.name, JSON.stringify({ filter: v.filter, sort: v.sort ?? null }), now],
    );
    return { id, name: v.name, filter: v.filter, sort: v.sort ?? null, createdAt: now };
  }

  async listViews(ctx: AccessContext, tenantId: string): Promise<SavedView[]> {
    await this.scope(ctx, tenantId, 'search', 'interaction');
    const rows = await this.sql.driver.all<{ id: string; name: string; body: string; created_at: string }>(
      'SELECT id, name, body, created_at FROM saved_views WHERE tenant_id = ? AND owner = ? ORDER BY name, id',
      [tenantId, ctx.actor.id],
    );
    return rows.map((r) => {
      const body = JSON.parse(r.body) as { filter: CallSearch; sort: CallSort | null };
      return { id: r.id, name: r.name, filter: body.filter, sort: body.sort, createdAt: r.created_at };
    });
  }

  async dashboard(ctx: AccessContext, tenantId: string, query: DashboardQuery): Promise<Dashboard> {
    const q = parse(DashboardQuery, query, 'dashboard');
    const scope = await this.scope(ctx, tenantId, 'search', 'interaction');
    const db = this.sql.driver;
    // The period's figures per day, agent, team and queue, in one statement.
    const sums = await this.callSums(ctx, scope, tenantId, q);
    const byDay = new Map<string, Acc>();
    const agents = new Map<string, Acc>();
    const teams = new Map<string, Acc>();
    const queues = new Map<string, Acc>();
    for (const c of sums) {
      if (Number(c.calls) === 0) continue; // roll-up cells whose calls all moved away
      if (c.dim === 'd') add(byDay, String(c.d), c);
      else {
        if (c.agent_id !== '') add(agents, String(c.agent_id), c);
        if (c.team_id !== '') add(teams, String(c.team_id), c);
        if (c.queue_name !== '') add(queues, String(c.queue_name), c);
      }
    }
    const byAgent = groups(agents);
    const byTeam = groups(teams);
    const byQueue = groups(queues);

    const crit = q.queue
      ? await this.criteriaFromCalls(ctx, scope, tenantId, q)
      : await this.criteriaFromRollup(ctx, scope, tenantId, q);
    const criteria: CriterionRow[] = crit
      .map((r) => ({
        criterionId: String(r.criterion_id),
        category: String(r.category),
        applicable: Number(r.applicable),
        missed: Number(r.missed),
        missRate: Number(r.applicable) === 0 ? 0 : Number(r.missed) / Number(r.applicable),
      }))
      .filter((r) => r.applicable > 0)
      .sort(
        (a, b) =>
          b.missRate - a.missRate || b.missed - a.missed || a.criterionId.localeCompare(b.criterionId),
      );
    const adherence = criteria.filter((c) => c.category === 'adherence');
    const adhApplicable = adherence.reduce((s, c) => s + c.applicable, 0);
    // The backlog has no period: the all-time roll-up cells within the scope and the narrowing.
    const bw = ['tenant_id = ?', 'day = ?'];
    const bp: SqlValue[] = [tenantId, ALL_DAYS];
    rollupWhere(ctx, scope, q, bw, bp, 'agent_id');
    const backlog = await db.get(
      `SELECT SUM(needs_review) AS n FROM call_daily WHERE ${bw.join(' AND ')}`,
      bp,
    );
    const dw = ['tenant_id = ?', "status = 'open'"];
    const dp: SqlValue[] = [tenantId];
    this.scopeWhere(ctx, scope, dw, dp);
    const disputes = await db.get(`SELECT COUNT(*) AS n FROM finding_disputes WHERE ${dw.join(' AND ')}`, dp);
    const kw = ['tenant_id = ?', 'created_at >= ?', 'created_at < ?'];
    const kp: SqlValue[] = [tenantId, iso(q.from), iso(q.to)];
    if (scope === 'team') inList(kw, kp, 'team_id', ctx.actor.teamIds);
    if (q.teamId) cond(kw, kp, 'team_id = ?', q.teamId);
    const agree =
      scope === 'own'
        ? undefined
        : await db.get(
            `SELECT COUNT(*) AS n, SUM(CASE WHEN status = machine_status THEN 1 ELSE 0 END) AS same FROM calibration_marks WHERE ${kw.join(' AND ')}`,
            kp,
          );
    await this.sql.audit.append(
      auditEvent(ctx, 'phi.search', 'interaction', null, { view: 'dashboard', scope }),
    );
    return {
      trend: bucketTrend(byDay, q.bucket ?? 'day'),
      byAgent,
      byTeam,
      byQueue,
      criteria,
      playbookAdherence:
        adhApplicable === 0 ? null : 1 - adherence.reduce((s, c) => s + c.missed, 0) / adhApplicable,
      needsReviewBacklog: Number(backlog?.n ?? 0),
      openDisputes: Number(disputes?.n ?? 0),
      machineHumanAgreement: agree && Number(agree.n) > 0 ? Number(agree.same) / Number(agree.n) : null,
    };
  }

  /**
   * The call figures of [from, to): per day (dim 'd', key `d`) and per team, agent and queue
   * together (dim 'c'; '' for none), in one statement. The whole UTC days come from the roll-up
   * (call_daily: the trend from day cells, the breakdowns from the week cells of the whole ISO
   * weeks and the day cells around them), the partial days at either end from the calls
   * themselves, so the answer is exact for any bounds and a 30-day dashboard reads at most two days
   * of calls. Summed in SQL: a month of cells is thousands of rows, these sums a few hundred. Two
   * groupings, not four: the day one follows the roll-up's key order (no sort on SQLite), and
   * agents, teams and queues are summed here from the one (team, agent, queue) grouping; on
   * PostgreSQL a partial day's scan makes both at once (GROUPING SETS).
   */
  private async callSums(ctx: AccessContext, scope: Scope, tenantId: string, q: ParsedDashboard) {
    const from = iso(q.from);
    const to = iso(q.to);
    const firstWhole = ceilDay(from);
    const endWhole = floorDay(to);
    const parts: string[] = [];
    const params: SqlValue[] = [];
    const sums = (calls: string, scored: string, compliant: string, scoreSum: string, esc: string) =>
      `SUM(${calls}) AS calls, SUM(${scored}) AS scored, SUM(${compliant}) AS compliant, SUM(${scoreSum}) AS score_sum, SUM(${esc}) AS esc`;
    const both = (source: string, where: string[], p: SqlValue[], day: string, agent: string, s: string) => {
      const W = where.join(' AND ');
      const k = (c: string) => `COALESCE(${c}, '')`;
      if (this.sql.driver.kind === 'postgres') {
        // One scan, two hash aggregates.
        parts.push(
          `SELECT CASE WHEN GROUPING(${day}) = 0 THEN 'd' ELSE 'c' END AS dim, ${k(day)} AS d, ${k('team_id')} AS team_id, ${k(agent)} AS agent_id, ${k('queue_name')} AS queue_name, ${s} FROM ${source} WHERE ${W} GROUP BY GROUPING SETS ((${day}), (team_id, ${agent}, queue_name))`,
        );
        params.push(...p);
        return;
      }
      parts.push(
        `SELECT 'd' AS dim, ${day} AS d, '' AS team_id, '' AS agent_id, '' AS queue_name, ${s} FROM ${source} WHERE ${W} GROUP BY ${day}`,
        `SELECT 'c' AS dim, '' AS d, ${k('team_id')} AS team_id, ${k(agent)} AS agent_id, ${k('queue_name')} AS queue_name, ${s} FROM ${source} WHERE ${W} GROUP BY team_id, ${agent}, queue_name`,
      );
      params.push(...p, ...p);
    };
    const scan = (lo: string, hi: string) => {
      const w = ['tenant_id = ?', 'occurred_at >= ?', 'occurred_at < ?'];
      const p: SqlValue[] = [tenantId, lo, hi];
      rollupWhere(ctx, scope, q, w, p, 'primary_agent_id');
      const s = sums(
        '1',
        'CASE WHEN score IS NULL THEN 0 ELSE 1 END',
        'CASE WHEN compliant = 1 THEN 1 ELSE 0 END',
        'COALESCE(score, 0)',
        'escalation_count',
      );
      both('interactions', w, p, 'substr(occurred_at, 1, 10)', 'primary_agent_id', s);
    };
    if (firstWhole >= endWhole) {
      if (from < to) scan(from, to);
    } else {
      if (from < firstWhole) scan(from, firstWhole);
      if (endWhole < to) scan(endWhole, to);
      const rollupSums = sums('calls', 'scored', 'compliant', 'score_sum', 'escalations');
      const cells = (lo: string, hi: string) => {
        const w = ['tenant_id = ?', 'day >= ?', 'day < ?'];
        const p: SqlValue[] = [tenantId, lo, hi];
        rollupWhere(ctx, scope, q, w, p, 'agent_id');
        params.push(...p);
        return `SELECT day, team_id, agent_id, queue_name, calls, scored, compliant, score_sum, escalations FROM call_daily WHERE ${w.join(' AND ')}`;
      };
      const day0 = firstWhole.slice(0, 10);
      const day1 = endWhole.slice(0, 10);
      // The trend: the day cells.
      parts.push(
        `SELECT 'd' AS dim, day AS d, '' AS team_id, '' AS agent_id, '' AS queue_name, ${rollupSums} FROM (${cells(day0, day1)}) x GROUP BY day`,
      );
      // The breakdowns: the whole ISO weeks inside from their week cells, the days around them
      // from day cells.
      const breakdownCells = wholeWeeks(day0, day1)
        .map(([lo, hi]) => cells(lo, hi))
        .join(' UNION ALL ');
      parts.push(
        `SELECT 'c' AS dim, '' AS d, team_id, agent_id, queue_name, ${rollupSums} FROM (${breakdownCells}) x GROUP BY team_id, agent_id, queue_name`,
      );
    }
    if (parts.length === 0) return [];
    return this.sql.driver.all(parts.join(' UNION ALL '), params);
  }

  /**
   * Per-criterion counts from the daily roll-up: whole UTC days from `from`'s day up to the day
   * before `to` (or `to`'s day when `to` is not midnight), within the caller's scope; whole ISO
   * weeks from their week cells.
   */
  private async criteriaFromRollup(ctx: AccessContext, scope: Scope, tenantId: string, q: ParsedDashboard) {
    const day0 = iso(q.from).slice(0, 10);
    const day1 = addDays(lastDay(q.to), 1);
    const params: SqlValue[] = [];
    const cells = (lo: string, hi: string) => {
      const w = ['tenant_id = ?', 'day >= ?', 'day < ?'];
      const p: SqlValue[] = [tenantId, lo, hi];
      if (scope === 'team') inList(w, p, 'team_id', ctx.actor.teamIds);
      if (scope === 'own') inList(w, p, 'agent_id', [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
      if (q.teamId) cond(w, p, 'team_id = ?', q.teamId);
      if (q.agentId) cond(w, p, 'agent_id = ?', q.agentId);
      params.push(...p);
      return `SELECT criterion_id, category, applicable, missed FROM criterion_daily WHERE ${w.join(' AND ')}`;
    };
    const parts = wholeWeeks(day0, day1).map(([lo, hi]) => cells(lo, hi));
    if (parts.length === 0) return [];
    return this.sql.driver.all(
      `SELECT criterion_id, category, SUM(applicable) AS applicable, SUM(missed) AS missed FROM (${parts.join(' UNION ALL ')}) x GROUP BY criterion_id, category`,
      params,
    );
  }

  /**
   * The same counts from the criterion rows themselves, for a queue (the roll-up has no queue).
   * A criterion row carries its call's occurred_at (re-keyed with it, `reindexCriteria`), so the
   * period on the call reaches the queue's calls of the period by `interactions_queue` and their
   * criteria by primary key (there is no index by period on the criteria: migration 14).
   */
  private async criteriaFromCalls(ctx: AccessContext, scope: Scope, tenantId: string, q: ParsedDashboard) {
    const w = [
      'i.tenant_id = ?',
      'i.queue_name = ?',
      'i.occurred_at >= ?',
      'i.occurred_at < ?',
      'c.tenant_id = i.tenant_id',
      'c.occurred_at >= ?',
      'c.occurred_at < ?',
      "c.status IN ('met', 'missed')",
    ];
    const p: SqlValue[] = [tenantId, q.queue!, iso(q.from), iso(q.to), iso(q.from), iso(q.to)];
    this.scopeWhere(ctx, scope, w, p, 'c.');
    if (q.teamId) cond(w, p, 'c.team_id = ?', q.teamId);
    if (q.agentId) cond(w, p, 'c.primary_agent_id = ?', q.agentId);
    return this.sql.driver.all(
      `SELECT c.criterion_id, c.category, COUNT(*) AS applicable, SUM(CASE WHEN c.status = 'missed' THEN 1 ELSE 0 END) AS missed FROM interaction_criteria c JOIN interactions i ON i.tenant_id = c.tenant_id AND i.id = c.interaction_id WHERE ${w.join(' AND ')} GROUP BY c.criterion_id, c.category`,
      p,
    );
  }
}

type ParsedDashboard = z.output<typeof DashboardQuery>;

const DAY_MS = 86_400_000;

/**
 * The roll-up key ranges covering the days [day0, day1): the whole ISO weeks inside as one range of
 * week cells ('W' + Monday), the days before and after them as ranges of day cells; empty ranges
 * left out.
 */
function wholeWeeks(day0: string, day1: string): Array<[string, string]> {
  if (day0 >= day1) return [];
  const mon0 = mondayOf(day0) === day0 ? day0 : addDays(mondayOf(day0), 7);
  const mon1 = mondayOf(day1);
  const ranges: Array<[string, string]> =
    mon0 < mon1
      ? [
          [day0, mon0],
          [weekKey(mon0), weekKey(mon1)],
          [mon1, day1],
        ]
      : [[day0, day1]];
  return ranges.filter(([lo, hi]) => lo < hi);
}

/** A YYYY-MM-DD day `n` days later. */
function addDays(day: string, n: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}

/** Midnight UTC at or after an ISO instant. */
function ceilDay(at: string): string {
  const t = new Date(at).getTime();
  return new Date(Math.ceil(t / DAY_MS) * DAY_MS).toISOString();
}

/** Midnight UTC at or before an ISO instant. */
function floorDay(at: string): string {
  const t = new Date(at).getTime();
  return new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString();
}

/**
 * The caller's scope and the dashboard's narrowing (team, agent, queue) on call_daily (or on
 * `interactions` with `agentCol` primary_agent_id); '' never matches a real team, agent or queue.
 */
function rollupWhere(
  ctx: AccessContext,
  scope: Scope,
  q: ParsedDashboard,
  w: string[],
  p: SqlValue[],
  agentCol: 'agent_id' | 'primary_agent_id',
): void {
  if (scope === 'team') inList(w, p, 'team_id', ctx.actor.teamIds);
  if (scope === 'own') inList(w, p, agentCol, [...new Set([ctx.actor.id, ...ctx.actor.agentIds])]);
  if (q.teamId) cond(w, p, 'team_id = ?', q.teamId);
  if (q.agentId) cond(w, p, `${agentCol} = ?`, q.agentId);
  if (q.queue) cond(w, p, 'queue_name = ?', q.queue);
}

/** The last whole day a half-open range [from, to) touches. */
function lastDay(to: string): string {
  return new Date(new Date(to).getTime() - 1).toISOString().slice(0, 10);
}

interface Acc {
  calls: number;
  scored: number;
  compliant: number;
  scoreSum: number;
  esc: number;
}

function add(m: Map<string, Acc>, key: string, c: Row): void {
  const a = m.get(key) ?? { calls: 0, scored: 0, compliant: 0, scoreSum: 0, esc: 0 };
  a.calls += Number(c.calls);
  a.scored += Number(c.scored);
  a.compliant += Number(c.compliant ?? 0);
  a.scoreSum += Number(c.score_sum ?? 0);
  a.esc += Number(c.esc ?? 0);
  m.set(key, a);
}

/** Lowest average score first, at most 50. */
function groups(m: Map<string, Acc>): GroupRow[] {
  return [...m]
    .map(([key, a]) => ({
      key,
      calls: a.calls,
      complianceRate: a.scored === 0 ? null : a.compliant / a.scored,
      averageScore: a.scored === 0 ? null : Math.round((a.scoreSum / a.scored) * 10) / 10,
    }))
    .sort((x, y) => (x.averageScore ?? 101) - (y.averageScore ?? 101) || x.key.localeCompare(y.key))
    .slice(0, 50);
}

/** Monday of the ISO week of a YYYY-MM-DD day. */
function weekOf(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

function bucketTrend(byDay: Map<string, Acc>, bucket: 'day' | 'week'): TrendPoint[] {
  const acc = new Map<string, Acc>();
  for (const [day, a] of byDay) {
    const key = bucket === 'week' ? weekOf(day) : day;
    const b = acc.get(key) ?? { calls: 0, scored: 0, compliant: 0, scoreSum: 0, esc: 0 };
    b.calls += a.calls;
    b.scored += a.scored;
    b.compliant += a.compliant;
    b.scoreSum += a.scoreSum;
    b.esc += a.esc;
    acc.set(key, b);
  }
  return [...acc]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([key, a]) => ({
      bucket: key,
      calls: a.calls,
      scored: a.scored,
      complianceRate: a.scored === 0 ? null : a.compliant / a.scored,
      averageScore: a.scored === 0 ? null : Math.round((a.scoreSum / a.scored) * 10) / 10,
      escalations: a.esc,
    }));
}

/** Adds one condition and its value. */
function cond(where: string[], params: SqlValue[], sql: string, value: SqlValue): void {
  where.push(sql);
  params.push(value);
}

/** The call list's filters as SQL on `interactions i`. */
function callWhere(f: CallSearch, tenantId: string, where: string[], params: SqlValue[]): void {
  const eq = (col: string, v: SqlValue | undefined) => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('i.primary_agent_id', f.agentId);
  eq('i.team_id', f.teamId);
  eq('i.queue_name', f.queue);
  eq('i.channel', f.channel);
  eq('i.platform', f.platform);
  eq('i.review_call_type', f.callType);
  eq('i.compliant', f.compliant === undefined ? undefined : b(f.compliant));
  eq('i.needs_review', f.needsReview === undefined ? undefined : b(f.needsReview));
  if (f.hasEscalation !== undefined)
    where.push(f.hasEscalation ? 'i.escalation_count > 0' : 'i.escalation_count = 0');
  if (f.scoreMin !== undefined) cond(where, params, 'i.score >= ?', f.scoreMin);
  if (f.scoreMax !== undefined) cond(where, params, 'i.score <= ?', f.scoreMax);
  if (f.from) cond(where, params, 'i.occurred_at >= ?', iso(f.from));
  if (f.to) cond(where, params, 'i.occurred_at < ?', iso(f.to));
  if (f.criterionMissed) {
    where.push(
      "EXISTS (SELECT 1 FROM interaction_criteria c WHERE c.tenant_id = i.tenant_id AND c.interaction_id = i.id AND c.criterion_id = ? AND c.status = 'missed')",
    );
    params.push(f.criterionMissed);
  }
  if (f.disputed !== undefined) {
    where.push(
      `${f.disputed ? '' : 'NOT '}EXISTS (SELECT 1 FROM finding_disputes d WHERE d.tenant_id = ? AND d.interaction_id = i.id AND d.status = 'open')`,
    );
    params.push(tenantId);
  }
}
