import * as fs from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { openConfiguredStore } from '@teachback/adapter-store';
import { loadSettings } from '@teachback/config';
import { jobsActor } from '@teachback/adapter-jobs';
import { REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { cliWith } from './support/cli';

const HOUR = 3_600_000;

/**
 * `teachback sync --platform five9` on the real clock, against a simulator whose reports take
 * longer than the runner's 2-second time slice (as Five9's do): it must return once caught up,
 * having run each report once and resumed it across slices, not chase `now − 15 min` for ever.
 */
describe('teachback sync --platform five9 returns when reports outlive the time slice', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-five9-returns-'));
  // The operator's environment for these commands (never the process's own).
  const env: Record<string, string> = {};
  const cli = cliWith(env);
  let five9: Five9Simulator;

  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${path.join(dir, 'store.db')}`;
    // Synthetic key for a throw-away database.
    env.TEACHBACK_MASTER_KEY = '6d'.repeat(32);
    const store = await openConfiguredStore(loadSettings({ env }));
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
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ends with every call stored, each report run once', async () => {
    const r = await cli(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'five9',
      '--connection-file',
      path.join(dir, 'five9.json'),
    );
    expect(r.code).toBe(0);
    const store = await openConfiguredStore(loadSettings({ env }));
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
