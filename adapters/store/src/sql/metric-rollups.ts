import { emptySums, weekOf, type MetricSumsRow, type MetricsQuery } from '@teachback/core';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The column each grouping reads; `all` is one group. */
export const GROUP_COLUMN: Record<MetricsQuery['by'], string> = {
  agent: 'agent_id',
  team: 'team_id',
  queue: 'queue',
  'call-type': 'call_type',
  channel: 'channel',
  all: "'all'",
};
const DIMS = Object.keys(GROUP_COLUMN) as MetricsQuery['by'][];

/**
 * One (grouping, key, day) of additive counts. FCR depends on the window and on "now", so it is
 * kept as two histograms that any window can read: the gap in whole days (rounded up) to the same
 * contact's next contact about the same call type, and, for calls with no such next contact yet,
 * the hour of the day they started (to tell whose window has elapsed).
 */
interface RollupBody {
  n: number;
  handled: number;
  handleSum: number;
  handleCount: number;
  waitSum: number;
  waitCount: number;
  abandoned: number;
  offered: number;
  holdSum: number;
  holdCount: number;
  held: number;
  transferred: number;
  transferKnown: number;
  transferCount: number;
  scored: number;
  compliant: number;
  adhMet: number;
  adhApplicable: number;
  /** `s:<stage>` or `d:<disposition>` → interactions. */
  stages: Record<string, number>;
  /** ceil(gap days) → eligible interactions with a next contact. */
  gaps: Record<string, number>;
  /** hour of day → eligible interactions with no next contact. */
  open: Record<string, number>;
  csatAnswers: number;
  csatSatisfied: number;
  csatInteractions: number;
  npsPromoters: number;
  npsPassives: number;
  npsDetractors: number;
  npsInteractions: number;
}

export async function markDirty(tx: SqlExecutor, tenantId: string, days: readonly string[]): Promise<void> {
  const rows = [...new Set(days)].flatMap((day) => DIMS.map((dim) => [tenantId, dim, day]));
  if (rows.length === 0) return;
  await tx.run(
    `INSERT INTO metric_rollup_dirty (tenant_id, dim, day) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (tenant_id, dim, day) DO NOTHING`,
    rows.flat(),
  );
}

const ELIGIBLE = 'COALESCE(abandoned, 0) = 0 AND contact_id IS NOT NULL AND call_type IS NOT NULL';
const HANDLED = 'COALESCE(abandoned, 0) = 0';

