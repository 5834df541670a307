// `npm run bench:webapp`: the web app's call-list and dashboard queries on 1,000,000 stored
// interactions (4 criteria each), on SQLite and PostgreSQL, through the store's ReviewStore (the
// same SQL the routes run). Rows are generated with bulk SQL (recursive CTE / generate_series),
// not through the ingest path, so setup takes a minute rather than hours. Target: p95 ≤ 200 ms.
//
// Environment: BENCH_ROWS (default 1000000), BENCH_RUNS (default 20), BENCH_DIALECTS
// (default "sqlite,postgres"), TEACHBACK_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test),
// BENCH_KEEP=1 (keep the filled database / schema and print where it is, for EXPLAIN ANALYZE).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  LocalKeyProvider,
  callDailyBackfill,
  criterionWeeksBackfill,
  openStore,
  type SqlStore,
} from '@teachback/adapter-store';
import type { AccessContext, Role } from '@teachback/core';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench';
/** Issue 17: every call-list and dashboard query, p95 ≤ 200 ms at 1,000,000 interactions. */
const TARGET_MS = 200;
let failed = 0;
/** The newest call is "now"; calls go back one per 31 s, so 1M rows span ~359 days. */
const NOW = Date.UTC(2026, 11, 7);
const BASE = NOW / 1000 - ROWS * 31;
const CRITERIA = [
  ['verify-identity', 'compliance'],
  ['recording-disclosure', 'compliance'],
  ['greeting', 'adherence'],
  ['empathy', 'soft-skill'],
] as const;

function who(roles: Role[], over: Partial<AccessContext['actor']> = {}): AccessContext {
  return {
    actor: {
      kind: 'user',
      id: 'bench-user',
      tenantId: TENANT,
      roles,
      teamIds: [],
      agentIds: [],
      active: true,
      ...over,
    },
    source: 'bench',
  };
}

/** One SELECT producing every generated interaction column, from a series `i`. */
function interactionSelect(kind: 'sqlite' | 'postgres', series: string): string {
  const ts =
    kind === 'sqlite'
      ? `strftime('%Y-%m-%dT%H:%M:%S.000Z', ${BASE} + i * 31, 'unixepoch')`
      : `to_char(to_timestamp(${BASE} + i * 31) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`;
  // SQLite's || binds tighter than % and /: every part is parenthesised.
  const cat = (...p: string[]) =>
    kind === 'sqlite' ? p.map((x) => `(${x})`).join(' || ') : `concat(${p.join(', ')})`;
  return `SELECT '${TENANT}', ${cat("'ix-'", 'i')}, 'genesys', ${cat("'ext-'", 'i')}, 'voice', 'inbound', ${ts}, ${ts}, NULL, 240000,
    ${cat(`'["ag-'`, 'i % 200', `'"]'`)}, ${cat("'ag-'", 'i % 200')}, ${cat("'team-'", '(i % 200) / 10')}, ${cat("'Queue '", 'i % 12')},
    NULL, 'h', '{}', NULL, (i * 37) % 101, CASE WHEN i % 7 = 0 THEN 0 ELSE 1 END, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, 1,
    'healthcare-inbound', CASE WHEN i % 97 = 0 THEN 1 ELSE 0 END, 0, NULL, ${ts}, ${ts}, 'lab-results' ${series}`;
}

