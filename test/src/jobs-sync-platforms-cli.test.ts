import * as fs from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { openStore } from '@teachback/adapter-store';
import { JobLedger, jobsActor } from '@teachback/adapter-jobs';
import { DEFAULT_RANGE, REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { startSalesforceSimulator, type SalesforceSimulator } from '@teachback/simulator-salesforce';
import { runCli } from './support/cli';

const cli = runCli;

/** `teachback sync --platform five9|salesforce` on the embedded runner against the simulators. */
describe('teachback sync --platform five9 | salesforce (embedded runner)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-sync-platforms-'));
  const env = { ...process.env };
  let five9: Five9Simulator;
  let salesforce: SalesforceSimulator;

  beforeAll(async () => {
    process.env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    process.env.TEACHBACK_MASTER_KEY = '7a'.repeat(32);
    // The CLI gives the Salesforce library this home; under jest os.homedir() must follow, and the
    // library's auth file must exist up front (its ENOENT check fails across jest's realms).
    const home = path.join(dir, 'sf-home');
    process.env.TEACHBACK_SALESFORCE_HOME = home;
    jest.spyOn(os, 'homedir').mockReturnValue(home);
    fs.mkdirSync(path.join(home, '.sfdx'), { recursive: true });
    fs.writeFileSync(path.join(home, '.sfdx', 'integration@teachback-sim.example.org.json'), '{}', {
      mode: 0o600,
    });
    five9 = await startFive9Simulator({ calls: 40, seed: 7 });
    salesforce = await startSalesforceSimulator();
    const store = await openStore();
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
    process.env = env;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const landed = async (platform: 'five9' | 'salesforce') => {
    const store = await openStore();
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
