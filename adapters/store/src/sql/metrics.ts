import {
  emptySums,
  handleTimeOf,
  wasAbandoned,
  weekOf,
  type AccessContext,
  type MetricSumsRow,
  type MetricsQuery,
  type MetricsStore,
} from '@teachback/core';
import { insertRows } from './bulk-insert';
import type { SqlContext } from './context';
import type { Row, SqlExecutor, SqlValue } from './driver';
import {
  factRowOf,
  rebuildDirty,
  RollupDelta,
  cellShard,
  sumsFromRollups,
  wholeDays,
  type FactRow,
  type SurveySums,
} from './metric-rollups';
import { b } from './rows';
import type { ParsedRecord } from './validation';

const DAY_MS = 86_400_000;

/**
 * The person FCR and follow-ups follow, by the timeline's precedence: a CRM id, else a member id
 * (as a keyed blind-index digest, never plaintext), else the store's resolved contact. The store's
 * contact merges everyone reachable on one identifier (a household landline); the stronger ids
 * keep household members apart.
 */
export function personKeyOf(
  sql: SqlContext,
  tenantId: string,
  i: ParsedRecord['interaction'],
  contactId: string | null,
): string | null {
  if (i.contact?.crmId) return `crm:${sql.crypto.index(tenantId, 'crm', i.contact.crmId)}`;
  if (i.contact?.memberId) return `member:${sql.crypto.index(tenantId, 'member', i.contact.memberId)}`;
  return contactId;
}

const FACT_COLUMNS =
  'interaction_id, started_ms, day, week, channel, agent_id, team_id, queue, call_type, contact_id, disposition, stage, abandoned, wait_ms, handle_ms, hold_ms, held, transfers, scored, compliant, adh_met, adh_applicable, next_same_ms';

type FactTarget = { id: string; agentIds: string[]; teamId: string | null; contactId: string | null };

/** The facts row of one record; without a scorecard the score columns keep what `old` had. */
function factRowFor(t: FactTarget, rec: ParsedRecord, old: FactRow | undefined): FactRow {
  const i = rec.interaction;
  const cc = i.contactCenter;
  const startedMs = Date.parse(i.startedAt ?? new Date().toISOString());
  const startedIso = new Date(startedMs).toISOString();
  const abandoned = wasAbandoned(cc);
  const handle = handleTimeOf(cc);
  const held = cc?.holdMs === undefined ? null : b(cc.holdMs > 0 || (cc.holdCount ?? 0) > 0);
  const card = rec.scorecard;
  let adhMet = 0;
  let adhApplicable = 0;
  for (const f of card?.findings ?? []) {
    if (f.category !== 'adherence' || f.status === 'not_applicable') continue;
    adhApplicable++;
    if (f.status === 'met') adhMet++;
  }
  return {
    started_ms: startedMs,
    day: startedIso.slice(0, 10),
    week: weekOf(startedIso),
    channel: i.channel,
    agent_id: t.agentIds[0] ?? null,
    team_id: t.teamId,
    queue: i.queue?.name ?? i.queue?.id ?? null,
    call_type: i.callType ?? null,
    contact_id: t.contactId,
    disposition: i.disposition ?? i.wrapUp?.name ?? i.wrapUp?.code ?? null,
    stage: cc?.stage ?? null,
    abandoned: abandoned === undefined ? null : b(abandoned),
    wait_ms: cc?.waitMs ?? null,
    handle_ms: handle ?? null,
    hold_ms: cc?.holdMs ?? null,
    held,
    transfers: cc?.transfers ?? null,
    scored: card ? 1 : (old?.scored ?? 0),
    compliant: card ? b(card.compliant) : (old?.compliant ?? null),
    adh_met: card ? adhMet : (old?.adh_met ?? 0),
    adh_applicable: card ? adhApplicable : (old?.adh_applicable ?? 0),
    next_same_ms: null,
  };
}

