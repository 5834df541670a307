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
 * The additive counters of one cell of `metric_cells` (migration 12). A cell is (grouping, key,
 * day, bucket): bucket '' holds the interaction counters, 'sv' the survey answers, and the
 * histogram buckets count interactions in `c`: 's:<stage>' / 'd:<disposition>' for the funnel,
 * 'g:<days>' for the gap (whole days, rounded up) to the same person's next contact about the same
 * call type, 'o:<hour ms>' for FCR-eligible calls with no such next contact yet, by the hour they
 * started (to tell, at read time, whose window has elapsed).
 */
export const CELL_COLUMNS = [
  'n',
  'handled',
  'handle_sum',
  'handle_count',
  'wait_sum',
  'wait_count',
  'abandoned',
  'offered',
  'hold_sum',
  'hold_count',
  'held',
  'transferred',
  'transfer_known',
  'transfer_count',
  'scored',
  'compliant',
  'adh_met',
  'adh_applicable',
  'csat_answers',
  'csat_satisfied',
  'csat_interactions',
  'nps_promoters',
  'nps_passives',
  'nps_detractors',
  'nps_interactions',
  'c',
] as const;
type CellColumn = (typeof CELL_COLUMNS)[number];
type Counters = Partial<Record<CellColumn, number>>;

/** One `interaction_facts` row as the rollups read it (numbers already numbers). */
export interface FactRow {
  started_ms: number;
  day: string;
  week: string;
  channel: string;
  agent_id: string | null;
  team_id: string | null;
  queue: string | null;
  call_type: string | null;
  contact_id: string | null;
  disposition: string | null;
  stage: string | null;
  abandoned: number | null;
  wait_ms: number | null;
  handle_ms: number | null;
  hold_ms: number | null;
  held: number | null;
  transfers: number | null;
  scored: number;
  compliant: number | null;
  adh_met: number;
  adh_applicable: number;
  next_same_ms: number | null;
}

/** One interaction's survey answers, summed over its responses. */
export interface SurveySums {
  csat_answers: number;
  csat_satisfied: number;
  nps_promoters: number;
  nps_passives: number;
  nps_detractors: number;
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A database row of `interaction_facts` (PostgreSQL returns BIGINT as text) as a `FactRow`. */
export function factRowOf(r: Row): FactRow {
  return {
    started_ms: Number(r.started_ms),
    day: String(r.day),
    week: String(r.week),
    channel: String(r.channel),
    agent_id: strOrNull(r.agent_id),
    team_id: strOrNull(r.team_id),
    queue: strOrNull(r.queue),
    call_type: strOrNull(r.call_type),
    contact_id: strOrNull(r.contact_id),
    disposition: strOrNull(r.disposition),
    stage: strOrNull(r.stage),
    abandoned: numOrNull(r.abandoned),
    wait_ms: numOrNull(r.wait_ms),
    handle_ms: numOrNull(r.handle_ms),
    hold_ms: numOrNull(r.hold_ms),
    held: numOrNull(r.held),
    transfers: numOrNull(r.transfers),
    scored: Number(r.scored ?? 0),
    compliant: numOrNull(r.compliant),
    adh_met: Number(r.adh_met ?? 0),
    adh_applicable: Number(r.adh_applicable ?? 0),
    next_same_ms: numOrNull(r.next_same_ms),
  };
}

function keyOf(row: FactRow, dim: MetricsQuery['by']): string {
  const v =
    dim === 'agent'
      ? row.agent_id
      : dim === 'team'
        ? row.team_id
        : dim === 'queue'
          ? row.queue
          : dim === 'call-type'
            ? row.call_type
            : dim === 'channel'
              ? row.channel
              : 'all';
  return v ?? '';
}

/**
 * Signed changes to cells, merged per cell, written in one multi-row upsert (`flush`). The write
 * path adds a row's contribution after a change and subtracts the one it had before, so the cells
 * stay equal to a rebuild from the facts without ever re-reading a day.
 */
export class RollupDelta {
  private readonly cells = new Map<
    string,
    { dim: string; day: string; week: string; key: string; bucket: string; v: Counters }
  >();

