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
import type { SqlContext } from './context';
import type { Row, SqlExecutor, SqlValue } from './driver';
import { markDirty, rebuildDay, sumsFromRollups, wholeDays } from './metric-rollups';
import { b } from './rows';
import type { ParsedRecord } from './validation';

const DAY_MS = 86_400_000;

interface FactThread extends Row {
  contact_id: string | null;
  call_type: string | null;
  started_ms: number | string;
}

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

type FactTarget = {
  tenantId: string;
  id: string;
  agentIds: string[];
  teamId: string | null;
  contactId: string | null;
};

const FACT_COLUMNS =
  'tenant_id, interaction_id, started_ms, day, week, channel, agent_id, team_id, queue, call_type, contact_id, disposition, stage, abandoned, wait_ms, handle_ms, hold_ms, held, transfers, scored, compliant, adh_met, adh_applicable';

/** The metrics row of one interaction, in FACT_COLUMNS order. */
function factRow(t: FactTarget, rec: ParsedRecord): { values: SqlValue[]; startedMs: number } {
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
  const values: SqlValue[] = [
    t.tenantId,
    t.id,
    startedMs,
    startedIso.slice(0, 10),
    weekOf(startedIso),
    i.channel,
    t.agentIds[0] ?? null,
    t.teamId,
    i.queue?.name ?? i.queue?.id ?? null,
    i.callType ?? null,
    t.contactId,
    i.disposition ?? i.wrapUp?.name ?? i.wrapUp?.code ?? null,
    cc?.stage ?? null,
    abandoned === undefined ? null : b(abandoned),
    cc?.waitMs ?? null,
    handle ?? null,
    cc?.holdMs ?? null,
    held,
    cc?.transfers ?? null,
    card ? 1 : 0,
    card ? b(card.compliant) : null,
    adhMet,
    adhApplicable,
  ];
  return { values, startedMs };
}

/**
 * Writes the metrics row of one interaction inside its save transaction. The score columns are
 * only rewritten when the save carries a scorecard, so re-ingesting a call without its score
 * keeps the score the facts already have. The FCR thread (same contact, same call type) is kept
 * linked: this row's next contact and its predecessor's are recomputed, in the old thread too
 * when the contact or call type changed.
 */
export async function writeMetricFacts(tx: SqlExecutor, t: FactTarget, rec: ParsedRecord): Promise<void> {
  const i = rec.interaction;
  const card = rec.scorecard;
  const old = await tx.get<FactThread>(
    'SELECT contact_id, call_type, started_ms FROM interaction_facts WHERE tenant_id = ? AND interaction_id = ?',
    [t.tenantId, t.id],
  );
  const { values, startedMs } = factRow(t, rec);
  const scoreSet = card
    ? ', scored = excluded.scored, compliant = excluded.compliant, adh_met = excluded.adh_met, adh_applicable = excluded.adh_applicable'
    : '';
  await tx.run(
    `INSERT INTO interaction_facts (${FACT_COLUMNS}) VALUES (${values.map(() => '?').join(', ')})
     ON CONFLICT (tenant_id, interaction_id) DO UPDATE SET started_ms = excluded.started_ms, day = excluded.day, week = excluded.week, channel = excluded.channel, agent_id = excluded.agent_id, team_id = excluded.team_id, queue = excluded.queue, call_type = excluded.call_type, contact_id = excluded.contact_id, disposition = excluded.disposition, stage = excluded.stage, abandoned = excluded.abandoned, wait_ms = excluded.wait_ms, handle_ms = excluded.handle_ms, hold_ms = excluded.hold_ms, held = excluded.held, transfers = excluded.transfers${scoreSet}`,
    values,
  );
  const touched = new Set<number>([startedMs]);
  if (old) touched.add(Number(old.started_ms));
  for (const ms of await relinkThread(tx, t.tenantId, t.contactId, i.callType ?? null, startedMs, t.id))
    touched.add(ms);
  if (old && (old.contact_id !== t.contactId || old.call_type !== (i.callType ?? null)))
    for (const ms of await relinkThread(
      tx,
      t.tenantId,
      old.contact_id,
      old.call_type,
      Number(old.started_ms),
      t.id,
    ))
      touched.add(ms);
  await markDirty(
    tx,
    t.tenantId,
    [...touched].map((ms) => new Date(ms).toISOString().slice(0, 10)),
  );
}