/** The `interaction_facts` columns a row is inserted with, in `INSERT_COLUMNS` order. */
function factValues(tenantId: string, id: string, row: FactRow): SqlValue[] {
  return [
    tenantId,
    id,
    row.started_ms,
    row.day,
    row.week,
    row.channel,
    row.agent_id,
    row.team_id,
    row.queue,
    row.call_type,
    row.contact_id,
    row.disposition,
    row.stage,
    row.abandoned,
    row.wait_ms,
    row.handle_ms,
    row.hold_ms,
    row.held,
    row.transfers,
    row.scored,
    row.compliant,
    row.adh_met,
    row.adh_applicable,
  ];
}
const INSERT_COLUMNS =
  'tenant_id, interaction_id, started_ms, day, week, channel, agent_id, team_id, queue, call_type, contact_id, disposition, stage, abandoned, wait_ms, handle_ms, hold_ms, held, transfers, scored, compliant, adh_met, adh_applicable';
const FACT_INSERT_COLUMNS = [...INSERT_COLUMNS.split(', '), 'next_same_ms'];

/**
 * Writes the metrics row of one interaction inside its save transaction. The score columns are
 * only rewritten when the save carries a scorecard, so re-ingesting a call without its score
 * keeps the score the facts already have. The FCR thread (same contact, same call type) is kept
 * linked: this row's next contact and its predecessor's are recomputed, in the old thread too
 * when the contact, call type or start changed. The day cells (metric-rollups.ts) follow by
 * difference: every row this save changed is subtracted as it was and added as it is, into
 * `delta`; when the caller passes none, they are written here in one upsert, else the caller
 * flushes once for its whole batch.
 */
export async function writeMetricFacts(
  tx: SqlExecutor,
  t: { tenantId: string; id: string; agentIds: string[]; teamId: string | null; contactId: string | null },
  rec: ParsedRecord,
  batch?: RollupDelta,
): Promise<void> {
  const delta = batch ?? new RollupDelta();
  const oldRow = await tx.get(
    `SELECT ${FACT_COLUMNS} FROM interaction_facts WHERE tenant_id = ? AND interaction_id = ?`,
    [t.tenantId, t.id],
  );
  const old = oldRow ? factRowOf(oldRow) : undefined;
  const row = factRowFor(t, rec, old);
  const startedMs = row.started_ms;
  const callType = row.call_type;
  const values = factValues(t.tenantId, t.id, row);
  await tx.run(
    `INSERT INTO interaction_facts (${INSERT_COLUMNS}) VALUES (${values.map(() => '?').join(', ')})
     ON CONFLICT (tenant_id, interaction_id) DO UPDATE SET started_ms = excluded.started_ms, day = excluded.day, week = excluded.week, channel = excluded.channel, agent_id = excluded.agent_id, team_id = excluded.team_id, queue = excluded.queue, call_type = excluded.call_type, contact_id = excluded.contact_id, disposition = excluded.disposition, stage = excluded.stage, abandoned = excluded.abandoned, wait_ms = excluded.wait_ms, handle_ms = excluded.handle_ms, hold_ms = excluded.hold_ms, held = excluded.held, transfers = excluded.transfers, scored = excluded.scored, compliant = excluded.compliant, adh_met = excluded.adh_met, adh_applicable = excluded.adh_applicable`,
    values,
  );
  row.next_same_ms = await relinkThread(tx, delta, t.tenantId, t.contactId, callType, startedMs, t.id, true);
  if (old && (old.contact_id !== t.contactId || old.call_type !== callType || old.started_ms !== startedMs))
    await relinkThread(tx, delta, t.tenantId, old.contact_id, old.call_type, old.started_ms, t.id, false);
  // The interaction's survey answers move with it only when its day or a grouping key changed.
  const moved =
    old !== undefined &&
    (old.day !== row.day ||
      old.agent_id !== row.agent_id ||
      old.team_id !== row.team_id ||
      old.queue !== row.queue ||
      old.call_type !== row.call_type ||
      old.channel !== row.channel);
  const surveys = moved ? await surveySumsOf(tx, t.tenantId, t.id) : undefined;
  if (old) delta.add(old, -1, surveys);
  delta.add(row, 1, surveys);
  if (!batch) await delta.flush(tx, t.tenantId);
}

