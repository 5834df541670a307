import { execFileSync, spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadCompiledPlaybook } from '@teachback/config';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { MemoryInstallations, MemoryVault, provisionGenesysOrg } from '@teachback/adapter-genesys';
import { GenesysClient } from '@teachback/connector-genesys';
import { SUPERVISORS, startGenesysSimulator } from '@teachback/simulator-genesys';
import { DistributedRunner } from '../../src/distributed';
import { JobLedger, migrateJobs, type SqlDriver } from '@teachback/adapter-store';
import { scratchDatabase, TEST_PG_URL } from '../../src/testing/databases';

/*
 * Two `worker` processes against one PostgreSQL vs one: the same backfill from the Genesys
 * simulator, timed from enqueue to the last job done. Also checks that nothing ran twice to
 * effect (one evaluation and at most one coaching appointment per conversation, every job done).
 *
 *   node -r ./adapters/jobs/tests/support/ts-register.cjs adapters/jobs/tests/bench/workers.bench.ts
 *   env: TEACHBACK_BENCH_LATENCIES (ms added per platform request, one round per value: default
 *        "0,50"; 0 talks to the simulator directly),
 *        TEACHBACK_BENCH_CONVERSATIONS (default 300), TEACHBACK_BENCH_CONCURRENCY (per worker, 4),
 *        TEACHBACK_BENCH_WORKERS (comma list, default 1,2), TEACHBACK_BENCH_RUNS (rounds per latency,
 *        default 1; the summary then gives every ratio and the median), TEACHBACK_BENCH_WORKER_NODE_ARGS
 *        (extra node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
 *        TEACHBACK_TEST_PG_URL
 */

const CONVERSATIONS = Number(process.env.TEACHBACK_BENCH_CONVERSATIONS ?? 300);
const CONCURRENCY = Number(process.env.TEACHBACK_BENCH_CONCURRENCY ?? 4);
const WORKERS = (process.env.TEACHBACK_BENCH_WORKERS ?? '1,2').split(',').map(Number);
/** Extra node flags for the worker processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const WORKER_NODE_ARGS = (process.env.TEACHBACK_BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** Rounds of each latency (the box is shared: one round is one sample of noise). */
const RUNS = Number(process.env.TEACHBACK_BENCH_RUNS ?? 1);
const LATENCIES = (process.env.TEACHBACK_BENCH_LATENCIES ?? process.env.TEACHBACK_BENCH_LATENCY_MS ?? '0,50')
  .split(',')
  .map(Number);
/** Issue 20: two workers against one, by added platform latency. */
const TARGET_SPEEDUP: Record<number, number> = { 0: 1.6, 50: 1.8 };
const TENANT = 'bench-co';
const FROM = '2026-10-31T00:00:00.000Z';
const TO = '2026-11-30T00:00:00.000Z';
// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ef'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

// Run from sources (like the tests), so the bench never measures a stale build.
const ENTRY = path.join(__dirname, '..', '..', 'src', 'testing', 'backfill-process.ts');
const HOOK = path.join(__dirname, '..', 'support', 'ts-register.cjs');

/**
 * Real Genesys answers in tens to hundreds of milliseconds, the simulator in one: a proxy in front
 * of it adds that round trip, so the bench measures what a backfill waits on in production.
 */