  private cell(dim: string, row: FactRow, key: string, bucket: string): Counters {
    const id = `${dim}\u0000${row.day}\u0000${key}\u0000${bucket}`;
    let c = this.cells.get(id);
    if (!c) this.cells.set(id, (c = { dim, day: row.day, week: row.week, key, bucket, v: {} }));
    return c.v;
  }

  /** Adds (sign 1) or removes (sign −1) one interaction's facts, and its survey answers when given. */
  add(row: FactRow, sign: 1 | -1, surveys?: SurveySums, dims: readonly MetricsQuery['by'][] = DIMS): void {
    const handled = row.abandoned !== 1;
    const inc = (v: Counters, col: CellColumn, by: number | boolean) => {
      const d = typeof by === 'boolean' ? (by ? 1 : 0) : by;
      if (d !== 0) v[col] = (v[col] ?? 0) + sign * d;
    };
    const stage =
      row.stage !== null ? `s:${row.stage}` : row.disposition !== null ? `d:${row.disposition}` : null;
    const eligible = handled && row.contact_id !== null && row.call_type !== null;
    const fcr = !eligible
      ? null
      : row.next_same_ms !== null
        ? `g:${Math.floor((row.next_same_ms - row.started_ms + DAY_MS - 1) / DAY_MS)}`
        : `o:${row.started_ms - (((row.started_ms % HOUR_MS) + HOUR_MS) % HOUR_MS)}`;
    for (const dim of dims) {
      const key = keyOf(row, dim);
      const v = this.cell(dim, row, key, '');
      inc(v, 'n', 1);
      inc(v, 'handled', handled);
      if (handled && row.handle_ms !== null) {
        inc(v, 'handle_sum', row.handle_ms);
        inc(v, 'handle_count', 1);
      }
      if (row.abandoned === 0 && row.wait_ms !== null) {
        inc(v, 'wait_sum', row.wait_ms);
        inc(v, 'wait_count', 1);
      }
      inc(v, 'abandoned', row.abandoned === 1);
      inc(v, 'offered', row.abandoned !== null);
      if (handled && row.hold_ms !== null) {
        inc(v, 'hold_sum', row.hold_ms);
        inc(v, 'hold_count', 1);
      }
      inc(v, 'held', handled && row.held === 1);
      if (handled && row.transfers !== null) {
        inc(v, 'transferred', row.transfers > 0);
        inc(v, 'transfer_known', 1);
        inc(v, 'transfer_count', row.transfers);
      }
      if (row.scored === 1) {
        inc(v, 'scored', 1);
        inc(v, 'compliant', row.compliant === 1);
        inc(v, 'adh_met', row.adh_met);
        inc(v, 'adh_applicable', row.adh_applicable);
      }
      if (stage !== null) inc(this.cell(dim, row, key, stage), 'c', 1);
      if (fcr !== null) inc(this.cell(dim, row, key, fcr), 'c', 1);
      if (surveys) {
        const s = this.cell(dim, row, key, 'sv');
        inc(s, 'csat_answers', surveys.csat_answers);
        inc(s, 'csat_satisfied', surveys.csat_satisfied);
        inc(s, 'csat_interactions', surveys.csat_answers > 0);
        inc(s, 'nps_promoters', surveys.nps_promoters);
        inc(s, 'nps_passives', surveys.nps_passives);
        inc(s, 'nps_detractors', surveys.nps_detractors);
        inc(s, 'nps_interactions', surveys.nps_promoters + surveys.nps_passives + surveys.nps_detractors > 0);
      }
    }
  }

  /** Adds raw counters to the survey cell of each grouping of `row` (a late survey answer). */
  addSurvey(row: FactRow, v: Counters): void {
    for (const dim of DIMS) {
      const s = this.cell(dim, row, keyOf(row, dim), 'sv');
      for (const [col, d] of Object.entries(v) as [CellColumn, number][])
        if (d !== 0) s[col] = (s[col] ?? 0) + d;
    }
  }