async function surveySumsOf(tx: SqlExecutor, tenantId: string, id: string): Promise<SurveySums> {
  const r = await tx.get(
    'SELECT SUM(csat_answers) AS ca, SUM(csat_satisfied) AS cs, SUM(nps_promoters) AS np, SUM(nps_passives) AS npa, SUM(nps_detractors) AS nd FROM survey_responses WHERE tenant_id = ? AND interaction_id = ?',
    [tenantId, id],
  );
  return {
    csat_answers: Number(r?.ca ?? 0),
    csat_satisfied: Number(r?.cs ?? 0),
    nps_promoters: Number(r?.np ?? 0),
    nps_passives: Number(r?.npa ?? 0),
    nps_detractors: Number(r?.nd ?? 0),
  };
}

/**
 * Recomputes `next_same_ms` of the row just before (ms, id) in the thread (contact, call type),
 * with its change into `delta`, and, when `self`, of the row (ms, id) itself: returns that value
 * (null when the row has no thread or `self` is false).
 */
async function relinkThread(
  tx: SqlExecutor,
  delta: RollupDelta,
  tenantId: string,
  contactId: string | null,
  callType: string | null,
  ms: number,
  id: string,
  self: boolean,
): Promise<number | null> {
  if (contactId === null || callType === null) {
    if (self)
      await tx.run(
        'UPDATE interaction_facts SET next_same_ms = NULL WHERE tenant_id = ? AND interaction_id = ?',
        [tenantId, id],
      );
    return null;
  }
  const thread = [tenantId, contactId, callType];
  const nextAfter = async (at: number, after: string): Promise<number | null> => {
    const next = await tx.get<{ started_ms: number | string }>(
      'SELECT started_ms FROM interaction_facts WHERE tenant_id = ? AND contact_id = ? AND call_type = ? AND (started_ms > ? OR (started_ms = ? AND interaction_id > ?)) ORDER BY started_ms, interaction_id LIMIT 1',
      [...thread, at, at, after],
    );
    return next ? Number(next.started_ms) : null;
  };
  const set = (next: number | null, rowId: string) =>
    tx.run('UPDATE interaction_facts SET next_same_ms = ? WHERE tenant_id = ? AND interaction_id = ?', [
      next,
      tenantId,
      rowId,
    ]);
  const prevRow = await tx.get(
    `SELECT ${FACT_COLUMNS} FROM interaction_facts WHERE tenant_id = ? AND contact_id = ? AND call_type = ? AND (started_ms < ? OR (started_ms = ? AND interaction_id < ?)) ORDER BY started_ms DESC, interaction_id DESC LIMIT 1`,
    [...thread, ms, ms, id],
  );
  if (prevRow) {
    const prev = factRowOf(prevRow);
    const next = await nextAfter(prev.started_ms, String(prevRow.interaction_id));
    if (next !== prev.next_same_ms) {
      await set(next, String(prevRow.interaction_id));
      delta.add(prev, -1);
      delta.add({ ...prev, next_same_ms: next }, 1);
    }
  }
  if (!self) return null;
  const next = await nextAfter(ms, id);
  await set(next, id);
  return next;
}

const GROUP_COLUMN: Record<MetricsQuery['by'], string> = {
  agent: 'f.agent_id',
  team: 'f.team_id',
  queue: 'f.queue',
  'call-type': 'f.call_type',
  channel: 'f.channel',
  all: "'all'",
};
const PERIOD_COLUMN: Record<MetricsQuery['period'], string> = { day: 'f.day', week: 'f.week', all: "'all'" };

/** Period, then key, the group lacking the key last (as core sorts; dialects order NULL differently). */
function sortRows(rows: MetricSumsRow[]): MetricSumsRow[] {
  const keyOf = (k: string | null) => (k === null ? '\uffff' : k);
  return rows.sort((x, y) =>
    x.period !== y.period ? (x.period < y.period ? -1 : 1) : keyOf(x.key) < keyOf(y.key) ? -1 : 1,
  );
}

