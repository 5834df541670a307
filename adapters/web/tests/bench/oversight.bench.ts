// `npm run bench:oversight`: the oversight queries (escalation queue, audit-trail search by reader,
// action, dates and patient, the access-anomaly report) on 1,000,000 stored interactions with a
// realistic audit trail (an ingest write and three reads per call: 4,000,000 audit events), on
// SQLite and PostgreSQL, through the store's OversightStore (the same SQL the routes run). Rows are
// generated with bulk SQL (recursive CTE / generate_series), not through the ingest path.
//
// Targets: p95 ≤ 200 ms for the interactive queries (queue, audit search). The access-anomaly
// report is a batch report over a period (it aggregates every patient read of the window), run
// on demand by a compliance officer, not on each page view: its target is p95 ≤ 5 s for 30 days
// and ≤ 2 s for 7 days.
//
// Environment: BENCH_ROWS (default 1000000), BENCH_RUNS (default 20; the anomaly report runs
// BENCH_REPORT_RUNS, default 5), BENCH_DIALECTS (default "sqlite,postgres"), BENCH_TRACE=1 (each
// statement's time), TEACHBACK_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { AccessContext, InteractionRecord, Role } from '@teachback/core';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',');
const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench';
/** The newest call is "now"; calls go back one per 31 s, so 1M rows span ~359 days. */
const NOW = Date.UTC(2026, 11, 7);
const BASE = NOW / 1000 - ROWS * 31;
/** Readers of the tenant: 300 users (agents and supervisors), 20 teams. */
const USERS = 300;
/** Patients: each has ~3 calls over the year. */
const PATIENTS = Math.max(1, Math.floor(ROWS / 3));
/** Audit events per call: the ingest write and three reads (see `auditSelect`). */
const EVENTS_PER_CALL = 4;
const PATIENT_PHONE = '+15550100042';

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

type Kind = 'sqlite' | 'postgres';

const seriesOf = (kind: Kind, n: number) =>
  kind === 'sqlite'
    ? `FROM (WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1}) SELECT i FROM n)`
    : `FROM generate_series(0, ${n - 1}) AS i`;

/** `expr` seconds since the epoch as the store's ISO text. */
const isoOf = (kind: Kind, expr: string) =>
  kind === 'sqlite'
    ? `strftime('%Y-%m-%dT%H:%M:%S.000Z', ${expr}, 'unixepoch')`
    : `to_char(to_timestamp(${expr}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')`;

// SQLite's || binds tighter than % and /: every part is parenthesised.
const cat = (kind: Kind, ...p: string[]) =>
  kind === 'sqlite' ? p.map((x) => `(${x})`).join(' || ') : `concat(${p.join(', ')})`;

/** One SELECT producing every generated interaction column, from a series `i`. */
function interactionSelect(kind: Kind, series: string): string {
  const ts = isoOf(kind, `${BASE} + i * 31`);
  return `SELECT '${TENANT}', ${cat(kind, "'ix-'", 'i')}, 'genesys', ${cat(kind, "'ext-'", 'i')}, 'voice', 'inbound', ${ts}, ${ts}, NULL, 240000,
    ${cat(kind, `'["ag-'`, 'i % 200', `'"]'`)}, ${cat(kind, "'ag-'", 'i % 200')}, ${cat(kind, "'team-'", '(i % 200) / 10')}, ${cat(kind, "'Queue '", 'i % 12')},
    ${cat(kind, "'c-'", `i % ${PATIENTS}`)}, 'h', '{}', NULL, (i * 37) % 101, CASE WHEN i % 7 = 0 THEN 0 ELSE 1 END, CASE WHEN i % 50 = 0 THEN 1 ELSE 0 END, 1,
    'healthcare-inbound', CASE WHEN i % 40 = 0 THEN 1 ELSE 0 END, 0, NULL, ${ts}, ${ts}, 'lab-results' ${series}`;
}

/**
 * The audit trail of call `i`: event 0 the sync's write; 1 its agent opening the call; 2 one of
 * the team's supervisors reading its scorecard; 3 any user playing the recording (every 5th call),
 * opening the escalation (calls with one), or searching the call list. Sequence numbers follow
 * time, as the chain does.
 */
