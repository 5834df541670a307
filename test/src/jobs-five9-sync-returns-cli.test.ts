import * as fs from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { openStore } from '@teachback/adapter-store';
import { jobsActor } from '@teachback/adapter-jobs';
import { REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { runCli } from './support/cli';

const HOUR = 3_600_000;

/**
 * `teachback sync --platform five9` on the real clock, against a simulator whose reports take
 * longer than the runner's 2-second time slice (as Five9's do): it must return once caught up,
 * having run each report once and resumed it across slices, not chase `now − 15 min` for ever.
 */
describe('teachback sync --platform five9 returns when reports outlive the time slice', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-five9-returns-'));
  const env = { ...process.env };
  let five9: Five9Simulator;

  beforeAll(async () => {
    process.env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    process.env.TEACHBACK_MASTER_KEY = '6d'.repeat(32);
    delete process.env.TEACHBACK_TRANSCRIBE_ENGINE;
    const store = await openStore();
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.close();
    const now = Date.now();
    five9 = await startFive9Simulator({
      calls: 30,
      seed: 8,
      callLog: { startMs: now - 30 * HOUR, endMs: now - HOUR },
      reportRunMs: 2_500,
      longPollMaxMs: 500,
    });
    fs.writeFileSync(
      path.join(dir, 'five9.json'),
      JSON.stringify({
        settings: {
          gateway: five9.url,
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(now - 32 * HOUR).toISOString(),
          chunkHours: 6,
        },
        credentials: { username: 'api.sync1@clinic.example', password: 'secret-one' },
      }),
    );
  });
  afterAll(async () => {
    await five9.close();
    process.env = env;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends with every call stored, each report run once', async () => {
    const r = await runCli(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'five9',
      '--connection-file',
      path.join(dir, 'five9.json'),
    );
    expect(r.code).toBe(0);
    const store = await openStore();
    try {
      const page = await store.interactions.list(jobsActor('acme'), 'acme', {}, { limit: 500 });
      expect(page.items.filter((i) => i.platform === 'five9')).toHaveLength(30);
    } finally {
      await store.close();
    }
    const runs = five9.stats.byOperation['runReport'] ?? 0;
    // 31 hours: a 6-hour window, then one grown to cover the rest.
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThanOrEqual(3);
    expect(five9.stats.byOperation['getReportResultCsv']).toBe(runs);
  }, 90_000);
});