/** The SQL twin of core's `accumulate`: the same counts, summed in one scan of the period. */
export class SqlMetrics implements MetricsStore {
  constructor(private readonly sql: SqlContext) {}

  async refresh(ctx: AccessContext, tenantId: string): Promise<{ rebuilt: number }> {
    await this.sql.access.authorize(ctx, 'read', { type: 'metrics', tenantId }, null);
    return { rebuilt: await rebuildDirty(this.sql.driver, tenantId) };
  }

  async sums(ctx: AccessContext, tenantId: string, q: MetricsQuery): Promise<MetricSumsRow[]> {
    await this.sql.access.authorize(ctx, 'read', { type: 'metrics', tenantId }, null);
    const windowMs = (q.fcrWindowDays ?? 7) * DAY_MS;
    const asOf = Date.parse(q.asOf ?? this.sql.now());
    const stages = q.funnelStages ?? [];
    const params: SqlValue[] = [];
    // Stage index: the platform's stage, else the disposition's mapped stage; -1 when neither.
    const stageCase = (() => {
      if (stages.length === 0) return '-1';
      const disp = Object.entries(q.dispositionStages ?? {});
      const dispCase = disp.length
        ? `CASE f.disposition ${disp.map(() => 'WHEN ? THEN ?').join(' ')} ELSE NULL END`
        : 'NULL';
      for (const [d, s] of disp) params.push(d, s);
      const idx = `CASE COALESCE(f.stage, ${dispCase}) ${stages.map(() => 'WHEN ? THEN ?').join(' ')} ELSE -1 END`;
      stages.forEach((s, i) => params.push(s, i));
      return idx;
    })();
    const handled = 'COALESCE(f.abandoned, 0) = 0';
    const sum = (cond: string, v = '1') => `SUM(CASE WHEN ${cond} THEN ${v} ELSE 0 END)`;
    const select = [
      `${GROUP_COLUMN[q.by]} AS k`,
      `${PERIOD_COLUMN[q.period]} AS p`,
      'COUNT(*) AS interactions',
      `${sum(`${handled} AND f.rep = 0`)} AS fcr_resolved`,
      `${sum(`${handled} AND f.rep IS NOT NULL`)} AS fcr_eligible`,
      `${sum('f.scored = 1')} AS scored`,
      `${sum('f.scored = 1 AND f.compliant = 1')} AS compliant`,
      `${sum('f.scored = 1', 'f.adh_met')} AS adherence_met`,
      `${sum('f.scored = 1', 'f.adh_applicable')} AS adherence_applicable`,
      `${sum('f.stage_idx >= 0')} AS stage_known`,
      ...stages.map((_, i) => `${sum(`f.stage_idx >= ${i}`)} AS stage_${i}`),
      `${sum(`${handled} AND f.handle_ms IS NOT NULL`, 'f.handle_ms')} AS handle_sum`,
      `${sum(`${handled} AND f.handle_ms IS NOT NULL`)} AS handle_count`,
      `${sum(handled)} AS handled`,
      `${sum('f.abandoned = 0 AND f.wait_ms IS NOT NULL', 'f.wait_ms')} AS wait_sum`,
      `${sum('f.abandoned = 0 AND f.wait_ms IS NOT NULL')} AS wait_count`,
      `${sum('f.abandoned = 1')} AS abandoned`,
      `${sum('f.abandoned IS NOT NULL')} AS offered`,
      `${sum(`${handled} AND f.hold_ms IS NOT NULL`, 'f.hold_ms')} AS hold_sum`,
      `${sum(`${handled} AND f.hold_ms IS NOT NULL`)} AS hold_count`,
      `${sum(`${handled} AND f.held = 1`)} AS held`,
      `${sum(`${handled} AND f.transfers > 0`)} AS transferred`,
      `${sum(`${handled} AND f.transfers IS NOT NULL`)} AS transfer_known`,
      `${sum(`${handled} AND f.transfers IS NOT NULL`, 'f.transfers')} AS transfer_count`,
    ];
    const sql = `
WITH f AS (
  SELECT f.*, ${stageCase} AS stage_idx,
    CASE WHEN f.contact_id IS NULL OR f.call_type IS NULL THEN NULL
         WHEN f.next_same_ms IS NOT NULL AND f.next_same_ms - f.started_ms <= ? THEN 1
         WHEN f.next_same_ms IS NOT NULL THEN 0
         WHEN f.started_ms + ? <= ? THEN 0
         ELSE NULL END AS rep
  FROM interaction_facts f WHERE f.tenant_id = ? AND f.started_ms >= ? AND f.started_ms < ?
)
SELECT ${select.join(',\n  ')}
FROM f
GROUP BY 1, 2
ORDER BY 2, 1`;
    params.push(windowMs, windowMs, asOf, tenantId, Date.parse(q.from), Date.parse(q.to));
    // Survey answers are few next to interactions: summed in a second, small query (index lookups
    // from each answer into its interaction) rather than joined into the scan of every interaction.
    const surveySql = `
SELECT ${GROUP_COLUMN[q.by]} AS k, ${PERIOD_COLUMN[q.period]} AS p,
  SUM(s.csat_answers) AS csat_answers, SUM(s.csat_satisfied) AS csat_satisfied,
  SUM(s.nps_promoters) AS nps_promoters, SUM(s.nps_passives) AS nps_passives, SUM(s.nps_detractors) AS nps_detractors,
  COUNT(DISTINCT CASE WHEN s.csat_answers > 0 THEN s.interaction_id END) AS csat_interactions,
  COUNT(DISTINCT CASE WHEN s.nps_promoters + s.nps_passives + s.nps_detractors > 0 THEN s.interaction_id END) AS nps_interactions
FROM survey_responses s JOIN interaction_facts f ON f.tenant_id = s.tenant_id AND f.interaction_id = s.interaction_id
WHERE s.tenant_id = ? AND f.started_ms >= ? AND f.started_ms < ?
GROUP BY 1, 2`;
    const days = wholeDays(q.from, q.to);
    if (days) return sortRows(await sumsFromRollups(this.sql.driver, tenantId, q, days, asOf));
    const [base, surveyRows] = await Promise.all([
      this.scan(sql, params, stages.length),
      this.sql.driver.all(surveySql, [tenantId, Date.parse(q.from), Date.parse(q.to)]),
    ]);
    const groupKey = (r: Row) =>
      `${String(r.p)}\u0000${r.k === null || r.k === undefined ? '\u0001' : String(r.k)}`;
    const surveys = new Map(surveyRows.map((r) => [groupKey(r), r]));
    const n = (v: unknown) => Number(v ?? 0);
    for (const r of base) {
      const sv = surveys.get(groupKey({ p: r.period, k: r.key })) ?? {};
      const sums = r.sums;
      sums.csatSatisfied = n(sv.csat_satisfied);
      sums.csatAnswers = n(sv.csat_answers);
      sums.csatMissing = sums.interactions - n(sv.csat_interactions);
      sums.npsPromoters = n(sv.nps_promoters);
      sums.npsPassives = n(sv.nps_passives);
      sums.npsDetractors = n(sv.nps_detractors);
      sums.npsMissing = sums.interactions - n(sv.nps_interactions);
    }
    return sortRows(base);
  }