/**
 * `writeMetricFacts` for interactions this save inserted (no facts row yet, none to read back):
 * their rows in multi-row INSERTs, then each one that has a thread (contact and call type)
 * linked into it; the rows are all present by then, so each link is computed against the final
 * set, which leaves what one save after another leaves. One mark of the days touched.
 */
export async function writeNewMetricFacts(
  tx: SqlExecutor,
  tenantId: string,
  calls: ReadonlyArray<{ t: FactTarget; rec: ParsedRecord }>,
): Promise<void> {
  if (calls.length === 0) return;
  const rows = calls.map(({ t, rec }) => ({ t, rec, ...factRow(t, rec) }));
  const ROWS = 500;
  for (let i = 0; i < rows.length; i += ROWS) {
    const part = rows.slice(i, i + ROWS);
    await tx.run(
      `INSERT INTO interaction_facts (${FACT_COLUMNS}) VALUES ${part.map((r) => `(${r.values.map(() => '?').join(', ')})`).join(', ')}`,
      part.flatMap((r) => r.values),
    );
  }
  const touched = new Set<number>();
  for (const { t, rec, startedMs } of rows) {
    touched.add(startedMs);
    // A row without a thread is inserted unlinked (next_same_ms NULL): nothing to recompute.
    if (t.contactId === null || (rec.interaction.callType ?? null) === null) continue;
    for (const ms of await relinkThread(
      tx,
      tenantId,
      t.contactId,
      rec.interaction.callType!,
      startedMs,
      t.id,
    ))
      touched.add(ms);
  }
  await markDirty(
    tx,
    tenantId,
    [...touched].map((ms) => new Date(ms).toISOString().slice(0, 10)),
  );
}

/** Recomputes `next_same_ms` of the row at (ms, id) and of the row just before it in its thread. */
async function relinkThread(
  tx: SqlExecutor,
  tenantId: string,
  contactId: string | null,
  callType: string | null,
  ms: number,
  id: string,
): Promise<number[]> {
  if (contactId === null || callType === null) {
    await tx.run(
      'UPDATE interaction_facts SET next_same_ms = NULL WHERE tenant_id = ? AND interaction_id = ?',
      [tenantId, id],
    );
    return [];
  }
  const thread = [tenantId, contactId, callType];
  const prev = await tx.get<{ interaction_id: string; started_ms: number | string }>(
    'SELECT interaction_id, started_ms FROM interaction_facts WHERE tenant_id = ? AND contact_id = ? AND call_type = ? AND (started_ms < ? OR (started_ms = ? AND interaction_id < ?)) ORDER BY started_ms DESC, interaction_id DESC LIMIT 1',
    [...thread, ms, ms, id],
  );
  const ids = prev ? [{ id: prev.interaction_id, ms: Number(prev.started_ms) }] : [];
  const self = await tx.get(
    'SELECT 1 AS x FROM interaction_facts WHERE tenant_id = ? AND interaction_id = ? AND contact_id = ? AND call_type = ?',
    [tenantId, id, contactId, callType],
  );
  if (self) ids.push({ id, ms });
  for (const r of ids) {
    const next = await tx.get<{ started_ms: number | string }>(
      'SELECT started_ms FROM interaction_facts WHERE tenant_id = ? AND contact_id = ? AND call_type = ? AND (started_ms > ? OR (started_ms = ? AND interaction_id > ?)) ORDER BY started_ms, interaction_id LIMIT 1',
      [...thread, r.ms, r.ms, r.id],
    );
    await tx.run('UPDATE interaction_facts SET next_same_ms = ? WHERE tenant_id = ? AND interaction_id = ?', [
      next ? Number(next.started_ms) : null,
      tenantId,
      r.id,
    ]);
  }
  return ids.map((r) => r.ms);
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
    const dirty = await this.sql.driver.all<{ dim: MetricsQuery['by']; day: string }>(
      'SELECT dim, day FROM metric_rollup_dirty WHERE tenant_id = ? ORDER BY day, dim',
      [tenantId],
    );
    for (const d of dirty) await this.sql.driver.transaction((tx) => rebuildDay(tx, tenantId, d.dim, d.day));
    return { rebuilt: dirty.length };
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
