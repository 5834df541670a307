import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { JobLedger, LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { saveFive9Connection } from '@teachback/adapter-jobs';
import { DEFAULT_RANGE, REPORTS, startFive9Simulator } from '@teachback/simulator-five9';
import { system } from './support/records';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';

/*
 * PostgreSQL restarted in the middle of a Five9 sync: the sync worker (a real child process on the
 * embedded runner, store on a private PostgreSQL 15 cluster) is running the report sync, scoring
 * and the contact push when the server restarts. The worker is started again until it drains (jobs
 * resume from the ledger); then every call is stored once, every job is done, and Five9 received
 * exactly the contact updates an uninterrupted run (same simulator seed, SQLite store) sends.
 */

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');
const HOOK = path.join(ROOT, 'adapters/jobs/tests/support/ts-register.cjs');
const ENTRY = path.join(ROOT, 'adapters/jobs/src/testing/five9-process.ts');
const MASTER_KEY = 'ef'.repeat(32);
const KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));
const TENANT = 'pgsync';
const CALLS = 40;
const NOW = DEFAULT_RANGE.endMs + 20 * 60_000;

let pg: PrivatePostgres | undefined;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  pg?.stop();
  nock.enableNetConnect();
});

function worker(env: NodeJS.ProcessEnv): { ready: Promise<void>; exit: Promise<number> } {
  const child = spawn(process.execPath, ['-r', HOOK, ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const ready = new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
  );
  return { ready, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code ?? -1))) };
}

it('a restart mid-sync: the worker resumes, nothing is lost and no contact is updated twice', async () => {
  pg = await startPrivatePostgres();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-pgsync-ref-'));
  const big = { perMinute: 100_000, perHour: 100_000, perDay: 100_000 };
  const prepare = async (url: string) => {
    const sim = await startFive9Simulator({
      calls: CALLS,
      seed: 9,
      now: () => NOW,
      limits: { ReportRequest: big, RetrieveReport: big, SingleUpload: big, Query: big },
    });
    for (const c of sim.calls) if (/^\d{10}$/.test(c.ani)) sim.crmRecords.set(c.ani, { number1: c.ani });
    const store = await openStore({ url, keys: KEYS });
    await store.tenants.create({ id: TENANT, name: 'Restart Sync Clinic' });
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
    return {
      sim,
      env: {
        ...process.env,
        TEACHBACK_MASTER_KEY: MASTER_KEY,
        TB_DB_URL: url,
        TB_TENANT: TENANT,
        TB_NOW: String(NOW),
      },
    };
  };
  const referenceUrl = `sqlite:${path.join(dir, 'ref.db')}`;
  const reference = await prepare(referenceUrl);
  // Each call's score as the store holds it: a call that lost its transcript is stored unscored.
  const scores = async (url: string) => {
    const st = await openStore({ url, keys: KEYS });
    try {
      const page = await st.interactions.list(system(TENANT), TENANT, {}, { limit: 500 });
      return page.items.map((i) => `${i.externalId} ${i.score}`).sort();
    } finally {
      await st.close();
    }
  };
  const { sim, env } = await prepare(pg.url);
  try {
    expect(await worker(reference.env).exit).toBe(0);

    // Restart while the worker is busy: after its first contact update reached Five9.
    let restarts = 0;
    sim.afterWrite = () => {
      if (restarts === 0) {
        restarts++;
        pg!.restart();
      }
    };
    let runs = 0;
    for (; runs < 10; runs++) {
      const w = worker(env);
      if ((await w.exit) === 0) break;
    }
    sim.afterWrite = undefined;
    expect(restarts).toBe(1);
    expect(runs).toBeLessThan(10);

    const s = await openStore({ url: pg.url, keys: KEYS });
    try {
      const page = await s.interactions.list(system(TENANT), TENANT, {}, { limit: 500 });
      expect(page.items).toHaveLength(CALLS);
      expect(new Set(page.items.map((i) => i.externalId)).size).toBe(CALLS);
      // Every call scored as in the uninterrupted run, also those without a Five9 contact to push to.
      expect(page.items.map((i) => `${i.externalId} ${i.score}`).sort()).toEqual(await scores(referenceUrl));
      const jobs = await new JobLedger(s.driver).all(TENANT);
      expect(jobs.filter((j) => j.state !== 'done').map((j) => `${j.key} ${j.state}`)).toEqual([]);
      // One update per pushed call that has a contact: none repeated after the restart.
      const pushed = jobs.filter((j) => j.step === 'push').length;
      expect(pushed).toBeGreaterThan(0);
      expect(sim.stats.crmUpdates).toBeLessThanOrEqual(pushed);
      // Never more writes than the uninterrupted run; fewer when a retry's read-back found Five9
      // already holding the values (then the records below must still be identical).
      expect(sim.stats.crmUpdates).toBeLessThanOrEqual(reference.sim.stats.crmUpdates);
      expect([...sim.crmRecords.entries()].sort()).toEqual([...reference.sim.crmRecords.entries()].sort());
      expect(await s.audit.verify(system(TENANT, ['compliance']), TENANT)).toMatchObject({ ok: true });
    } finally {
      await s.close();
    }
  } finally {
    await sim.close();
    await reference.sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