  /** Every interaction of the range, scanned: for ranges that do not fall on whole UTC days. */
  private async scan(sql: string, params: SqlValue[], stageCount: number): Promise<MetricSumsRow[]> {
    const rows = await this.sql.driver.all(sql, params);
    const n = (v: unknown) => Number(v ?? 0);
    return rows.map((r) => {
      const sums = emptySums(stageCount);
      sums.interactions = n(r.interactions);
      sums.fcrResolved = n(r.fcr_resolved);
      sums.fcrEligible = n(r.fcr_eligible);
      sums.scored = n(r.scored);
      sums.compliant = n(r.compliant);
      sums.adherenceMet = n(r.adherence_met);
      sums.adherenceApplicable = n(r.adherence_applicable);
      sums.stageKnown = n(r.stage_known);
      sums.stageReached = Array.from({ length: stageCount }, (_, i) => n(r[`stage_${i}`]));
      sums.handleSum = n(r.handle_sum);
      sums.handleCount = n(r.handle_count);
      sums.handled = n(r.handled);
      sums.waitSum = n(r.wait_sum);
      sums.waitCount = n(r.wait_count);
      sums.abandoned = n(r.abandoned);
      sums.offered = n(r.offered);
      sums.holdSum = n(r.hold_sum);
      sums.holdCount = n(r.hold_count);
      sums.held = n(r.held);
      sums.transferred = n(r.transferred);
      sums.transferKnown = n(r.transfer_known);
      sums.transferCount = n(r.transfer_count);
      return { key: r.k === null || r.k === undefined ? null : String(r.k), period: String(r.p), sums };
    });
  }
}

