import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { REPORTS, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { saveFive9Connection } from './connections';
import { jobsActor } from './actor';
import type { JobEvent } from './runner';
import { openRunner } from './runtime';
import { scratchDatabase, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ef'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

const TENANT = 'clinic-clock';
const HOUR = 3_600_000;

/*
 * On Five9 a report runs for seconds to minutes, longer than a job's time slice, and the clock
 * moves while it runs. The sync must still end once caught up: not chase `now − settle` with a new
 * few-second window each time it resumes, and not run a report again that it left running.
 */
describe('Five9 sync on the real clock with reports slower than a time slice', () => {
  let sim: Five9Simulator;
  let db: ScratchDatabase;
  let store: SqlStore;
  const events: JobEvent[] = [];

  beforeAll(async () => {
    const now = Date.now();
    sim = await startFive9Simulator({
      calls: 40,
      seed: 13,
      callLog: { startMs: now - 30 * HOUR, endMs: now - HOUR },
      // A report takes 4 time slices; each long-poll is held for at most half a slice.
      reportRunMs: 200,
      longPollMaxMs: 25,
    });
    db = await scratchDatabase('sqlite');
    store = await openStore({ url: db.url, keys: MASTER_KEYS });
    await store.tenants.create({ id: TENANT, name: 'Clinic Clock' });
    await saveFive9Connection(store, TENANT, {
      settings: {
        gateway: sim.url,
        report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
        initialStart: new Date(now - 32 * HOUR).toISOString(),
        chunkHours: 6,
      },
      credentials: { username: 'api.sync1@clinic.example', password: 'secret-one' },
    });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
    await sim.close();
  });

  it('ends once caught up, each window reported once, its report resumed across slices', async () => {
    const runner = await openRunner(store, {
      kind: 'embedded',
      sliceMs: 50,
      onEvent: (e) => void events.push(e),
    });
    await runner.enqueue({ tenantId: TENANT, platform: 'five9', externalId: 'recent', step: 'sync' });
    await runner.start();
    try {
      await runner.drain({ tenantId: TENANT, timeoutMs: 30_000 });
    } finally {
      await runner.stop();
    }
    expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);
    // Every call landed.
    for (const c of sim.calls) {
      expect(
        await store.interactions.findBySource(jobsActor(TENANT), TENANT, 'five9', c.callId),
      ).toBeDefined();
    }
    const syncYields = events.filter((e) => e.type === 'yield' && e.key.endsWith('|sync')).length;
    // The reports did outlive the slice, so the sync handed back its worker...
    expect(syncYields).toBeGreaterThan(0);
    // ...and resumed each report by its identifier: 31 hours in windows of 6 h, then grown.
    const runs = sim.stats.byOperation['runReport'] ?? 0;
    expect(runs).toBeGreaterThan(0);
    expect(runs).toBeLessThanOrEqual(3);
    expect(sim.stats.byOperation['getReportResultCsv']).toBe(runs);

    // A second run straight after has less than the minimum window to pull: no report at all.
    await runner.enqueue({ tenantId: TENANT, platform: 'five9', externalId: 'recent-2', step: 'sync' });
    const again = await openRunner(store, { kind: 'embedded', sliceMs: 50 });
    await again.start();
    try {
      await again.drain({ tenantId: TENANT, timeoutMs: 30_000 });
    } finally {
      await again.stop();
    }
    expect(sim.stats.byOperation['runReport']).toBe(runs);
  });
});
