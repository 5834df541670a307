import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { seededRandom } from '@teachback/core';
import { JobLedger, LocalKeyProvider, migrateJobs, openStore } from '@teachback/adapter-store';
import { startGenesysSimulator, SUPERVISORS, type GenesysSimulator } from '@teachback/simulator-genesys';
import { provisionInSimulator } from '../support/genesys-connection';
import { system } from './support/records';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';

/*
 * The ledger's claim and finish commit without waiting for the WAL flush (adapters/jobs README,
 * "Ledger commits without the flush wait"). This is the crash that can lose them: a Genesys backfill
 * on the distributed runner (pg-boss, a real worker process) against a private PostgreSQL 15
 * cluster that is shut down with `immediate` (every server process killed at once, nothing written
 * out) at random points of the run, the worker frozen just before and killed with it, as when the
 * machine loses power. The walwriter is slowed (wal_writer_delay 10 s), so commits that did not wait
 * for the flush stay in memory until a synchronous commit writes them, and a crash loses those that
 * came after the last one. After each crash the cluster replays its WAL, the worker starts again,
 * and at the end the store, the ledger and what Genesys received must equal an uninterrupted run's:
 * nothing lost, nothing twice.
 */

jest.setTimeout(600_000);

const ROOT = path.resolve(__dirname, '../../..');
const HOOK = path.join(ROOT, 'adapters/jobs/tests/support/ts-register.cjs');
const ENTRY = path.join(ROOT, 'adapters/jobs/src/testing/backfill-process.ts');
const MASTER_KEY = 'cd'.repeat(32);
const KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));
const TENANT = 'pgcrash';
const CONVERSATIONS = 24;
const CRASHES = 3;
const FROM = '2026-10-31T00:00:00.000Z';
const TO = '2026-11-30T00:00:00.000Z';

let pg: PrivatePostgres | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-pgcrash-'));
const sims: GenesysSimulator[] = [];
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(async () => {
  for (const s of sims) await s.close();
  pg?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  nock.enableNetConnect();
});

async function prepare(url: string) {
  const sim = await startGenesysSimulator({
    seed: 11,
    conversations: CONVERSATIONS,
    rateLimitPerMinute: 100_000,
    jobPollsUntilFulfilled: 1,
    jobPageSizeMax: 15,
    evaluationsPerAgentPerDay: 100_000,
  });
  sims.push(sim);
  const installation = await provisionInSimulator(sim.url, TENANT);
  const installFile = path.join(dir, `install-${sim.port}.json`);
  fs.writeFileSync(installFile, JSON.stringify(installation));
  const store = await openStore({ url, keys: KEYS });
  await store.tenants.create({ id: TENANT, name: 'Crash Ledger Clinic' });
  await store.close();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEACHBACK_MASTER_KEY: MASTER_KEY,
    TB_DB_URL: url,
    TB_RUNNER: 'distributed',
    TB_ROLE: 'backfill',
    TB_BOSS_URL: url,
    TB_BOSS_SCHEMA: 'pgboss',
    TB_SIM_URL: sim.url,
    TB_TENANT: TENANT,
    TB_FROM: FROM,
    TB_TO: TO,
    TB_INSTALL_FILE: installFile,
    TB_SUPERVISOR: SUPERVISORS[0]!,
  };
  return { url, sim, env };
}

function start(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<void>; exit: Promise<number> } {
  const child = spawn(process.execPath, ['-r', HOOK, ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const ready = new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
  );
  const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, ready, exit };
}

/** Each job's state and attempts, read on a connection of its own. */
async function ledgerRows(url: string): Promise<Map<string, string>> {
  const store = await openStore({ url, keys: KEYS });
  try {
    const jobs = await new JobLedger(store.driver).all(TENANT);
    return new Map(jobs.map((j) => [j.key, `${j.state}/${j.attempts}`]));
  } finally {
    await store.close();
  }
}

async function snapshot(run: Awaited<ReturnType<typeof prepare>>) {
  const store = await openStore({ url: run.url, keys: KEYS });
  try {
    const reader = system(TENANT, ['compliance']);
    const page = await store.interactions.list(reader, TENANT, {}, { limit: 500 });
    const externalOf = new Map(page.items.map((i) => [i.id, i.externalId]));
    const tasks = await store.coaching.listTasks(reader, TENANT);
    const jobs = await new JobLedger(store.driver).all(TENANT);
    return {
      interactions: page.items
        .map((i) => [i.externalId, i.score, i.compliant, i.scoreVersion, i.escalationCount].join(' '))
        .sort(),
      tasks: tasks.map((t) => `${externalOf.get(t.interactionId)} v${t.id.split('-v').pop()}`).sort(),
      // Which intermediate agent-day score sets get a metrics job depends on how steps interleave
      // (as in tests/crash.test.ts): compared are the values Genesys ends up holding.
      jobs: jobs
        .filter((j) => j.step !== 'metrics')
        .map((j) => `${j.key} ${j.state}`)
        .sort(),
      metricJobsOpen: jobs.filter((j) => j.step === 'metrics' && j.state !== 'done').length,
      metrics: [...run.sim.pushed.metricData.values()]
        .map(
          (m) =>
            `${m.userId} ${run.sim.pushed.metricDefinitions.find((d) => d.id === m.metricId)?.name ?? '?'} ${m.dateOccurred} ${m.value}`,
        )
        .sort(),
      evaluations: run.sim.pushed.evaluations.map((e) => e.conversation?.id ?? '?').sort(),
      coaching: run.sim.pushed.coaching.map((c) => c.conversations?.[0]?.id ?? '?').sort(),
    };
  } finally {
    await store.close();
  }
}