export async function rebuildDay(
  tx: SqlExecutor,
  tenantId: string,
  dim: MetricsQuery['by'],
  day: string,
): Promise<void> {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  const where = 'tenant_id = ? AND started_ms >= ? AND started_ms < ?';
  const args: SqlValue[] = [tenantId, start, start + DAY_MS];
  const col = GROUP_COLUMN[dim];
  const sum = (cond: string, v = '1') => `SUM(CASE WHEN ${cond} THEN ${v} ELSE 0 END)`;
  const main = await tx.all(
    `SELECT ${col} AS k, COUNT(*) AS n, ${sum(HANDLED)} AS handled,
      ${sum(`${HANDLED} AND handle_ms IS NOT NULL`, 'handle_ms')} AS handle_sum, ${sum(`${HANDLED} AND handle_ms IS NOT NULL`)} AS handle_count,
      ${sum('abandoned = 0 AND wait_ms IS NOT NULL', 'wait_ms')} AS wait_sum, ${sum('abandoned = 0 AND wait_ms IS NOT NULL')} AS wait_count,
      ${sum('abandoned = 1')} AS abandoned, ${sum('abandoned IS NOT NULL')} AS offered,
      ${sum(`${HANDLED} AND hold_ms IS NOT NULL`, 'hold_ms')} AS hold_sum, ${sum(`${HANDLED} AND hold_ms IS NOT NULL`)} AS hold_count,
      ${sum(`${HANDLED} AND held = 1`)} AS held, ${sum(`${HANDLED} AND transfers > 0`)} AS transferred,
      ${sum(`${HANDLED} AND transfers IS NOT NULL`)} AS transfer_known, ${sum(`${HANDLED} AND transfers IS NOT NULL`, 'transfers')} AS transfer_count,
      ${sum('scored = 1')} AS scored, ${sum('scored = 1 AND compliant = 1')} AS compliant,
      ${sum('scored = 1', 'adh_met')} AS adh_met, ${sum('scored = 1', 'adh_applicable')} AS adh_applicable
     FROM interaction_facts WHERE ${where} GROUP BY 1`,
    args,
  );
  const gaps = await tx.all(
    `SELECT ${col} AS k, (next_same_ms - started_ms + ${DAY_MS - 1}) / ${DAY_MS} AS b, COUNT(*) AS c
     FROM interaction_facts WHERE ${where} AND ${ELIGIBLE} AND next_same_ms IS NOT NULL GROUP BY 1, 2`,
    args,
  );
  const open = await tx.all(
    `SELECT ${col} AS k, (started_ms - ${start}) / ${HOUR_MS} AS b, COUNT(*) AS c
     FROM interaction_facts WHERE ${where} AND ${ELIGIBLE} AND next_same_ms IS NULL GROUP BY 1, 2`,
    args,
  );
  const stages = await tx.all(
    `SELECT ${col} AS k, CASE WHEN stage IS NOT NULL THEN 's:' || stage ELSE 'd:' || disposition END AS b, COUNT(*) AS c
     FROM interaction_facts WHERE ${where} AND (stage IS NOT NULL OR disposition IS NOT NULL) GROUP BY 1, 2`,
    args,
  );
  const surveys = await tx.all(
    `SELECT ${col.replace(/^(\w+)$/, 'f.$1')} AS k, SUM(s.csat_answers) AS ca, SUM(s.csat_satisfied) AS cs,
       COUNT(DISTINCT CASE WHEN s.csat_answers > 0 THEN s.interaction_id END) AS ci,
       SUM(s.nps_promoters) AS np, SUM(s.nps_passives) AS npa, SUM(s.nps_detractors) AS nd,
       COUNT(DISTINCT CASE WHEN s.nps_promoters + s.nps_passives + s.nps_detractors > 0 THEN s.interaction_id END) AS ni
     FROM interaction_facts f JOIN survey_responses s ON s.tenant_id = f.tenant_id AND s.interaction_id = f.interaction_id
     WHERE f.tenant_id = ? AND f.started_ms >= ? AND f.started_ms < ? GROUP BY 1`,
    args,
  );
  const n = (v: unknown) => Number(v ?? 0);
  const key = (r: Row) => (r.k === null || r.k === undefined ? '' : String(r.k));
  const bodies = new Map<string, RollupBody>();
  for (const r of main)
    bodies.set(key(r), {
      n: n(r.n),
      handled: n(r.handled),
      handleSum: n(r.handle_sum),
      handleCount: n(r.handle_count),
      waitSum: n(r.wait_sum),
      waitCount: n(r.wait_count),
      abandoned: n(r.abandoned),
      offered: n(r.offered),
      holdSum: n(r.hold_sum),
      holdCount: n(r.hold_count),
      held: n(r.held),
      transferred: n(r.transferred),
      transferKnown: n(r.transfer_known),
      transferCount: n(r.transfer_count),
      scored: n(r.scored),
      compliant: n(r.compliant),
      adhMet: n(r.adh_met),
      adhApplicable: n(r.adh_applicable),
      stages: {},
      gaps: {},
      open: {},
      csatAnswers: 0,
      csatSatisfied: 0,
      csatInteractions: 0,
      npsPromoters: 0,
      npsPassives: 0,
      npsDetractors: 0,
      npsInteractions: 0,
    });
  for (const r of surveys) {
    const body = bodies.get(key(r))!;
    body.csatAnswers = n(r.ca);
    body.csatSatisfied = n(r.cs);
    body.csatInteractions = n(r.ci);
    body.npsPromoters = n(r.np);
    body.npsPassives = n(r.npa);
    body.npsDetractors = n(r.nd);
    body.npsInteractions = n(r.ni);
  }
  for (const [rows, field] of [
    [gaps, 'gaps'],
    [open, 'open'],
    [stages, 'stages'],
  ] as const)
    for (const r of rows) bodies.get(key(r))![field][String(r.b)] = n(r.c);
  await tx.run('DELETE FROM metric_rollups WHERE tenant_id = ? AND dim = ? AND day = ?', [
    tenantId,
    dim,
    day,
  ]);
  // Multi-row inserts: one round trip per 200 groups, not one per group (PostgreSQL is remote).
  const entries = [...bodies];
  for (let i = 0; i < entries.length; i += 200) {
    const chunk = entries.slice(i, i + 200);
    await tx.run(
      `INSERT INTO metric_rollups (tenant_id, dim, day, group_key, body) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap(([k, body]) => [tenantId, dim, day, k, JSON.stringify(body)]),
    );
  }
  await tx.run('DELETE FROM metric_rollup_dirty WHERE tenant_id = ? AND dim = ? AND day = ?', [
    tenantId,
    dim,
    day,
  ]);
}

/** Whole UTC days covered by [from, to), or undefined when either end is not midnight UTC. */
export function wholeDays(from: string, to: string): string[] | undefined {
  const a = Date.parse(from);
  const b = Date.parse(to);
  if (a % DAY_MS !== 0 || b % DAY_MS !== 0) return undefined;
  const out: string[] = [];
  for (let t = a; t < b; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * The same sums as the scan of every interaction (sql/metrics.ts), read from the day rollups:
 * dirty days of the grouping are rebuilt first (each in its own transaction), then the rollups are
 * added up per (key, period). FCR: a gap of at most the window is a repeat, a longer one resolved;
 * a call with no next contact is resolved once its window has elapsed by `asOf`, else missing —
 * whole hours from the histogram, the one hour `asOf − window` falls in counted from the facts.
 */
export async function sumsFromRollups(
  driver: SqlDriver,
  tenantId: string,
  q: MetricsQuery,
  days: readonly string[],
  asOf: number,
): Promise<MetricSumsRow[]> {
  if (days.length === 0) return [];
  const dirty = await driver.all<{ day: string }>(
    'SELECT day FROM metric_rollup_dirty WHERE tenant_id = ? AND dim = ? AND day >= ? AND day <= ?',
    [tenantId, q.by, days[0]!, days.at(-1)!],
  );
  for (const d of dirty) await driver.transaction((tx) => rebuildDay(tx, tenantId, q.by, d.day));
  const rows = await driver.all<{ day: string; group_key: string; body: string }>(
    'SELECT day, group_key, body FROM metric_rollups WHERE tenant_id = ? AND dim = ? AND day >= ? AND day <= ?',
    [tenantId, q.by, days[0]!, days.at(-1)!],
  );
  const windowMs = (q.fcrWindowDays ?? 7) * DAY_MS;
  const windowDays = q.fcrWindowDays ?? 7;
  const cutoff = asOf - windowMs;
  const stages = q.funnelStages ?? [];
  const stageIndex = (label: string): number => {
    const stage = label.startsWith('s:') ? label.slice(2) : q.dispositionStages?.[label.slice(2)];
    return stage === undefined ? -1 : stages.indexOf(stage);
  };
  const groups = new Map<string, MetricSumsRow>();
  const groupOf = (day: string, k: string): MetricSumsRow => {
    const period = q.period === 'all' ? 'all' : q.period === 'day' ? day : weekOf(`${day}T00:00:00.000Z`);
    const gk = `${period}\u0000${k}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { key: k === '' ? null : k, period, sums: emptySums(stages.length) }));
    return g;
  };
  let partial: { day: string; hourStart: number } | undefined;
  for (const r of rows) {
    const b = JSON.parse(r.body) as RollupBody;
    const s = groupOf(r.day, r.group_key).sums;
    s.interactions += b.n;
    s.handled += b.handled;
    s.handleSum += b.handleSum;
    s.handleCount += b.handleCount;
    s.waitSum += b.waitSum;
    s.waitCount += b.waitCount;
    s.abandoned += b.abandoned;
    s.offered += b.offered;
    s.holdSum += b.holdSum;
    s.holdCount += b.holdCount;
    s.held += b.held;
    s.transferred += b.transferred;
    s.transferKnown += b.transferKnown;
    s.transferCount += b.transferCount;
    s.scored += b.scored;
    s.compliant += b.compliant;
    s.adherenceMet += b.adhMet;
    s.adherenceApplicable += b.adhApplicable;
    s.csatAnswers += b.csatAnswers;
    s.csatSatisfied += b.csatSatisfied;
    s.csatMissing += b.n - b.csatInteractions;
    s.npsPromoters += b.npsPromoters;
    s.npsPassives += b.npsPassives;
    s.npsDetractors += b.npsDetractors;
    s.npsMissing += b.n - b.npsInteractions;
    for (const [label, c] of Object.entries(b.stages)) {
      const idx = stageIndex(label);
      if (idx < 0) continue;
      s.stageKnown += c;
      for (let i = 0; i <= idx; i++) s.stageReached[i]! += c;
    }
    for (const [days, c] of Object.entries(b.gaps)) {
      s.fcrEligible += c;
      if (Number(days) > windowDays) s.fcrResolved += c;
    }
    const dayStart = Date.parse(`${r.day}T00:00:00.000Z`);
    for (const [hour, c] of Object.entries(b.open)) {
      const hourStart = dayStart + Number(hour) * HOUR_MS;
      if (hourStart + HOUR_MS - 1 <= cutoff) {
        s.fcrEligible += c;
        s.fcrResolved += c;
      } else if (hourStart <= cutoff) partial = { day: r.day, hourStart };
    }
  }
  if (partial) {
    const col = GROUP_COLUMN[q.by];
    const counted = await driver.all(
      `SELECT ${col} AS k, COUNT(*) AS c FROM interaction_facts WHERE tenant_id = ? AND started_ms >= ? AND started_ms <= ? AND ${ELIGIBLE} AND next_same_ms IS NULL GROUP BY 1`,
      [tenantId, partial.hourStart, cutoff],
    );
    for (const r of counted) {
      const s = groupOf(partial.day, r.k === null || r.k === undefined ? '' : String(r.k)).sums;
      s.fcrEligible += Number(r.c);
      s.fcrResolved += Number(r.c);
    }
  }
  return [...groups.values()];
}
