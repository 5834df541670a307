import { spawn } from 'node:child_process';
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
import { JobLedger, migrateJobs } from '@teachback/adapter-store';
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
 *        TEACHBACK_BENCH_WORKERS (comma list, default 1,2), TEACHBACK_TEST_PG_URL
 */

const CONVERSATIONS = Number(process.env.TEACHBACK_BENCH_CONVERSATIONS ?? 300);
const CONCURRENCY = Number(process.env.TEACHBACK_BENCH_CONCURRENCY ?? 4);
const WORKERS = (process.env.TEACHBACK_BENCH_WORKERS ?? '1,2').split(',').map(Number);
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
    const exits: Array<() => string> = [];
    const children = Array.from({ length: workers }, () => {
      const child = spawn(process.execPath, ['-r', HOOK, ENTRY], {
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
      );
      let cpu = '';
      child.stdout.on('data', (d: Buffer) => (cpu += /drained cpu (\d+)/.exec(d.toString())?.[1] ?? ''));
      const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
      exits.push(() => cpu);
      return { ready, exit };
    });
    await Promise.all(children.map((c) => c.ready));
    const t0 = Date.now();
    await enqueuer.enqueue({
      tenantId: TENANT,
      platform: 'genesys',
      externalId: `backfill:${FROM}/${TO}`,
      step: 'sync',
      payload: { mode: 'backfill', from: FROM, to: TO, chunkHours: 12 },
    });
    const codes = await Promise.all(children.map((c) => c.exit));
    const ms = Date.now() - t0;
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
      workerCpuMs: exits.map((c) => c()),
      benchCpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      jobs: jobs.length,
      syncMs: Math.max(...jobs.filter((j) => j.step === 'sync').map((j) => j.updatedAt)) - t0,
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
    const results = [];
    for (const n of WORKERS) {
      const r = await once(n, latency);
      results.push(r);
      const perSec = Math.round((r.jobs / (r.ms / 1000)) * 10) / 10;
      console.log(
        `${n} worker(s) × concurrency ${CONCURRENCY}, +${latency} ms per platform request: ${CONVERSATIONS} conversations, ${r.jobs} jobs in ${(r.ms / 1000).toFixed(1)} s (${perSec} jobs/s; sync jobs done after ${(r.syncMs / 1000).toFixed(1)} s); ` +
          `not done ${r.notDone} ${r.deadCodes.join(',')}; evaluations ${r.evaluations} (duplicates ${r.duplicateEvaluations}, replays answered ${r.evaluationReplays}); ` +
          `coaching ${r.coaching} (duplicates ${r.duplicateCoaching}); exit codes ${r.codes.join(',')}; worker CPU ms ${r.workerCpuMs.join(',')}; bench+simulator CPU ms so far ${r.benchCpuMs}`,
      );
    }
    if (results.length >= 2) {
      const ratio = results[0]!.ms / results[1]!.ms;
      const want = TARGET_SPEEDUP[latency];
      summary.push(
        `speed-up ${results[0]!.workers}→${results[1]!.workers} workers at +${latency} ms: ${ratio.toFixed(2)}×` +
          (want ? ` (target ≥ ${want}×: ${ratio >= want ? 'met' : 'NOT met'})` : ''),
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
