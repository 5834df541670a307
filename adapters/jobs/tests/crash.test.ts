import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { loadCompiledPlaybook } from '@teachback/config';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { MemoryInstallations, MemoryVault, provisionGenesysOrg } from '@teachback/adapter-genesys';
import { GenesysClient } from '@teachback/connector-genesys';
import type { AccessContext } from '@teachback/core';
import { startGenesysSimulator, SUPERVISORS, type GenesysSimulator } from '@teachback/simulator-genesys';
import { DEFAULT_RANGE, REPORTS, startFive9Simulator } from '@teachback/simulator-five9';
import { saveFive9Connection } from '../src/connections';
import { JobLedger } from '@teachback/adapter-store';
import { scratchDatabase, TEST_PG_URL, type ScratchDatabase } from '../src/testing/databases';
import type { ProcessEnv } from '../src/testing/backfill-process';

/*
 * Crash safety: a backfill from the Genesys simulator, SIGKILLed at random points (at least 10) and
 * restarted, must end exactly where an uninterrupted run ends: the same interactions, scorecards,
 * coaching tasks and ledger, and the simulator must have received the same push-backs, none twice,
 * also when killed exactly between a coaching appointment's creation and its receipt.
 */

jest.setTimeout(300_000);

const TENANT = 'crash-co';
const CONVERSATIONS = 60;
const KILLS = 10;
/** Kills placed exactly between a platform write and its receipt (per platform). */
const WINDOW_KILLS = 3;
const FROM = '2026-10-31T00:00:00.000Z';
const TO = '2026-11-30T00:00:00.000Z';
const HOOK = path.join(__dirname, 'support', 'ts-register.cjs');
const ENTRY = path.join(__dirname, '..', 'src', 'testing', 'backfill-process.ts');
// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ab'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