/*
 * What the crash below can take back: a claim and a finish that did not wait for the flush are gone
 * after an immediate shutdown that came before any synchronous commit wrote them, while a
 * synchronous commit before them is kept. (With the old synchronous claim and finish this fails:
 * both survive.)
 */
it('an immediate shutdown takes back the ledger commits that did not wait for the flush, and only those', async () => {
  pg ??= await startPrivatePostgres(['wal_writer_delay=10000']);
  const admin = await openStore({ url: pg.url, keys: KEYS });
  await admin.driver.exec('CREATE DATABASE mech');
  await admin.close();
  const url = pg.url.replace(/\/postgres$/, '/mech');
  const spec = (externalId: string) => ({
    tenantId: TENANT,
    platform: 'genesys' as const,
    externalId,
    step: 'score' as const,
  });
  let store = await openStore({ url, keys: KEYS });
  await migrateJobs(store.driver);
  let ledger = new JobLedger(store.driver);
  const [a, b, c] = [spec('a'), spec('b'), spec('c')];
  for (const s of [a, b, c]) await ledger.insert(s);
  const [ka, kb, kc] = [a, b, c].map((s) => `${TENANT}|genesys|${s.externalId}|score`);
  // Synchronous: a retry's schedule.
  await ledger.start(kc!);
  await ledger.retryAt(kc!, 5_000, 'GENESYS.SERVER_ERROR');
  // Without the flush wait: a claim; a claim and a finish with its next job.
  expect(await ledger.claim(ka!, Date.now())).toMatchObject({ state: 'running' });
  await ledger.claim(kb!, Date.now());
  await ledger.finishWith(kb!, [{ ...b, step: 'escalate' }]);
  expect((await ledger.get(kb!))?.state).toBe('done');
  await store.close();
  pg.crash();
  store = await openStore({ url, keys: KEYS });
  ledger = new JobLedger(store.driver);
  try {
    const rows = (await ledger.all(TENANT)).map((j) => `${j.externalId}/${j.step} ${j.state} ${j.attempts}`);
    // a and b are queued again (they run again, as a killed worker's jobs do); c's retry is kept.
    expect(rows).toEqual(['a/score queued 0', 'b/score queued 0', 'c/score queued 1']);
  } finally {
    await store.close();
  }
});

it(`a PostgreSQL crash (immediate shutdown) ${CRASHES} times mid-backfill: nothing lost, nothing twice`, async () => {
  pg ??= await startPrivatePostgres(['wal_writer_delay=10000']);
  const admin = await openStore({ url: pg.url, keys: KEYS });
  await admin.driver.exec('CREATE DATABASE ref');
  await admin.driver.exec('CREATE DATABASE crashed');
  await admin.close();
  const reference = await prepare(pg.url.replace(/\/postgres$/, '/ref'));
  const crashed = await prepare(pg.url.replace(/\/postgres$/, '/crashed'));

  const ref = start(reference.env);
  await ref.ready;
  const t0 = Date.now();
  expect(await ref.exit).toBe(0);
  const workMs = Date.now() - t0;

  const seed = Date.now() % 100_000;
  const random = seededRandom(seed);
  let crashes = 0;
  // Ledger rows a crash took back (a claim or finish that never reached the disk), over all crashes.
  let undone = 0;
  for (let runs = 0; crashes < CRASHES && runs < CRASHES * 3; runs++) {
    const w = start(crashed.env);
    const first = await Promise.race([w.ready.then(() => 'ready'), w.exit.then(() => 'exit')]);
    if (first === 'exit') break;
    await new Promise((r) => setTimeout(r, 200 + Math.floor(random() * (workMs / CRASHES))));
    if (w.child.exitCode !== null) break;
    // Freeze the worker, so what the ledger says now is what the crash starts from.
    w.child.kill('SIGSTOP');
    const before = await ledgerRows(crashed.url);
    pg.crash();
    w.child.kill('SIGKILL');
    await w.exit;
    crashes++;
    const after = await ledgerRows(crashed.url);
    for (const [key, row] of before) if (after.get(key) !== row) undone++;
  }
  for (let runs = 0; runs < 5; runs++) if ((await start(crashed.env).exit) === 0) break;

  const [want, got] = [await snapshot(reference), await snapshot(crashed)];
  expect({ seed, crashes }).toEqual({ seed, crashes: CRASHES });
  process.stdout.write(`ledger rows a crash took back: ${undone} over ${crashes} crashes (seed ${seed})\n`);
  expect(want.jobs.filter((j) => !j.endsWith(' done'))).toEqual([]);
  expect(want.evaluations.length).toBeGreaterThan(0);
  expect(new Set(want.evaluations).size).toBe(want.evaluations.length);
  expect(want.tasks.length).toBeGreaterThan(0);
  // Nothing lost, nothing twice: the same store, ledger and platform writes as without crashes.
  expect(got).toEqual(want);
  expect(crashed.sim.stats.coachingCreated).toBe(reference.sim.stats.coachingCreated);
  const store = await openStore({ url: crashed.url, keys: KEYS });
  try {
    expect(await store.audit.verify(system(TENANT, ['compliance']), TENANT)).toMatchObject({ ok: true });
  } finally {
    await store.close();
  }
});