/**
 * A survey response just stored for `interactionId`: its answers are added to the interaction's
 * cells (the interaction counts as answered once, on its first answer of each kind).
 */
export async function addSurveyToRollups(
  tx: SqlExecutor,
  tenantId: string,
  interactionId: string,
  surveyId: string,
  counts: SurveySums,
): Promise<void> {
  const fact = await tx.get(
    `SELECT ${FACT_COLUMNS} FROM interaction_facts WHERE tenant_id = ? AND interaction_id = ?`,
    [tenantId, interactionId],
  );
  if (!fact) return;
  const before = await tx.get(
    'SELECT COALESCE(SUM(csat_answers), 0) AS ca, COALESCE(SUM(nps_promoters + nps_passives + nps_detractors), 0) AS na FROM survey_responses WHERE tenant_id = ? AND interaction_id = ? AND id <> ?',
    [tenantId, interactionId, surveyId],
  );
  const nps = counts.nps_promoters + counts.nps_passives + counts.nps_detractors;
  const delta = new RollupDelta();
  delta.addSurvey(factRowOf(fact), {
    csat_answers: counts.csat_answers,
    csat_satisfied: counts.csat_satisfied,
    csat_interactions: Number(before?.ca ?? 0) === 0 && counts.csat_answers > 0 ? 1 : 0,
    nps_promoters: counts.nps_promoters,
    nps_passives: counts.nps_passives,
    nps_detractors: counts.nps_detractors,
    nps_interactions: Number(before?.na ?? 0) === 0 && nps > 0 ? 1 : 0,
  });
  await delta.flush(tx, tenantId);
}

/**
 * The metrics rows of a batch of new interactions (`saveMany`'s fast path; none has a facts row
 * yet, as its interaction row was just inserted): the same rows and thread links as one
 * `writeMetricFacts` per record, in a handful of statements per batch. Each thread (person, call
 * type) the batch touches is read once — its rows from the batch's earliest start on, and the one
 * row before — merged with the new rows in order, and every row whose next contact changed is
 * updated in one statement; the day cells take the whole batch's difference in one upsert.
 */
