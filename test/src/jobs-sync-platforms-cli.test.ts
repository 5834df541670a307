import * as fs from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { openConfiguredStore } from '@teachback/adapter-store';
import { loadSettings } from '@teachback/config';
import { JobLedger, jobsActor } from '@teachback/adapter-jobs';
import { DEFAULT_RANGE, REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { cliWith } from './support/cli';

/** `teachback sync --platform five9|salesforce` on the embedded runner against the simulators. */
describe('teachback sync --platform five9 | salesforce (embedded runner)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-sync-platforms-'));
  // The operator's environment for these commands (never the process's own).
  const env: Record<string, string> = {};
  const cli = cliWith(env);
  let five9: Five9Simulator;
  let salesforce: SalesforceSimulator;

  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    env.TEACHBACK_MASTER_KEY = '7a'.repeat(32);
    five9 = await startFive9Simulator({ calls: 40, seed: 7 });
    salesforce = await startSalesforceSimulator();
    const store = await openConfiguredStore(loadSettings({ env }));
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.close();
    fs.writeFileSync(
      path.join(dir, 'five9.json'),
      JSON.stringify({
        settings: {
          gateway: five9.url,
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
          chunkHours: 168,
        },
        credentials: { username: 'api.sync1@clinic.example', password: 'secret-one' },
      }),
    );
    fs.writeFileSync(
      path.join(dir, 'salesforce.json'),
      JSON.stringify({
        settings: { allowHttp: true, adapter: { pageSize: 100 } },
        credentials: {
          flow: 'access-token',
          accessToken: salesforce.issueAccessToken(),
          instanceUrl: salesforce.url,
        },
      }),
    );
  });
  afterAll(async () => {
    await five9.close();
    await salesforce.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const landed = async (platform: 'five9' | 'salesforce') => {
    const store = await openConfiguredStore(loadSettings({ env }));
    try {
      const page = await store.interactions.list(jobsActor('acme'), 'acme', {}, { limit: 500 });
      expect(await new JobLedger(store.driver).deadLetters('acme')).toEqual([]);
      return page.items.filter((i) => i.platform === platform).length;
    } finally {
      await store.close();
    }
  };

  it('five9: stores the connection, syncs every call through the jobs, and a rerun in the hour resumes', async () => {
    const args = ['sync', '--tenant', 'acme', '--platform', 'five9'];
    const first = await cli(...args, '--connection-file', path.join(dir, 'five9.json'));
    expect(first).toMatchObject({ code: 0, err: expect.stringContaining('started incremental sync') });
    expect(first.err.trim().split('\n').at(-1)).toMatch(/errors 0/);
    expect(await landed('five9')).toBe(40);
    const reports = five9.stats.byOperation['runReport'];

    const again = await cli(...args);
    expect(again).toMatchObject({ code: 0, err: expect.stringContaining('resuming') });
    expect(five9.stats.byOperation['runReport']).toBe(reports);
    expect(await landed('five9')).toBe(40);
  });

  it('salesforce: syncs the activities through the jobs', async () => {
    const r = await cli(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'salesforce',
      '--connection-file',
      path.join(dir, 'salesforce.json'),
    );
    expect(r).toMatchObject({ code: 0, err: expect.stringContaining('started incremental sync') });
    expect(await landed('salesforce')).toBeGreaterThan(0);
    // A standard org has no LiveChatTranscript: synced without it, and the run says so.
    expect(r.err).toMatch(/^skipped LiveChatTranscript: .+$/m);
  });

  it('refuses a backfill interval for a platform that syncs from its checkpoint, naming the flag', async () => {
    expect(
      await cli('sync', '--tenant', 'acme', '--platform', 'salesforce', '--since', '2026-10-01'),
    ).toMatchObject({
      code: 2,
      err: expect.stringContaining('--since/--until: salesforce syncs incrementally'),
    });
  });
});