async function fill(store: SqlStore): Promise<number> {
  const started = Date.now();
  const kind = store.driver.kind;
  await store.tenants.create({ id: TENANT, name: 'Bench Health' });
  const cols =
    'tenant_id, id, platform, external_id, channel, direction, occurred_at, started_at, ended_at, duration_ms, agent_ids, primary_agent_id, team_id, queue_name, contact_id, content_hash, body, phi_enc, score, compliant, needs_review, score_version, playbook_id, escalation_count, legal_hold, purged_at, created_at, updated_at, review_call_type';
  const series =
    kind === 'sqlite'
      ? `FROM (WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS - 1}) SELECT i FROM n)`
      : `FROM generate_series(0, ${ROWS - 1}) AS i`;
  // Bulk-load practice: secondary indexes are dropped for the load and rebuilt after it (one sort
  // each instead of a million random B-tree inserts); the definitions are the migration's own.
  const tables = "('interactions', 'interaction_criteria', 'criterion_daily')";
  const indexes =
    kind === 'sqlite'
      ? await store.driver.all<{ name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ${tables}`,
        )
      : await store.driver.all<{ name: string; sql: string }>(
          `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ${tables} AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`,
        );
  for (const ix of indexes) await store.driver.exec(`DROP INDEX ${ix.name}`);
  await store.driver.transaction(async (tx) => {
    await tx.run(`INSERT INTO interactions (${cols}) ${interactionSelect(kind, series)}`);
    for (const [n, [id, category]] of CRITERIA.entries()) {
      // Criterion n is missed on a different share of calls so "worst first" has an order.
      await tx.run(
        `INSERT INTO interaction_criteria (tenant_id, interaction_id, criterion_id, category, status, occurred_at, team_id, primary_agent_id)
         SELECT tenant_id, id, '${id}', '${category}', CASE WHEN (CAST(substr(id, 4) AS INTEGER) % ${n + 3}) = 0 THEN 'missed' ELSE 'met' END, occurred_at, team_id, primary_agent_id
         FROM interactions WHERE tenant_id = '${TENANT}'`,
      );
    }
    // The daily roll-up the store keeps in step on every write, built here in one statement.
    await tx.run(
      `INSERT INTO criterion_daily (tenant_id, day, team_id, agent_id, criterion_id, category, applicable, missed)
       SELECT tenant_id, substr(occurred_at, 1, 10), COALESCE(team_id, ''), COALESCE(primary_agent_id, ''), criterion_id, category, COUNT(*), SUM(CASE WHEN status = 'missed' THEN 1 ELSE 0 END)
       FROM interaction_criteria WHERE tenant_id = '${TENANT}' AND status IN ('met', 'missed')
       GROUP BY tenant_id, substr(occurred_at, 1, 10), COALESCE(team_id, ''), COALESCE(primary_agent_id, ''), criterion_id, category`,
    );
    await tx.run(criterionWeeksBackfill(kind));
    // And the daily call roll-up (call_daily), built as migration 11 backfills it.
    for (const stmt of callDailyBackfill(kind)) await tx.run(stmt);
  });
  for (const ix of indexes) await store.driver.exec(ix.sql);
  // What autovacuum does in production: statistics, and the visibility map index-only scans need.
  await store.driver.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  return Date.now() - started;
}

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

async function measure(
  name: string,
  fn: () => Promise<unknown>,
): Promise<{ name: string; p50: number; p95: number }> {
  await fn(); // warm the cache and the statement
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { name, p50: Math.round(p(times, 0.5) * 10) / 10, p95: Math.round(p(times, 0.95) * 10) / 10 };
}

async function run(store: SqlStore) {
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = 86_400_000;
  const compliance = who(['compliance']);
  const sup = who(['supervisor'], { id: 'sam', teamIds: ['team-3', 'team-4'] });
  const agent = who(['agent'], { id: 'alex', agentIds: ['ag-17'] });
  const month = { from: iso(NOW - 30 * day), to: iso(NOW + day) };
  return [
    await measure('calls: newest 50, supervisor (2 teams)', () =>
      store.reviews.searchCalls(sup, TENANT, {}, { limit: 50, offset: 0 }),
    ),
    await measure('calls: agent own, newest 50', () =>
      store.reviews.searchCalls(agent, TENANT, {}, { limit: 50, offset: 0 }),
    ),
    await measure('calls: worst this week, whole tenant, by score', () =>
      store.reviews.searchCalls(
        compliance,
        TENANT,
        { from: iso(NOW - 7 * day) },
        { limit: 50, offset: 0, sort: { by: 'score', dir: 'asc' } },
      ),
    ),
    await measure('calls: criterion missed + not compliant, 30 days, tenant', () =>
      store.reviews.searchCalls(
        compliance,
        TENANT,
        { ...month, criterionMissed: 'greeting', compliant: false },
        { limit: 50, offset: 0 },
      ),
    ),
    await measure('calls: queue + score range, 30 days, tenant', () =>
      store.reviews.searchCalls(
        compliance,
        TENANT,
        { ...month, queue: 'Queue 3', scoreMin: 0, scoreMax: 40 },
        { limit: 50, offset: 0 },
      ),
    ),
    await measure('dashboard: 30 days, supervisor (2 teams)', () =>
      store.reviews.dashboard(sup, TENANT, month),
    ),
    await measure('dashboard: 30 days, whole tenant', () =>
      store.reviews.dashboard(compliance, TENANT, month),
    ),
    await measure('dashboard: 7 days, whole tenant', () =>
      store.reviews.dashboard(compliance, TENANT, { from: iso(NOW - 7 * day), to: month.to }),
    ),
  ];
}

/** BENCH_TRACE=1: prints each statement's time, to find the slow one behind a slow figure. */
function trace(store: SqlStore): void {
  const d = store.driver as unknown as Record<
    'all' | 'get' | 'run',
    (sql: string, p?: unknown[]) => Promise<unknown>
  >;
  for (const m of ['all', 'get', 'run'] as const) {
    const orig = d[m].bind(store.driver);
    d[m] = async (sql, params) => {
      const t = process.hrtime.bigint();
      const r = await orig(sql, params);
      console.log(
        `    ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1)} ms ${sql.replace(/\s+/g, ' ').slice(0, 100)}`,
      );
      return r;
    };
  }
}

async function main() {
  for (const dialect of DIALECTS) {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    let kept: string;
    if (dialect === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-webapp-'));
      store = await openStore({
        url: `sqlite:${path.join(dir, 'bench.db')}`,
        keys: new LocalKeyProvider(Buffer.alloc(32, 5)),
      });
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
      kept = path.join(dir, 'bench.db');
      if (process.env.BENCH_KEEP) cleanup = async () => undefined;
    } else {
      const schema = `tb_bench_webapp_${process.pid}`;
      const admin = new Client({ connectionString: PG });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      store = await openStore({
        url: `${PG}?schema=${schema}`,
        keys: new LocalKeyProvider(Buffer.alloc(32, 5)),
      });
      cleanup = async () => {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      };
      kept = `schema ${schema}`;
      if (process.env.BENCH_KEEP) cleanup = async () => admin.end();
    }
    try {
      const ms = await fill(store);
      if (process.env.BENCH_TRACE) trace(store);
      console.log(
        `\n${dialect}: ${ROWS.toLocaleString('en-US')} interactions, ${(ROWS * CRITERIA.length).toLocaleString('en-US')} criterion rows, filled in ${(ms / 1000).toFixed(1)} s; ${RUNS} runs each`,
      );
      const results = await run(store);
      for (const r of results) {
        const pass = r.p95 <= TARGET_MS;
        if (!pass) failed++;
        console.log(
          `  ${pass ? 'PASS' : 'FAIL'} p50 ${String(r.p50).padStart(7)} ms  p95 ${String(r.p95).padStart(7)} ms (target ≤ ${TARGET_MS})  ${r.name}`,
        );
      }
    } finally {
      await store.close();
      if (process.env.BENCH_KEEP) console.log(`  kept: ${kept}`);
      await cleanup();
    }
  }
}

main()
  .then(() => {
    console.log(`\nload average: ${fs.readFileSync('/proc/loadavg', 'utf8').trim()}`);
    console.log(failed === 0 ? 'PASS: every query within target' : `FAIL: ${failed} queries over target`);
    if (failed > 0) process.exitCode = 1;
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