function auditSelect(kind: Kind, seq0: number, series: string): string {
  const j = `(k % ${EVENTS_PER_CALL})`;
  const i = `(k / ${EVENTS_PER_CALL})`;
  const ix = cat(kind, "'ix-'", i);
  const agent = cat(kind, "'user:u-'", `${i} % 200`);
  const supervisor = cat(kind, "'user:u-'", `200 + (${i} % 200) / 10 + 20 * (${i} % 5)`);
  const anyone = cat(kind, "'user:u-'", `(${i} * 13) % ${USERS}`);
  return `SELECT '${TENANT}', ${seq0} + k + 1, ${isoOf(kind, `${BASE} + ${i} * 31 + ${j} * 7`)},
    CASE ${j} WHEN 0 THEN 'system:sync' WHEN 1 THEN ${agent} WHEN 2 THEN ${supervisor} ELSE ${anyone} END,
    CASE WHEN ${j} = 0 THEN 'phi.write' WHEN ${j} < 3 OR ${i} % 5 = 0 OR ${i} % 40 = 0 THEN 'phi.read' ELSE 'phi.search' END,
    CASE ${j} WHEN 0 THEN 'interaction' WHEN 1 THEN 'interaction' WHEN 2 THEN 'scorecard' ELSE CASE WHEN ${i} % 5 = 0 THEN 'recording' WHEN ${i} % 40 = 0 THEN 'escalation' ELSE 'interaction' END END,
    CASE WHEN ${j} < 3 THEN ${ix} WHEN ${i} % 5 = 0 THEN ${cat(kind, ix, "'/rec-1'")} WHEN ${i} % 40 = 0 THEN ${cat(kind, ix, "'/0'")} ELSE NULL END,
    'success', 'bench', '{}', 'h', 'h' ${series.replace(/\bi\b/g, 'k')}`;
}

