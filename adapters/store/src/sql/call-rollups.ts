import type { Row, SqlExecutor, SqlValue } from './driver';

/**
 * call_daily: per tenant, UTC day, team, agent and queue, the call figures the dashboards sum
 * (calls, scored, compliant, score sum, escalations, needs review). Every write of those columns
 * of `interactions` moves it by the difference in the same transaction, so a dashboard reads a
 * few thousand roll-up rows instead of every call of the period. '' stands for "none" in the key
 * (PostgreSQL primary keys take no NULLs). Beside each day's cell a call also counts in the
 * cell of its ISO week (day 'W' + the Monday, weekKey), which lets a month's breakdowns read four
 * week cells instead of 28 day cells, and in the all-time cell of its team, agent and queue (day
 * ALL_DAYS), which answers the needs-review backlog (no period) from a few hundred rows. Retention purges keep the row and its score, so
 * they change nothing here.
 */

/**
 * The roll-up tables whose rows every writer of a tenant shares (a day's, a week's, the all-time
 * cells of an agent): a save upserts them last (`deferWrites`' `last`), so the row locks they
 * take are held from the end of its work to its commit, not through all of it.
 */
export const SHARED_ROLLUP_TABLES = ['call_daily', 'criterion_daily', 'metric_cells'] as const;

/** The `day` of the all-time cells; sorts before every YYYY-MM-DD, so day ranges never include it. */
export const ALL_DAYS = '';

/**
 * The `day` of a week cell: 'W' and the week's Monday (YYYY-MM-DD). 'W' sorts after every digit,
 * so a range of days ('2025-12-01' to '2026-01-15') never includes a week cell, nor a range of
 * weeks ('W2025-12-01' to 'W2026-01-12') a day.
 */
export function weekKey(day: string): string {
  return `W${mondayOf(day)}`;
}

/** Mondays already worked out, by day: a save asks for its day's week once per criterion. */
const mondays = new Map<string, string>();