const reader: AccessContext = {
  actor: {
    kind: 'system',
    id: 'crash-test',
    tenantId: TENANT,
    roles: ['compliance'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'test',
};

async function installFile(sim: GenesysSimulator, dir: string): Promise<string> {
  const installations = new MemoryInstallations();
  const cp = loadCompiledPlaybook('healthcare-inbound');
  const res = await provisionGenesysOrg(
    {
      vault: new MemoryVault(),
      installations,
      playbook: cp.playbook,
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
  const file = path.join(dir, `install-${sim.port}.json`);
  fs.writeFileSync(file, JSON.stringify(await installations.get(TENANT)));
  return file;
}

interface Run {
  db: ScratchDatabase;
  sim: GenesysSimulator;
  env: ProcessEnv & NodeJS.ProcessEnv;
}

async function prepare(runner: 'embedded' | 'distributed', dir: string): Promise<Run> {
  const db = await scratchDatabase(runner === 'embedded' ? 'sqlite' : 'postgres');
  const sim = await startGenesysSimulator({
    seed: 11,
    conversations: CONVERSATIONS,
    rateLimitPerMinute: 100_000,
    jobPollsUntilFulfilled: 1,
    jobPageSizeMax: 15,
    evaluationsPerAgentPerDay: 100_000,
  });
  const store = await openStore({ url: db.url, keys: MASTER_KEYS });
  await store.tenants.create({ id: TENANT, name: 'Crash Test Clinic' });
  await store.close();
  const env = {
    ...process.env,
    TEACHBACK_MASTER_KEY: MASTER_KEY,
    TB_DB_URL: db.url,
    TB_RUNNER: runner,
    TB_ROLE: 'backfill' as const,
    TB_BOSS_URL: TEST_PG_URL,
    ...(db.bossSchema ? { TB_BOSS_SCHEMA: db.bossSchema } : {}),
    TB_SIM_URL: sim.url,
    TB_TENANT: TENANT,
    TB_FROM: FROM,
    TB_TO: TO,
    TB_INSTALL_FILE: await installFile(sim, dir),
    TB_SUPERVISOR: SUPERVISORS[0]!,
  };
  return { db, sim, env };
}

function start(
  env: NodeJS.ProcessEnv,
  entry = ENTRY,
): { child: ChildProcess; ready: Promise<void>; exit: Promise<number> } {
  const child = spawn(process.execPath, ['-r', HOOK, entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
  });
  const exit = new Promise<number>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') process.stderr.write(err.slice(-2000));
      resolve(code ?? -1);
    }),
  );
  return { child, ready, exit };
}

/** Runs to the end; returns how long the work took (from `ready` to exit). */
async function runToEnd(env: NodeJS.ProcessEnv, entry = ENTRY): Promise<number> {
  const { ready, exit } = start(env, entry);
  await Promise.race([ready, exit]);
  const t0 = Date.now();
  expect(await exit).toBe(0);
  return Date.now() - t0;
}

/**
 * Kills the backfill at random moments of its work until `kills` kills landed, then lets it finish.
 * Delays are spread so the kills together cover about half of an uninterrupted run's work: sync,
 * scoring and push-back all get hit, and the run cannot finish before the last kill.
 */
async function runWithKills(
  env: NodeJS.ProcessEnv,
  kills: number,
  workMs: number,
  random: () => number,
  entry = ENTRY,
): Promise<number> {
  let landed = 0;
  while (landed < kills) {
    const p = start(env, entry);
    const first = await Promise.race([
      p.ready.then(() => 'ready' as const),
      p.exit.then(() => 'exit' as const),
    ]);
    if (first === 'exit') break;
    await new Promise((r) => setTimeout(r, 10 + Math.floor(random() * (workMs / kills))));
    if (p.child.exitCode === null) {
      p.child.kill('SIGKILL');
      landed++;
    }
    const code = await p.exit;
    if (code === 0) break;
  }
  await runToEnd(env, entry);
  return landed;
}

/**
 * Kills the process at the worst moment for a platform write without an idempotency key: the
 * platform has applied it and the answer is on its way, so no receipt can exist. `arm` installs
 * the simulator hook that does the killing. Returns how many of `kills` landed there.
 */
async function killInWriteWindow(
  env: NodeJS.ProcessEnv,
  kills: number,
  arm: (kill: () => void) => void,
  entry = ENTRY,
): Promise<number> {
  let landed = 0;
  for (let i = 0; i < kills; i++) {
    const p = start(env, entry);
    let killed = false;
    arm(() => {
      if (killed || p.child.exitCode !== null || !p.child.pid) return;
      killed = true;
      // Synchronous: the child can run no more code, so it never reads the platform's answer.
      process.kill(p.child.pid, 'SIGKILL');
    });
    const code = await p.exit;
    arm(() => undefined);
    if (killed) landed++;
    if (code === 0) break;
  }
  return landed;
}

async function snapshot(run: Run) {
  const store = await openStore({ url: run.db.url, keys: MASTER_KEYS });
  try {
    const items = [];
    let cursor: string | undefined;
    do {
      const page = await store.interactions.list(
        reader,
        TENANT,
        {},
        { limit: 500, ...(cursor ? { cursor } : {}) },
      );
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const externalOf = new Map(items.map((i) => [i.id, i.externalId]));
    const tasks = await store.coaching.listTasks(reader, TENANT);
    const jobs = await new JobLedger(store.driver).all(TENANT);
    return {
      interactions: items
        .map((i) => [i.externalId, i.score, i.compliant, i.scoreVersion, i.escalationCount].join(' '))
        .sort(),
      tasks: tasks.map((t) => `${externalOf.get(t.interactionId)} v${t.id.split('-v').pop()}`).sort(),
      // A metrics job's key names the agent-day's set of scores when its push ran, so which
      // intermediate sets get a job depends on how steps interleave; what must match is the
      // values Genesys ends up holding (below), and that no metrics job is left undone.
      jobs: jobs
        .filter((j) => j.step !== 'metrics')
        .map((j) => `${j.key} ${j.state}${j.lastError ? ` ${j.lastError}` : ''}`)
        .sort(),
      metricJobsOpen: jobs.filter((j) => j.step === 'metrics' && j.state !== 'done').length,
      // Metric ids are random per simulator: compared by the metric's name.
      metrics: [...run.sim.pushed.metricData.values()]
        .map(
          (m) =>
            `${m.userId} ${run.sim.pushed.metricDefinitions.find((d) => d.id === m.metricId)?.name ?? '?'} ${m.dateOccurred} ${m.value} ${m.count ?? ''}`,
        )
        .sort(),
      evaluations: run.sim.pushed.evaluations.map((e) => e.conversation?.id ?? '?').sort(),
      coaching: run.sim.pushed.coaching.map((c) => c.conversations?.[0]?.id ?? '?').sort(),
    };
  } finally {
    await store.close();
  }
}

/** Seeded, so a failure can be replayed: the kill delays are printed with the seed. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.each(['embedded', 'distributed'] as const)('crash safety, %s runner', (runner) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-crash-'));
  const runs: Run[] = [];
  afterAll(async () => {
    for (const r of runs) {
      await r.sim.close();
      await r.db.drop();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`ends where an uninterrupted run ends after ${KILLS} SIGKILLs`, async () => {
    const reference = await prepare(runner, dir);
    const crashed = await prepare(runner, dir);
    runs.push(reference, crashed);

    const windowed = await prepare(runner, dir);
    runs.push(windowed);
    const workMs = await runToEnd(reference.env);
    const seed = Date.now() % 100_000;
    const landed = await runWithKills(crashed.env, KILLS, workMs, seeded(seed));
    // A third run killed only inside the coaching write window (Genesys holds the appointment, we
    // hold no receipt), at every appointment until one run gets through: each restart must read
    // the appointment back, not create it again.
    const windowKills = await killInWriteWindow(windowed.env, CONVERSATIONS, (kill) => {
      windowed.sim.afterWrite = (op) => op === 'createCoaching' && kill();
    });
    await runToEnd(windowed.env);
    const [want, got, gotWindowed] = [
      await snapshot(reference),
      await snapshot(crashed),
      await snapshot(windowed),
    ];

    expect({ seed, landed }).toEqual({ seed, landed: KILLS });
    expect(windowKills).toBeGreaterThanOrEqual(1);
    // Zero repeats: as many appointments as the uninterrupted run, one per conversation.
    expect(windowed.sim.stats.coachingCreated).toBe(reference.sim.stats.coachingCreated);
    expect(crashed.sim.stats.coachingCreated).toBe(reference.sim.stats.coachingCreated);
    expect(gotWindowed).toEqual(want);
    expect(want.interactions.length).toBeGreaterThan(CONVERSATIONS / 2);
    expect(want.jobs.filter((j) => !j.endsWith(' done'))).toEqual([]);
    // Every scored conversation got exactly one evaluation in the reference run...
    expect(new Set(want.evaluations).size).toBe(want.evaluations.length);
    expect(want.evaluations.length).toBeGreaterThan(0);
    expect(want.tasks.length).toBeGreaterThan(0);
    expect(want.metrics.length).toBeGreaterThan(0);
    expect(want.metricJobsOpen).toBe(0);
    // ...and the crashed run matches it item for item: nothing lost, nothing twice.
    expect(got).toEqual(want);
  });
});

/*
 * The same for Five9 on the embedded runner: the report sync, scoring (scripted transcripts) and
 * the updateCrmRecord push, SIGKILLed at random points. The contact records Five9 ends with must
 * equal an uninterrupted run's. A kill between an update and its push record can repeat that one
 * update unless the push reads the contact back first (Five9's update has no idempotency key):
 * kills placed exactly in that window show it sends none twice.
 */
describe('crash safety, Five9 on the embedded runner', () => {
  const FIVE9_CALLS = 60;
  const NOW = DEFAULT_RANGE.endMs + 20 * 60_000;
  const FIVE9_ENTRY = path.join(__dirname, '..', 'src', 'testing', 'five9-process.ts');
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  async function prepareFive9() {
    const db = await scratchDatabase('sqlite');
    // Limits raised: every restarted process has a fresh limiter, but the fake clock never leaves
    // the simulator's first minute. The limits themselves are tested in @teachback/adapter-five9.
    const big = { perMinute: 100_000, perHour: 100_000, perDay: 100_000 };
    const sim = await startFive9Simulator({
      calls: FIVE9_CALLS,
      seed: 5,
      now: () => NOW,
      limits: { ReportRequest: big, RetrieveReport: big, SingleUpload: big, Query: big },
    });
    for (const c of sim.calls) if (/^\d{10}$/.test(c.ani)) sim.crmRecords.set(c.ani, { number1: c.ani });
    const store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Crash Test Clinic' });
    await saveFive9Connection(store, TENANT, {
      settings: {
        gateway: sim.url,
        report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
        initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
        chunkHours: 4,
      },
      credentials: { username: 'api.sync1@clinic.example', password: 'secret-one' },
    });
    await store.close();
    cleanup.push(async () => {
      await sim.close();
      await db.drop();
    });
    return {
      db,
      sim,
      env: {
        ...process.env,
        TEACHBACK_MASTER_KEY: MASTER_KEY,
        TB_DB_URL: db.url,
        TB_TENANT: TENANT,
        TB_NOW: String(NOW),
      },
    };
  }

  async function five9Snapshot(run: Awaited<ReturnType<typeof prepareFive9>>) {
    const store = await openStore({ url: run.db.url, keys: MASTER_KEYS });
    try {
      const page = await store.interactions.list(reader, TENANT, {}, { limit: 500 });
      const externalOf = new Map(page.items.map((i) => [i.id, i.externalId]));
      const tasks = await store.coaching.listTasks(reader, TENANT);
      const jobs = await new JobLedger(store.driver).all(TENANT);
      return {
        interactions: page.items
          .map((i) => [i.externalId, i.score, i.compliant, i.scoreVersion, i.escalationCount].join(' '))
          .sort(),
        tasks: tasks.map((t) => `${externalOf.get(t.interactionId)} v${t.id.split('-v').pop()}`).sort(),
        jobs: jobs.map((j) => `${j.key} ${j.state}${j.lastError ? ` ${j.lastError}` : ''}`).sort(),
        contacts: [...run.sim.crmRecords.entries()].map(([k, v]) => `${k} ${JSON.stringify(v)}`).sort(),
      };
    } finally {
      await store.close();
    }
  }

  it(`ends where an uninterrupted run ends after ${KILLS} SIGKILLs`, async () => {
    const reference = await prepareFive9();
    const crashed = await prepareFive9();
    const workMs = await runToEnd(reference.env, FIVE9_ENTRY);
    const seed = Date.now() % 100_000;
    const windowKills = await killInWriteWindow(
      crashed.env,
      WINDOW_KILLS,
      (kill) => {
        crashed.sim.afterWrite = () => kill();
      },
      FIVE9_ENTRY,
    );
    const landed = await runWithKills(crashed.env, KILLS, workMs, seeded(seed), FIVE9_ENTRY);
    const [want, got] = [await five9Snapshot(reference), await five9Snapshot(crashed)];

    expect({ seed, landed, windowKills }).toEqual({ seed, landed: KILLS, windowKills: WINDOW_KILLS });
    expect(want.interactions).toHaveLength(FIVE9_CALLS);
    expect(want.jobs.filter((j) => !j.endsWith(' done'))).toEqual([]);
    expect(reference.sim.stats.crmUpdates).toBeGreaterThan(0);
    expect(want.tasks.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
    // Zero repeats: a restarted push reads the contact back and sends nothing when it is there.
    expect(crashed.sim.stats.crmUpdates).toBe(reference.sim.stats.crmUpdates);
  });
});