async function fill(store: SqlStore): Promise<{ ms: number; events: number; contactId: string }> {
  const started = Date.now();
  const kind = store.driver.kind;
  await store.tenants.create({ id: TENANT, name: 'Bench Health' });
  const admin = who(['admin'], { id: 'bench-admin' });
  // u-0..u-199 are the agents ag-0..ag-199 (ten per team); u-200..u-299 supervise five per team.
  for (let u = 0; u < USERS; u++)
    await store.tenants.createUser(admin, TENANT, {
      id: `u-${u}`,
      displayName: `Bench User ${u}`,
      roles: u < 200 ? ['agent'] : ['supervisor'],
      teamIds: [`team-${u < 200 ? Math.floor(u / 10) : (u - 200) % 20}`],
      agentIds: u < 200 ? [`ag-${u}`] : [],
    });
  // One patient found by phone (the blind index the search uses), with calls across the year.
  const patient: InteractionRecord = {
    interaction: {
      id: 'ix-patient',
      source: { platform: 'genesys', externalId: 'ext-patient' },
      channel: 'voice',
      direction: 'inbound',
      startedAt: new Date(NOW - 3_600_000).toISOString(),
      durationMs: 60_000,
      participants: [
        { role: 'agent', userId: 'ag-1' },
        { role: 'customer', phone: PATIENT_PHONE },
      ],
      contact: { phones: [PATIENT_PHONE], emails: [] },
      recordings: [],
    },
    escalations: [],
    coaching: [],
  };
  const saved = await store.interactions.save(
    who(['integration'], { kind: 'system', id: 'sync' }),
    TENANT,
    patient,
  );
  const contactId = saved.contactId!;

  const tables = "('interactions', 'escalations', 'escalation_reviews', 'audit_events')";
  const indexes =
    kind === 'sqlite'
      ? await store.driver.all<{ name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ${tables}`,
        )
      : await store.driver.all<{ name: string; sql: string }>(
          `SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ${tables} AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`,
        );
  // Bulk-load practice: secondary indexes are dropped for the load and rebuilt after it.
  for (const ix of indexes) await store.driver.exec(`DROP INDEX ${ix.name}`);
  // Staged audit events (PostgreSQL) are linked first, so the generated ones follow the chain's head.
  await store.sealAudit({ anchor: false });
  const head = await store.driver.get<{ seq: number }>('SELECT seq FROM audit_heads WHERE tenant_id = ?', [
    TENANT,
  ]);
  if (!head) throw new Error('bench: the tenant has no audit head after its setup events');
  const seq0 = Number(head.seq);
  const events = ROWS * EVENTS_PER_CALL;
  await store.driver.transaction(async (tx) => {
    const cols =
      'tenant_id, id, platform, external_id, channel, direction, occurred_at, started_at, ended_at, duration_ms, agent_ids, primary_agent_id, team_id, queue_name, contact_id, content_hash, body, phi_enc, score, compliant, needs_review, score_version, playbook_id, escalation_count, legal_hold, purged_at, created_at, updated_at, review_call_type';
    // The patients (their sealed identity is never opened by these queries).
    await tx.run(
      `INSERT INTO contacts (tenant_id, id, identity_enc, created_at, updated_at) SELECT '${TENANT}', ${cat(kind, "'c-'", 'i')}, 'x', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' ${seriesOf(kind, PATIENTS)}`,
    );
    await tx.run(`INSERT INTO interactions (${cols}) ${interactionSelect(kind, seriesOf(kind, ROWS))}`);
    // Statistics for the statements below (PostgreSQL otherwise plans them for an empty table and
    // walks a million rows through the wrong index).
    if (kind === 'postgres') await tx.run('ANALYZE interactions');
    // The patient's other calls: one in ~100,000 of the generated ones.
    await tx.run(
      `UPDATE interactions SET contact_id = ? WHERE tenant_id = ? AND id IN (${[0.1, 0.4, 0.7, 0.95].map(() => '?').join(', ')})`,
      [contactId, TENANT, ...[0.1, 0.4, 0.7, 0.95].map((f) => `ix-${Math.floor(f * ROWS)}`)],
    );
    // One escalation per 40 calls; the last week's still being worked, older ones resolved and
    // half of those reviewed.
    const week = Math.max(0, ROWS - Math.floor((7 * 86_400) / 31));
    await tx.run(
      `INSERT INTO escalations (tenant_id, interaction_id, idx, type, severity, body_enc, state, routed_to, last_action_at, last_action_by, utterance)
       SELECT tenant_id, id, 0,
         CASE (CAST(substr(id, 4) AS INTEGER) / 40) % 3 WHEN 0 THEN 'medical_emergency' WHEN 1 THEN 'mental_health_crisis' ELSE 'abusive_caller' END,
         CASE (CAST(substr(id, 4) AS INTEGER) / 40) % 4 WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' ELSE 'low' END,
         NULL,
         CASE WHEN CAST(substr(id, 4) AS INTEGER) < ${week} THEN 'resolved' ELSE CASE (CAST(substr(id, 4) AS INTEGER) / 40) % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'acknowledged' ELSE 'routed' END END,
         NULL, occurred_at, 'user:u-0', 3
       FROM interactions WHERE tenant_id = '${TENANT}' AND escalation_count = 1`,
    );
    await tx.run(
      `INSERT INTO escalation_reviews (tenant_id, interaction_id, esc_type, utterance, protocol_followed, body_enc, reviewed_by, reviewed_at)
       SELECT tenant_id, interaction_id, type, utterance, 'yes', 'x', 'u-0', last_action_at FROM escalations
       WHERE tenant_id = '${TENANT}' AND state = 'resolved' AND (CAST(substr(interaction_id, 4) AS INTEGER) / 40) % 2 = 0`,
    );
    await tx.run(
      `INSERT INTO audit_events (tenant_id, seq, at, actor_id, action, resource_type, resource_id, outcome, source, details, prev_hash, hash) ${auditSelect(kind, seq0, seriesOf(kind, events))}`,
    );
    // The chain's head moves past the generated events (their hashes are not a real chain: the
    // queries measured here never verify it).
    await tx.run('UPDATE audit_heads SET seq = ? WHERE tenant_id = ?', [seq0 + events, TENANT]);
  });
  for (const ix of indexes) await store.driver.exec(ix.sql);
  await store.driver.exec(kind === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  return { ms: Date.now() - started, events, contactId };
}

function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

interface Result {
  name: string;
  p50: number;
  p95: number;
  target: number;
  size: number;
}