/** The Monday (UTC) of the ISO week of a YYYY-MM-DD day. */
export function mondayOf(day: string): string {
  let monday = mondays.get(day);
  if (monday === undefined) {
    const d = new Date(`${day}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    monday = d.toISOString().slice(0, 10);
    // Ingest touches a few days at a time; a backfill of years stays bounded.
    if (mondays.size >= 4_096) mondays.clear();
    mondays.set(day, monday);
  }
  return monday;
}

/** The columns of `interactions` a call's roll-up contribution depends on. */
export const CALL_FACT_COLUMNS =
  'occurred_at, team_id, primary_agent_id, queue_name, score, compliant, needs_review, escalation_count';

/** What one call contributes to call_daily: its key and its figures. */
export interface CallFacts {
  occurredAt: string;
  teamId: string | null;
  agentId: string | null;
  queue: string | null;
  score: number | null;
  compliant: boolean | null;
  needsReview: boolean;
  escalations: number;
}

/** The facts of a row read with CALL_FACT_COLUMNS. */
export function callFactsOf(r: Row): CallFacts {
  return {
    occurredAt: String(r.occurred_at),
    teamId: r.team_id === null || r.team_id === undefined ? null : String(r.team_id),
    agentId:
      r.primary_agent_id === null || r.primary_agent_id === undefined ? null : String(r.primary_agent_id),
    queue: r.queue_name === null || r.queue_name === undefined ? null : String(r.queue_name),
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    compliant: r.compliant === null || r.compliant === undefined ? null : Number(r.compliant) === 1,
    needsReview: Number(r.needs_review ?? 0) === 1,
    escalations: Number(r.escalation_count ?? 0),
  };
}

/** One call's change: what it contributed before (null: new) and after (null: gone). */
export type CallChange = readonly [before: CallFacts | null, after: CallFacts | null];

const FIGURES = ['calls', 'scored', 'compliant', 'score_sum', 'escalations', 'needs_review'] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

const COLUMNS = `tenant_id, day, team_id, agent_id, queue_name, ${FIGURES.join(', ')}`;
const UPSERT_TAIL = ` ON CONFLICT (tenant_id, day, team_id, agent_id, queue_name) DO UPDATE SET ${FIGURES.map((f) => `${f} = call_daily.${f} + excluded.${f}`).join(', ')}`;
/**
 * Cells per statement: 11 parameters each (8 for criterion_daily), well under both dialects'
 * limits (SQLite 32,766, PostgreSQL 65,535), so a batch of 200 calls moves each roll-up in one
 * statement: concurrent writers wait for these rows, so fewer round trips while they are locked.
 */
const CHUNK = 1000;

function add(into: Map<string, { key: string[]; d: Figures }>, f: CallFacts, sign: 1 | -1): void {
  const day = f.occurredAt.slice(0, 10);
  addTo(into, day, f, sign);
  addTo(into, weekKey(day), f, sign);
  addTo(into, ALL_DAYS, f, sign);
}

function addTo(
  into: Map<string, { key: string[]; d: Figures }>,
  day: string,
  f: CallFacts,
  sign: 1 | -1,
): void {
  const key = [day, f.teamId ?? '', f.agentId ?? '', f.queue ?? ''];
  const k = key.join('\u0000');
  const e = into.get(k) ?? {
    key,
    d: { calls: 0, scored: 0, compliant: 0, score_sum: 0, escalations: 0, needs_review: 0 },
  };
  e.d.calls += sign;
  if (f.score !== null) {
    e.d.scored += sign;
    e.d.score_sum += sign * f.score;
  }
  if (f.compliant === true) e.d.compliant += sign;
  if (f.needsReview) e.d.needs_review += sign;
  e.d.escalations += sign * f.escalations;
  into.set(k, e);
}

/**
 * Moves call_daily by the difference of `changes`, in the caller's transaction: the deltas are
 * merged per key first (a call that stays in its cell nets out; PostgreSQL refuses one upsert
 * touching a row twice), then written as one multi-row upsert (per 100 cells) in key order, so
 * concurrent writers lock shared cells in the same order (no deadlock). Nothing changed, nothing
 * written.
 */
export async function moveCallDaily(
  tx: SqlExecutor,
  tenantId: string,
  changes: readonly CallChange[],
): Promise<void> {
  const cells = new Map<string, { key: string[]; d: Figures }>();
  for (const [before, after] of changes) {
    if (before) add(cells, before, -1);
    if (after) add(cells, after, 1);
  }
  const rows: SqlValue[][] = [];
  const sorted = [...cells].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  for (const { key, d } of sorted)
    if (FIGURES.some((f) => d[f] !== 0)) rows.push([tenantId, ...key, ...FIGURES.map((f) => d[f])]);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const marks = part.map(() => `(${Array.from({ length: 11 }, () => '?').join(', ')})`).join(', ');
    await tx.run(`INSERT INTO call_daily (${COLUMNS}) VALUES ${marks}${UPSERT_TAIL}`, part.flat());
  }
}

/**
 * Builds call_daily from the calls themselves (the migration's backfill, on an empty roll-up):
 * the day cells, then the week and all-time cells summed from them. In key order, so a PostgreSQL
 * heap starts out clustered like the reads (a day range touches ~10x fewer pages than in hash
 * order).
 */
export function callDailyBackfill(kind: 'sqlite' | 'postgres', oneTenant = false): string[] {
  // oneTenant: every statement takes the tenant id as its one parameter (a rebuild of one tenant).
  const only = oneTenant ? ' AND tenant_id = ?' : '';
  const monday =
    kind === 'sqlite'
      ? "date(day, '-6 days', 'weekday 1')"
      : "to_char(date_trunc('week', CAST(day AS date)), 'YYYY-MM-DD')";
  const sums = FIGURES.map((f) => `SUM(${f})`).join(', ');
  const key = "COALESCE(team_id, ''), COALESCE(primary_agent_id, ''), COALESCE(queue_name, '')";
  return [
    `INSERT INTO call_daily (${COLUMNS})
SELECT tenant_id, substr(occurred_at, 1, 10), ${key},
  COUNT(*), COUNT(score), SUM(CASE WHEN compliant = 1 THEN 1 ELSE 0 END), COALESCE(SUM(score), 0), SUM(escalation_count),
  SUM(CASE WHEN needs_review = 1 THEN 1 ELSE 0 END)
FROM interactions WHERE 1 = 1${only}
GROUP BY tenant_id, substr(occurred_at, 1, 10), ${key}
ORDER BY 1, 2, 3, 4, 5`,
    `INSERT INTO call_daily (${COLUMNS})
SELECT tenant_id, 'W' || ${monday}, team_id, agent_id, queue_name, ${sums}
FROM call_daily WHERE day <> '${ALL_DAYS}'${only}
GROUP BY tenant_id, ${monday}, team_id, agent_id, queue_name
ORDER BY 1, 2, 3, 4, 5`,
    `INSERT INTO call_daily (${COLUMNS})
SELECT tenant_id, '${ALL_DAYS}', team_id, agent_id, queue_name, ${sums}
FROM call_daily WHERE day <> '${ALL_DAYS}' AND day NOT LIKE 'W%'${only}
GROUP BY tenant_id, team_id, agent_id, queue_name
ORDER BY 1, 3, 4, 5`,
  ];
}

/**
 * criterion_daily (per tenant, day, team, agent, criterion; '' for no team / agent) has week cells
 * too ('W' + Monday), for the same reason: a month of criteria reads four weeks of cells.
 */
export interface CriterionChange {
  occurredAt: string;
  teamId: string | null;
  agentId: string | null;
  criterionId: string;
  category: string;
  status: string;
  sign: 1 | -1;
}

/**
 * Moves criterion_daily (day and week cells) by the difference of one save's criterion rows: the
 * deltas merged per key, then one multi-row upsert (per 100 cells) in key order. Only met and
 * missed count (applicable); other statuses move nothing.
 */
export async function moveCriterionDaily(
  tx: SqlExecutor,
  tenantId: string,
  changes: readonly CriterionChange[],
): Promise<void> {
  const cells = new Map<string, { key: string[]; applicable: number; missed: number }>();
  for (const c of changes) {
    if (c.status !== 'met' && c.status !== 'missed') continue;
    const day = c.occurredAt.slice(0, 10);
    for (const d of [day, weekKey(day)]) {
      const key = [d, c.teamId ?? '', c.agentId ?? '', c.criterionId, c.category];
      const k = key.join('\u0000');
      const e = cells.get(k) ?? { key, applicable: 0, missed: 0 };
      e.applicable += c.sign;
      if (c.status === 'missed') e.missed += c.sign;
      cells.set(k, e);
    }
  }
  const rows = [...cells]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, c]) => c)
    .filter((c) => c.applicable !== 0 || c.missed !== 0)
    .map((c) => [tenantId, ...c.key, c.applicable, c.missed]);
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await tx.run(
      `INSERT INTO criterion_daily (tenant_id, day, team_id, agent_id, criterion_id, category, applicable, missed) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT (tenant_id, day, team_id, agent_id, criterion_id, category) DO UPDATE SET applicable = criterion_daily.applicable + excluded.applicable, missed = criterion_daily.missed + excluded.missed`,
      part.flat(),
    );
  }
}

/**
 * Adds the week cells of criterion_daily from its day cells (migration 11; the benchmark's fill);
 * oneTenant: the statement takes the tenant id as its one parameter.
 */
export function criterionWeeksBackfill(kind: 'sqlite' | 'postgres', oneTenant = false): string {
  const only = oneTenant ? ' AND tenant_id = ?' : '';
  const monday =
    kind === 'sqlite'
      ? "date(day, '-6 days', 'weekday 1')"
      : "to_char(date_trunc('week', CAST(day AS date)), 'YYYY-MM-DD')";
  return `INSERT INTO criterion_daily (tenant_id, day, team_id, agent_id, criterion_id, category, applicable, missed)
SELECT tenant_id, 'W' || ${monday}, team_id, agent_id, criterion_id, category, SUM(applicable), SUM(missed)
FROM criterion_daily WHERE day NOT LIKE 'W%'${only}
GROUP BY tenant_id, ${monday}, team_id, agent_id, criterion_id, category`;
}