export async function writeMetricFactsMany(
  sql: SqlContext,
  tx: SqlExecutor,
  tenantId: string,
  saved: ReadonlyArray<readonly [FactTarget, ParsedRecord]>,
): Promise<void> {
  if (saved.length === 0) return;
  type Linked = { id: string; row: FactRow; fresh: boolean; before: number | null };
  const fresh: Linked[] = saved.map(([t, rec]) => ({
    id: t.id,
    row: factRowFor(
      { ...t, contactId: personKeyOf(sql, tenantId, rec.interaction, t.contactId) },
      rec,
      undefined,
    ),
    fresh: true,
    before: null,
  }));
  const threads = new Map<string, { contact: string; callType: string; from: number; rows: Linked[] }>();
  for (const f of fresh) {
    if (f.row.contact_id === null || f.row.call_type === null) continue;
    const key = JSON.stringify([f.row.contact_id, f.row.call_type]);
    const th = threads.get(key);
    if (th) {
      th.rows.push(f);
      th.from = Math.min(th.from, f.row.started_ms);
    } else
      threads.set(key, {
        contact: f.row.contact_id,
        callType: f.row.call_type,
        from: f.row.started_ms,
        rows: [f],
      });
  }
  const list = [...threads.values()];
  for (let i = 0; i < list.length; i += 100) {
    const part = list.slice(i, i + 100);
    const args = (cmp: string) => ({
      where: part.map(() => `(contact_id = ? AND call_type = ? AND started_ms ${cmp} ?)`).join(' OR '),
      params: part.flatMap((th) => [th.contact, th.callType, th.from]),
    });
    const later = args('>=');
    const earlier = args('<');
    const found = [
      ...(await tx.all(
        `SELECT ${FACT_COLUMNS} FROM interaction_facts WHERE tenant_id = ? AND (${later.where})`,
        [tenantId, ...later.params],
      )),
      ...(await tx.all(
        `SELECT ${FACT_COLUMNS} FROM (SELECT ${FACT_COLUMNS}, ROW_NUMBER() OVER (PARTITION BY contact_id, call_type ORDER BY started_ms DESC, interaction_id DESC) AS rn
         FROM interaction_facts WHERE tenant_id = ? AND (${earlier.where})) prev_rows WHERE rn = 1`,
        [tenantId, ...earlier.params],
      )),
    ];
    for (const r of found) {
      const row = factRowOf(r);
      threads
        .get(JSON.stringify([row.contact_id, row.call_type]))
        ?.rows.push({ id: String(r.interaction_id), row, fresh: false, before: row.next_same_ms });
    }
  }
  const delta = new RollupDelta();
  const changed: Linked[] = [];
  for (const th of threads.values()) {
    const rows = th.rows.sort((x, y) =>
      x.row.started_ms !== y.row.started_ms ? x.row.started_ms - y.row.started_ms : x.id < y.id ? -1 : 1,
    );
    rows.forEach((r, k) => {
      const next = rows[k + 1]?.row.started_ms ?? null;
      if (r.fresh) r.row.next_same_ms = next;
      else if (next !== r.before) {
        delta.add(r.row, -1);
        r.row = { ...r.row, next_same_ms: next };
        delta.add(r.row, 1);
        changed.push(r);
      }
    });
  }
  // A batch's rows in one bulk load (sql/bulk-insert.ts).
  await insertRows(
    tx,
    'interaction_facts',
    FACT_INSERT_COLUMNS,
    fresh.map((f) => [...factValues(tenantId, f.id, f.row), f.row.next_same_ms]),
  );
  for (let i = 0; i < changed.length; i += 100) {
    const part = changed.slice(i, i + 100);
    await tx.run(
      `UPDATE interaction_facts SET next_same_ms = CASE interaction_id ${part.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ')} END WHERE tenant_id = ? AND interaction_id IN (${part.map(() => '?').join(', ')})`,
      [...part.flatMap((c) => [c.id, c.row.next_same_ms]), tenantId, ...part.map((c) => c.id)],
    );
  }
  for (const f of fresh) delta.add(f.row, 1);
  await delta.flush(tx, tenantId, cellShard(sql.driver.kind));
}

/**
 * Retention purged the interaction's identity: its facts row keeps no person, leaves its FCR
 * thread (the call before it is relinked past it), and the day cells follow by difference.
 */
export async function forgetFactPerson(tx: SqlExecutor, tenantId: string, id: string): Promise<void> {
  const r = await tx.get(
    `SELECT ${FACT_COLUMNS} FROM interaction_facts WHERE tenant_id = ? AND interaction_id = ?`,
    [tenantId, id],
  );
  if (!r) return;
  const old = factRowOf(r);
  await tx.run(
    'UPDATE interaction_facts SET contact_id = NULL, next_same_ms = NULL WHERE tenant_id = ? AND interaction_id = ?',
    [tenantId, id],
  );
  const delta = new RollupDelta();
  await relinkThread(tx, delta, tenantId, old.contact_id, old.call_type, old.started_ms, id, false);
  delta.add(old, -1);
  delta.add({ ...old, contact_id: null, next_same_ms: null }, 1);
  await delta.flush(tx, tenantId);
}