  /**
   * Writes every non-zero change in one multi-row upsert (chunked under the dialects' parameter
   * limits), cells in key order so concurrent writers lock them in the same order. `shard` picks
   * which of a cell's rows takes the change (migration 16; readers sum them): concurrent saves
   * on PostgreSQL pass `cellShard`, so they rarely wait for each other's commit on one row.
   */
  async flush(tx: SqlExecutor, tenantId: string, shard = 0): Promise<void> {
    const rows = [...this.cells.entries()]
      .filter(([, c]) => Object.values(c.v).some((x) => x !== 0))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, c]) => c);
    this.cells.clear();
    if (rows.length === 0) return;
    const width = 7 + CELL_COLUMNS.length;
    const marks = `(${new Array(width).fill('?').join(', ')})`;
    const update = CELL_COLUMNS.map((c) => `${c} = metric_cells.${c} + excluded.${c}`).join(', ');
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await tx.run(
        `INSERT INTO metric_cells (tenant_id, dim, day, week, group_key, bucket, shard, ${CELL_COLUMNS.join(', ')}) VALUES ${part.map(() => marks).join(', ')}
         ON CONFLICT (tenant_id, dim, day, group_key, bucket, shard) DO UPDATE SET ${update}`,
        part.flatMap((c) => [
          tenantId,
          c.dim,
          c.day,
          c.week,
          c.key,
          c.bucket,
          shard,
          ...CELL_COLUMNS.map((col) => c.v[col] ?? 0),
        ]),
      );
    }
  }
}

/** Rows per metric cell that concurrent saves spread over (migration 16). */
export const METRIC_CELL_SHARDS = 16;

/**
 * The shard a save's cell changes go to: any of them on PostgreSQL, where saves run at once and
 * a row's lock is held until commit; 0 on SQLite, whose one writer has nobody to wait for.
 */
export function cellShard(kind: 'sqlite' | 'postgres'): number {
  return kind === 'postgres' ? Math.floor(Math.random() * METRIC_CELL_SHARDS) : 0;
}

/**
 * Marks days for a rebuild from the facts: for writes that go around the incremental path (bulk
 * loads, the migration that introduced the cells). The ordinary write path keeps cells current.
 */
export async function markDirty(tx: SqlExecutor, tenantId: string, days: readonly string[]): Promise<void> {
  const rows = [...new Set(days)].flatMap((day) => DIMS.map((dim) => [tenantId, dim, day]));
  if (rows.length === 0) return;
  await tx.run(
    `INSERT INTO metric_rollup_dirty (tenant_id, dim, day) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (tenant_id, dim, day) DO NOTHING`,
    rows.flat(),
  );
}

/**
 * Rebuilds every grouping of one day from its facts: one read of the day's facts and one of its
 * survey sums, summed here by the same `RollupDelta.add` the write path uses (so a rebuild and the
 * incremental cells cannot disagree), then written as multi-row inserts.
 */