async function slowProxy(
  target: string,
  latencyMs: number,
): Promise<{ url: string; close: () => Promise<void> }> {
  if (latencyMs <= 0) return { url: target, close: async () => undefined };
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      const up = http.request(
        { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    }, latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** What a worker process reports when it exits (testing/backfill-process.ts). */
interface WorkerStats {
  /** CPU from `ready` to drained: the work, without start-up (module loading, TypeScript). */
  workCpuMs: number;
  requests: number;
  steps: Record<string, { n: number; ms: number }>;
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU of the PostgreSQL backends serving the workers (found by application_name), read from /proc:
 * PostgreSQL runs on this machine and its work is part of what a worker costs. Sampled every
 * 100 ms, so a backend that exits loses at most its last 100 ms (the workers are idle by then).
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private started = false;

  constructor(
    private readonly driver: SqlDriver,
    private readonly appName: string,
  ) {}

  /**
   * Samples of backends that were not idle, by state and what they waited on (no wait: on CPU; idle
   * in transaction: waiting for the worker's next statement, with the last one it sent).
   */
  readonly waits = new Map<string, number>();

  async sample(): Promise<void> {
    const rows = await this.driver.all<{
      pid: number;
      state: string | null;
      wait: string | null;
      query: string;
      blocker: string | null;
    }>(
      `SELECT a.pid, a.state, a.wait_event_type || ':' || a.wait_event AS wait, left(a.query, 50) AS query,
         (SELECT b.state || ' ' || left(b.query, 50) FROM pg_stat_activity b WHERE b.pid = (pg_blocking_pids(a.pid))[1]) AS blocker
       FROM pg_stat_activity a WHERE a.application_name = ?`,
      [this.appName],
    );
    for (const { pid, state, wait, query, blocker } of rows) {
      if (this.started && state !== 'idle') {
        const k =
          state === 'idle in transaction'
            ? `${state} after ${query}`
            : `${state}${wait ? ` ${wait}` : ''}${wait?.startsWith('Lock') ? ` ${query} (blocked by: ${blocker})` : ''}`;
        this.waits.set(k, (this.waits.get(k) ?? 0) + 1);
      }
      let ticks: number;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks = Number(f[11]) + Number(f[12]);
      } catch {
        continue;
      }
      // Backends open before the run count from the run's start; later ones from their own.
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : ticks);
      this.last.set(pid, ticks);
    }
    this.started = true;
  }

  totalMs(): number {
    let t = 0;
    for (const [pid, ticks] of this.last) t += ticks - this.first.get(pid)!;
    return Math.round((t * 1000) / CLK_TCK);
  }
}

/**
 * The ledger every 100 ms: how often work was due while a worker slot stood idle (jobs waiting for
 * delivery), and how often slots stood idle with nothing due (the pipeline's shape: each
 * interaction's steps run one after another).
 */
class QueueSampler {
  private samples = 0;
  private dueWhileIdle = 0;
  private idleSlots = 0;
  private idleNothingDue = 0;

  constructor(
    private readonly driver: SqlDriver,
    private readonly slots: number,
  ) {}

  async sample(): Promise<void> {
    const r = await this.driver.get<{ due: number | string; running: number | string }>(
      "SELECT COUNT(*) FILTER (WHERE state = 'queued' AND run_after <= ?) AS due, COUNT(*) FILTER (WHERE state = 'running') AS running FROM tb_jobs_ledger",
      [Date.now()],
    );
    const due = Number(r?.due ?? 0);
    const idle = Math.max(0, this.slots - Number(r?.running ?? 0));
    this.samples++;
    this.idleSlots += idle;
    if (due > 0) this.dueWhileIdle += Math.min(due, idle);
    else this.idleNothingDue += idle;
  }

  summary(): string {
    const pct = (n: number) => `${((n / Math.max(1, this.samples * this.slots)) * 100).toFixed(0)}%`;
    return `worker slots idle ${pct(this.idleSlots)} of the run: ${pct(this.dueWhileIdle)} with a job due and undelivered, ${pct(this.idleNothingDue)} with nothing due`;
  }
}

