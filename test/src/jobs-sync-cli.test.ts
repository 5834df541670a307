import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { openConfiguredStore } from '@teachback/adapter-store';
import { loadSettings } from '@teachback/config';
import { JobLedger, syncStatus } from '@teachback/adapter-jobs';
import { startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { cliWith } from './support/cli';
import { writeGenesysConnection } from './support/genesys-connection';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('teachback sync (embedded runner, Genesys simulator)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-sync-cli-'));
  // The operator's environment for these commands (never the process's own).
  const env: Record<string, string> = {};
  const cli = cliWith(env);
  let sim: GenesysSimulator;

  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    env.TEACHBACK_MASTER_KEY = 'cd'.repeat(32);
    sim = await startGenesysSimulator({
      conversations: 40,
      rateLimitPerMinute: 100_000,
      jobPollsUntilFulfilled: 1,
      jobPageSizeMax: 15,
      evaluationsPerAgentPerDay: 100_000,
    });
    const store = await openConfiguredStore(loadSettings({ env }));
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.close();
    await writeGenesysConnection(path.join(dir, 'genesys.json'), sim.url);
  });
  afterAll(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backfills, scores and pushes every conversation, with progress, and a rerun does nothing new', async () => {
    const args = [
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'genesys',
      '--since',
      '2026-10-31',
      '--until',
      '2026-11-30',
    ];
    const first = await cli(...args, '--connection-file', path.join(dir, 'genesys.json'));
    expect(first.code).toBe(0);
    const final = first.err.trim().split('\n').at(-1)!;
    const m = /\] (\d+)\/(\d+) 100% .* errors 0/.exec(final);
    expect(m?.[1]).toBe(m?.[2]);
    const evaluations = sim.pushed.evaluations.length;
    expect(evaluations).toBeGreaterThan(10);

    const again = await cli(...args);
    expect(again.code).toBe(0);
    expect(again.err).toContain('resuming');
    expect(sim.pushed.evaluations.length).toBe(evaluations);

    const store = await openConfiguredStore(loadSettings({ env }));
    try {
      const status = await syncStatus(store.driver, 'acme');
      expect(status).toMatchObject({ state: 'done', errors: 0, etaSec: 0 });
      expect(status.done).toBe(status.total);
      expect(await new JobLedger(store.driver).deadLetters('acme')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('lists dead letters, refuses to re-run what is not one, and names what is wrong with a bad flag', async () => {
    expect(
      await cli('sync', '--tenant', 'acme', '--platform', 'five9', '--since', '2026-10-31'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('--since/--until: five9 syncs incrementally'),
    });
    expect(await cli('sync', '--tenant', 'acme', '--dead-letters')).toMatchObject({
      code: 0,
      err: expect.stringContaining('0 dead-letter job(s)'),
    });
    expect(await cli('sync', '--tenant', 'acme', '--rerun', 'acme|genesys|nope|push')).toMatchObject({
      code: 2,
      err: expect.stringContaining('is not a dead letter of acme'),
    });
    expect(await cli('sync', '--tenant', 'acme', '--since', '2026-13-45')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--since must be a date YYYY-MM-DD'),
    });
  });
});