export async function rebuildDay(tx: SqlExecutor, tenantId: string, day: string): Promise<void> {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  const args: SqlValue[] = [tenantId, start, start + DAY_MS];
  const facts = await tx.all(
    'SELECT interaction_id, started_ms, day, week, channel, agent_id, team_id, queue, call_type, contact_id, disposition, stage, abandoned, wait_ms, handle_ms, hold_ms, held, transfers, scored, compliant, adh_met, adh_applicable, next_same_ms FROM interaction_facts WHERE tenant_id = ? AND started_ms >= ? AND started_ms < ?',
    args,
  );
  const surveys = new Map<string, SurveySums>();
  const sv = await tx.all(
    `SELECT s.interaction_id AS id, SUM(s.csat_answers) AS ca, SUM(s.csat_satisfied) AS cs, SUM(s.nps_promoters) AS np,
       SUM(s.nps_passives) AS npa, SUM(s.nps_detractors) AS nd
     FROM interaction_facts f JOIN survey_responses s ON s.tenant_id = f.tenant_id AND s.interaction_id = f.interaction_id
     WHERE f.tenant_id = ? AND f.started_ms >= ? AND f.started_ms < ? GROUP BY s.interaction_id`,
    args,
  );
  for (const r of sv)
    surveys.set(String(r.id), {
      csat_answers: Number(r.ca ?? 0),
      csat_satisfied: Number(r.cs ?? 0),
      nps_promoters: Number(r.np ?? 0),
      nps_passives: Number(r.npa ?? 0),
      nps_detractors: Number(r.nd ?? 0),
    });
  const delta = new RollupDelta();
  for (const r of facts) delta.add(factRowOf(r), 1, surveys.get(String(r.interaction_id)));
  await tx.run('DELETE FROM metric_cells WHERE tenant_id = ? AND day = ?', [tenantId, day]);
  await delta.flush(tx, tenantId);
  await tx.run('DELETE FROM metric_rollup_dirty WHERE tenant_id = ? AND day = ?', [tenantId, day]);
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

/** Rebuilds the days of `days` (all days when undefined) still marked dirty, one transaction each. */
export async function rebuildDirty(
  driver: SqlDriver,
  tenantId: string,
  days?: readonly string[],
): Promise<number> {
  const dirty = await driver.all<{ day: string }>(
    days
      ? 'SELECT DISTINCT day FROM metric_rollup_dirty WHERE tenant_id = ? AND day >= ? AND day <= ? ORDER BY day'
      : 'SELECT DISTINCT day FROM metric_rollup_dirty WHERE tenant_id = ? ORDER BY day',
    days ? [tenantId, days[0]!, days.at(-1)!] : [tenantId],
  );
  for (const d of dirty) await driver.transaction((tx) => rebuildDay(tx, tenantId, d.day));
  return dirty.length;
}

const PERIOD_COLUMN: Record<MetricsQuery['period'], string> = { day: 'day', week: 'week', all: "'all'" };

/**
 * The same sums as the scan of every interaction (sql/metrics.ts), read from the cells: days still
 * marked dirty are rebuilt first, then the cells are summed per (period, key, bucket) in SQL. FCR:
 * a gap of at most the window is a repeat, a longer one resolved; a call with no next contact is
 * resolved once its window has elapsed by `asOf`, else missing — whole hours from the histogram,
 * the one hour `asOf − window` falls in counted from the facts.
 */
export async function sumsFromRollups(
  driver: SqlDriver,
  tenantId: string,
  q: MetricsQuery,
  days: readonly string[],
  asOf: number,
): Promise<MetricSumsRow[]> {
  if (days.length === 0) return [];
  await rebuildDirty(driver, tenantId, days);
  const windowDays = q.fcrWindowDays ?? 7;
  const cutoff = asOf - windowDays * DAY_MS;
  const partialHour = cutoff - (((cutoff % HOUR_MS) + HOUR_MS) % HOUR_MS);
  const stages = q.funnelStages ?? [];
  const range: SqlValue[] = [tenantId, q.by, days[0]!, days.at(-1)!];
  const int = driver.kind === 'sqlite' ? 'INTEGER' : 'BIGINT';
  // The histogram buckets are folded into FCR counts in SQL (one row per group comes back, not one
  // per bucket): gaps beyond the window are resolved; open calls whose whole start hour is at or
  // before asOf − window are resolved; the hour asOf − window falls in is counted from the facts.
  const num = `CAST(substr(bucket, 3) AS ${int})`;
  const rows = await driver.all(
    `SELECT ${PERIOD_COLUMN[q.period]} AS p, group_key,
       ${CELL_COLUMNS.filter((c) => c !== 'c')
         .map((c) => `SUM(${c}) AS ${c}`)
         .join(', ')},
       SUM(CASE WHEN bucket LIKE 'g:%' THEN c ELSE 0 END) AS gap_eligible,
       SUM(CASE WHEN bucket LIKE 'g:%' AND ${num} > ? THEN c ELSE 0 END) AS gap_resolved,
       SUM(CASE WHEN bucket LIKE 'o:%' AND ${num} < ? THEN c ELSE 0 END) AS open_resolved
     FROM metric_cells WHERE tenant_id = ? AND dim = ? AND day >= ? AND day <= ? GROUP BY 1, 2`,
    [windowDays, partialHour, ...range],
  );
  const groups = new Map<string, MetricSumsRow>();
  const groupOf = (period: string, k: string): MetricSumsRow => {
    const gk = `${period}\u0000${k}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { key: k === '' ? null : k, period, sums: emptySums(stages.length) }));
    return g;
  };
  const n = (v: unknown) => Number(v ?? 0);
  for (const r of rows) {
    const s = groupOf(String(r.p), String(r.group_key)).sums;
    s.interactions += n(r.n);
    s.handled += n(r.handled);
    s.handleSum += n(r.handle_sum);
    s.handleCount += n(r.handle_count);
    s.waitSum += n(r.wait_sum);
    s.waitCount += n(r.wait_count);
    s.abandoned += n(r.abandoned);
    s.offered += n(r.offered);
    s.holdSum += n(r.hold_sum);
    s.holdCount += n(r.hold_count);
    s.held += n(r.held);
    s.transferred += n(r.transferred);
    s.transferKnown += n(r.transfer_known);
    s.transferCount += n(r.transfer_count);
    s.scored += n(r.scored);
    s.compliant += n(r.compliant);
    s.adherenceMet += n(r.adh_met);
    s.adherenceApplicable += n(r.adh_applicable);
    s.csatAnswers += n(r.csat_answers);
    s.csatSatisfied += n(r.csat_satisfied);
    s.csatMissing -= n(r.csat_interactions);
    s.npsPromoters += n(r.nps_promoters);
    s.npsPassives += n(r.nps_passives);
    s.npsDetractors += n(r.nps_detractors);
    s.npsMissing -= n(r.nps_interactions);
    s.fcrEligible += n(r.gap_eligible) + n(r.open_resolved);
    s.fcrResolved += n(r.gap_resolved) + n(r.open_resolved);
  }
  if (stages.length > 0) {
    const stageIndex = (label: string): number => {
      const stage = label.startsWith('s:') ? label.slice(2) : q.dispositionStages?.[label.slice(2)];
      return stage === undefined ? -1 : stages.indexOf(stage);
    };
    const labelled = await driver.all(
      `SELECT ${PERIOD_COLUMN[q.period]} AS p, group_key, bucket, SUM(c) AS c FROM metric_cells
       WHERE tenant_id = ? AND dim = ? AND day >= ? AND day <= ? AND (bucket LIKE 's:%' OR bucket LIKE 'd:%') GROUP BY 1, 2, 3`,
      range,
    );
    for (const r of labelled) {
      const idx = stageIndex(String(r.bucket));
      const c = n(r.c);
      if (idx < 0 || c === 0) continue;
      const s = groupOf(String(r.p), String(r.group_key)).sums;
      s.stageKnown += c;
      for (let i = 0; i <= idx; i++) s.stageReached[i]! += c;
    }
  }
  const partialDay = new Date(partialHour).toISOString().slice(0, 10);
  if (days.includes(partialDay)) {
    const col = GROUP_COLUMN[q.by];
    const period =
      q.period === 'all' ? 'all' : q.period === 'day' ? partialDay : weekOf(`${partialDay}T00:00:00.000Z`);
    const counted = await driver.all(
      `SELECT ${col} AS k, COUNT(*) AS c FROM interaction_facts WHERE tenant_id = ? AND started_ms >= ? AND started_ms <= ? AND COALESCE(abandoned, 0) = 0 AND contact_id IS NOT NULL AND call_type IS NOT NULL AND next_same_ms IS NULL GROUP BY 1`,
      [tenantId, partialHour, cutoff],
    );
    for (const r of counted) {
      const g = groups.get(`${period}\u0000${r.k === null || r.k === undefined ? '' : String(r.k)}`);
      if (!g) continue;
      g.sums.fcrEligible += Number(r.c);
      g.sums.fcrResolved += Number(r.c);
    }
  }
  // A group whose interactions all moved elsewhere keeps zero cells: not a group of the answer.
  const out: MetricSumsRow[] = [];
  for (const g of groups.values()) {
    if (g.sums.interactions <= 0) continue;
    g.sums.csatMissing += g.sums.interactions;
    g.sums.npsMissing += g.sums.interactions;
    out.push(g);
  }
  return out;
}