async function once(workers: number, latencyMs: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-'));
  const db = await scratchDatabase('postgres');
  const sim = await startGenesysSimulator({
    seed: 5,
    conversations: CONVERSATIONS,
    rateLimitPerMinute: 1_000_000,
    jobPollsUntilFulfilled: 1,
    jobPageSizeMax: 100,
    evaluationsPerAgentPerDay: 1_000_000,
    spanHours: 96,
  });
  const proxy = await slowProxy(sim.url, latencyMs);
  try {
    const store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Bench Clinic' });
    await migrateJobs(store.driver);
    const installations = new MemoryInstallations();
    const res = await provisionGenesysOrg(
      {
        vault: new MemoryVault(),
        installations,
        playbook: loadCompiledPlaybook('healthcare-inbound').playbook,
        premiumAppIntegrationTypeId: 'teachback-premium-app',
        clientFor: (o) => new GenesysClient({ ...o, gateway: sim.url }),
      },
      {
        tenantId: TENANT,
        orgId: 'sim-org',
        region: 'mypurecloud.com',
        oauthClientId: 'sim-client',
        oauthClientSecret: 'sim-secret',
      },
    );
    if (!res.ok) throw new Error(`provisioning failed: ${res.error.code}`);
    const installFile = path.join(dir, 'install.json');
    fs.writeFileSync(installFile, JSON.stringify(await installations.get(TENANT)));
    const env = {
      ...process.env,
      TEACHBACK_MASTER_KEY: MASTER_KEY,
      TB_DB_URL: db.url,
      TB_RUNNER: 'distributed',
      TB_ROLE: 'worker',
      TB_BOSS_URL: TEST_PG_URL,
      TB_BOSS_SCHEMA: db.bossSchema!,
      TB_SIM_URL: proxy.url,
      TB_DOWNLOAD_HOST: new URL(sim.url).host,
      TB_TENANT: TENANT,
      TB_FROM: FROM,
      TB_TO: TO,
      TB_INSTALL_FILE: installFile,
      TB_SUPERVISOR: SUPERVISORS[0]!,
      TB_CONCURRENCY: String(CONCURRENCY),
      TB_RPM: '600000',
    };
    // pg-boss's schema and queue exist before the workers race to create them.
    const enqueuer = new DistributedRunner(
      new JobLedger(store.driver),
      {},
      {
        connectionString: TEST_PG_URL,
        schema: db.bossSchema!,
      },
    );
    await enqueuer.open();
    // Every connection the workers open carries this name, so their PostgreSQL backends' CPU is counted.
    const appName = `tb-bench-${path.basename(dir)}`;
    const children = Array.from({ length: workers }, () => {
      const child = spawn(process.execPath, [...WORKER_NODE_ARGS, '-r', HOOK, ENTRY], {
        env: { ...env, PGAPPNAME: appName },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('ready')) resolve();
        }),
      );
      const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
      const stats = (): WorkerStats | undefined => {
        const m = /^stats (.*)$/m.exec(out);
        return m ? (JSON.parse(m[1]!) as WorkerStats) : undefined;
      };
      return { ready, exit, stats };
    });
    await Promise.all(children.map((c) => c.ready));
    const pg = new BackendCpu(store.driver, appName);
    await pg.sample();
    const benchCpu0 = process.cpuUsage();
    const t0 = Date.now();
    const queue = new QueueSampler(store.driver, workers * CONCURRENCY);
    const sampler = setInterval(() => {
      void pg.sample().catch(() => undefined);
      void queue.sample().catch(() => undefined);
    }, 100);
    await enqueuer.enqueue({
      tenantId: TENANT,
      platform: 'genesys',
      externalId: `backfill:${FROM}/${TO}`,
      step: 'sync',
      payload: { mode: 'backfill', from: FROM, to: TO, chunkHours: 12 },
    });
    const codes = await Promise.all(children.map((c) => c.exit));
    const ms = Date.now() - t0;
    clearInterval(sampler);
    await pg.sample();
    const benchCpu = process.cpuUsage(benchCpu0);
    await enqueuer.stop();
    const jobs = await new JobLedger(store.driver).all(TENANT);
    await store.close();
    const evaluated = sim.pushed.evaluations.map((e) => e.conversation?.id);
    const coached = sim.pushed.coaching.map((c) => c.conversations?.[0]?.id);
    return {
      workers,
      latencyMs,
      ms,
      codes,
      workerStats: children.map((c) => c.stats()),
      pgCpuMs: pg.totalMs(),
      pgWaits: pg.waits,
      queue: queue.summary(),
      benchCpuMs: Math.round((benchCpu.user + benchCpu.system) / 1000),
      jobs: jobs.length,
      syncMs: Math.max(...jobs.filter((j) => j.step === 'sync').map((j) => j.updatedAt)) - t0,
      lastJobMs: Math.max(...jobs.map((j) => j.updatedAt)) - t0,
      notDone: jobs.filter((j) => j.state !== 'done').length,
      deadCodes: [...new Set(jobs.filter((j) => j.state === 'dead').map((j) => j.lastError))],
      evaluations: evaluated.length,
      duplicateEvaluations: evaluated.length - new Set(evaluated).size,
      coaching: coached.length,
      duplicateCoaching: coached.length - new Set(coached).size,
      evaluationReplays: sim.stats.evaluationReplays,
    };
  } finally {
    await proxy.close();
    await sim.close();
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const summary: string[] = [];
  for (const latency of LATENCIES) {
    const ratios: number[] = [];
    for (let round = 0; round < RUNS; round++) {
      const results: Array<Awaited<ReturnType<typeof once>>> = [];
      // Every other round runs two workers first, so a load that drifts during a round does not
      // always favour the same side.
      const order = round % 2 === 0 ? WORKERS : [...WORKERS].reverse();
      for (const n of order) {
        const r = await once(n, latency);
        results[WORKERS.indexOf(n)] = r;
        const perSec = Math.round((r.jobs / (r.ms / 1000)) * 10) / 10;
        const workCpu = r.workerStats.map((w) => w?.workCpuMs ?? NaN);
        const cpuTotal = workCpu.reduce((a, b) => a + b, 0) + r.pgCpuMs + r.benchCpuMs;
        const steps: Record<string, { n: number; ms: number }> = {};
        for (const w of r.workerStats)
          for (const [k, v] of Object.entries(w?.steps ?? {})) {
            const t = (steps[k] ??= { n: 0, ms: 0 });
            t.n += v.n;
            t.ms += v.ms;
          }
        console.log(
          `${n} worker(s) × concurrency ${CONCURRENCY}, +${latency} ms per platform request: ${CONVERSATIONS} conversations, ${r.jobs} jobs in ${(r.ms / 1000).toFixed(1)} s (${perSec} jobs/s; sync jobs done after ${(r.syncMs / 1000).toFixed(1)} s, last job after ${(r.lastJobMs / 1000).toFixed(1)} s); ` +
            `not done ${r.notDone} ${r.deadCodes.join(',')}; evaluations ${r.evaluations} (duplicates ${r.duplicateEvaluations}, replays answered ${r.evaluationReplays}); ` +
            `coaching ${r.coaching} (duplicates ${r.duplicateCoaching}); exit codes ${r.codes.join(',')}; platform requests ${r.workerStats.map((w) => w?.requests).join('+')}`,
        );
        console.log(
          `  CPU ms from enqueue to exit: workers ${workCpu.join('+')}, their PostgreSQL backends ${r.pgCpuMs}, bench+simulator+proxy ${r.benchCpuMs}; ` +
            `${(cpuTotal / CONVERSATIONS).toFixed(1)} ms per interaction (workers ${(workCpu.reduce((a, b) => a + b, 0) / CONVERSATIONS).toFixed(1)}, PostgreSQL ${(r.pgCpuMs / CONVERSATIONS).toFixed(1)}); ` +
            `CPU busy ${((cpuTotal / r.ms) * 100).toFixed(0)}% of one core over the run`,
        );
        console.log(
          `  job wall time by step (count, mean ms): ${Object.entries(steps)
            .map(([k, v]) => `${k} ${v.n}${v.ms ? ` ${(v.ms / v.n).toFixed(0)}` : ''}`)
            .join(', ')}`,
        );
        console.log(`  ${r.queue}`);
        console.log(
          `  PostgreSQL backends, samples every 100 ms by state/wait: ${[...r.pgWaits]
            .sort((a, b) => b[1] - a[1])
            .filter(([k], i) => i < 10 || k.includes('Lock:'))
            .map(([k, v]) => `${k} ×${v}`)
            .join('; ')}`,
        );
      }
      if (results.length >= 2) ratios.push(results[0]!.ms / results[1]!.ms);
    }
    if (ratios.length > 0) {
      const want = TARGET_SPEEDUP[latency];
      const sorted = [...ratios].sort((a, b) => a - b);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      summary.push(
        `speed-up ${WORKERS[0]}→${WORKERS[1]} workers at +${latency} ms: ${ratios.map((x) => `${x.toFixed(2)}×`).join(', ')}` +
          (ratios.length > 1 ? ` (median ${median.toFixed(2)}×)` : '') +
          (want ? ` (target ≥ ${want}×: ${median >= want ? 'met' : 'NOT met'})` : ''),
      );
    }
  }
  for (const line of summary) console.log(line);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores (other processes share them)`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