async function measure(
  name: string,
  target: number,
  runs: number,
  fn: () => Promise<number>,
): Promise<Result> {
  await fn(); // warm the cache and the statement
  const times: number[] = [];
  let size = 0;
  for (let r = 0; r < runs; r++) {
    const t = process.hrtime.bigint();
    size = await fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return { name, p50: round(p(times, 0.5)), p95: round(p(times, 0.95)), target, size };
}

async function run(store: SqlStore): Promise<Result[]> {
  const iso = (ms: number) => new Date(ms).toISOString();
  const day = 86_400_000;
  const cora = who(['compliance'], { id: 'cora' });
  const sup = who(['supervisor'], { id: 'sam', teamIds: ['team-3', 'team-4'] });
  const q = (o: Parameters<SqlStore['oversight']['escalationQueue']>[2]) => async () =>
    (await store.oversight.escalationQueue(sup, TENANT, o)).items.length;
  const tenantQueue = (o: Parameters<SqlStore['oversight']['escalationQueue']>[2]) => async () =>
    (await store.oversight.escalationQueue(cora, TENANT, o)).items.length;
  const audit = (o: Parameters<SqlStore['oversight']['searchAudit']>[2]) => async () =>
    (await store.oversight.searchAudit(cora, TENANT, o)).items.length;
  const anomalies = (days: number) => async () =>
    (
      await store.oversight.accessAnomalies(cora, TENANT, {
        from: iso(NOW - days * day),
        to: iso(NOW + day),
      })
    ).readers.length;
  const lastMonthDay = { from: iso(NOW - 30 * day), to: iso(NOW - 29 * day) };
  const I = 200;
  return [
    await measure('queue: supervisor (2 teams), first page, with counts', I, RUNS, q({ limit: 50 })),
    await measure('queue: supervisor, open only', I, RUNS, q({ state: 'open', limit: 50 })),
    await measure('queue: whole tenant, first page, with counts', I, RUNS, tenantQueue({ limit: 50 })),
    await measure(
      'queue: whole tenant, critical medical, not reviewed',
      I,
      RUNS,
      tenantQueue({ type: 'medical_emergency', severity: 'critical', reviewed: false, limit: 50 }),
    ),
    await measure(
      'queue: whole tenant, last 30 days',
      I,
      RUNS,
      tenantQueue({ from: iso(NOW - 30 * day), limit: 50 }),
    ),
    await measure('audit: newest 100, no filter', I, RUNS, audit({ limit: 100 })),
    await measure('audit: by reader, newest 100', I, RUNS, audit({ actorId: 'u-17', limit: 100 })),
    await measure(
      'audit: by reader + one day a month ago',
      I,
      RUNS,
      audit({ actorId: 'u-17', ...lastMonthDay, limit: 100 }),
    ),
    await measure(
      'audit: by action phi.read, newest 100',
      I,
      RUNS,
      audit({ action: 'phi.read', limit: 100 }),
    ),
    await measure(
      'audit: by a rare action (audit.export), newest 100',
      I,
      RUNS,
      audit({ action: 'audit.export', limit: 100 }),
    ),
    await measure(
      'audit: recordings played, newest 100',
      I,
      RUNS,
      audit({ action: 'phi.read', resourceType: 'recording', limit: 100 }),
    ),
    await measure('audit: one day a month ago, newest 100', I, RUNS, audit({ ...lastMonthDay, limit: 100 })),
    await measure(
      'audit: action + one day a month ago',
      I,
      RUNS,
      audit({ action: 'phi.write', ...lastMonthDay, limit: 100 }),
    ),
    await measure(
      'audit: by patient (phone)',
      I,
      RUNS,
      audit({ patient: { phone: PATIENT_PHONE }, limit: 100 }),
    ),
    await measure(
      'audit: by patient + reader',
      I,
      RUNS,
      audit({ patient: { phone: PATIENT_PHONE }, actorId: 'u-17', limit: 100 }),
    ),
    await measure('anomaly report: 7 days (batch)', 2_000, REPORT_RUNS, anomalies(7)),
    await measure('anomaly report: 30 days (batch)', 5_000, REPORT_RUNS, anomalies(30)),
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
        `    ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(1)} ms ${sql.replace(/\s+/g, ' ').slice(0, 160)}`,
      );
      return r;
    };
  }
}

async function main() {
  const failed: string[] = [];
  for (const dialect of DIALECTS) {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    if (dialect === 'sqlite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-oversight-'));
      store = await openStore({
        url: `sqlite:${path.join(dir, 'bench.db')}`,
        keys: new LocalKeyProvider(Buffer.alloc(32, 5)),
      });
      cleanup = async () =>
        process.env.BENCH_KEEP
          ? console.log(`  kept ${path.join(dir, 'bench.db')}`)
          : fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const schema = `tb_bench_oversight_${process.pid}`;
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
    }
    try {
      const { ms, events } = await fill(store);
      if (process.env.BENCH_TRACE) trace(store);
      console.log(
        `\n${dialect}: ${ROWS.toLocaleString('en-US')} interactions, ${events.toLocaleString('en-US')} audit events, filled in ${(ms / 1000).toFixed(1)} s; load average ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
      );
      const results = await run(store);
      for (const r of results) {
        const pass = r.p95 <= r.target;
        if (!pass) failed.push(`${dialect}: ${r.name}`);
        console.log(
          `  ${pass ? 'PASS' : 'FAIL'} p50 ${String(r.p50).padStart(8)} ms  p95 ${String(r.p95).padStart(8)} ms  (target ${r.target} ms, ${r.size} rows)  ${r.name}`,
        );
      }
      console.log(
        `  load average after: ${fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
      );
    } finally {
      await store.close();
      await cleanup();
    }
  }
  if (failed.length > 0) {
    console.log(`\n${failed.length} over target:\n  ${failed.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
