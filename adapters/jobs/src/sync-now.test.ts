import type { Job } from '@teachback/core';
import { DistributedRunner } from './distributed';
import { EmbeddedRunner, type JobRunner, type Steps } from './runner';
import { freshLedger } from './runner.contract';
import { scratchDatabase, TEST_PG_URL } from './testing/databases';
import { requestSyncNow, type JobLedger, type SyncNowResult } from '@teachback/adapter-store';

type Factory = (steps: Steps) => Promise<{ runner: JobRunner; ledger: JobLedger; close(): Promise<void> }>;

const embedded: Factory = async (steps) => {
  const db = await scratchDatabase('sqlite');
  const driver = db.driver();
  const ledger = await freshLedger(driver);
  const runner = new EmbeddedRunner(ledger, steps, { pollMs: 5 });
  return {
    runner,
    ledger,
    close: async () => {
      await runner.stop();
      await driver.close();
      await db.drop();
    },
  };
};

const distributed: Factory = async (steps) => {
  const db = await scratchDatabase('postgres');
  const driver = db.driver();
  const ledger = await freshLedger(driver);
  const runner = new DistributedRunner(ledger, steps, {
    connectionString: TEST_PG_URL,
    schema: db.bossSchema!,
    maintenanceSeconds: 1,
    leaseSeconds: 5,
    sweepSeconds: 1,
  });
  return {
    runner,
    ledger,
    close: async () => {
      await runner.stop();
      await driver.close();
      await db.drop();
    },
  };
};

describe.each([
  ['embedded (SQLite)', embedded],
  ['distributed (pg-boss on PostgreSQL)', distributed],
])('sync now through the %s runner', (_name, factory) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('queues one incremental sync that the workers run, and reports it instead of a second', async () => {
    const ran: Job[] = [];
    const duringRun: SyncNowResult[] = [];
    const ref: { ledger?: JobLedger } = {};
    const firstKey = 'clinic|genesys|recent:now:2026-12-07T05:00:00Z|sync';
    const fx = await factory({
      sync: async (job) => {
        ran.push(job);
        // While the genesys "sync now" runs, an admin asks again.
        if (job.key === firstKey) duringRun.push(await requestSyncNow(ref.ledger!, 'clinic', 'genesys'));
      },
    });
    close = fx.close;
    ref.ledger = fx.ledger;
    // A backfill on its way is not an incremental sync: it does not stand in for "sync now".
    await fx.ledger.insert({
      tenantId: 'clinic',
      platform: 'genesys',
      externalId: 'backfill:2026-01-01/2026-01-02',
      step: 'sync',
      payload: { mode: 'backfill', from: '2026-01-01', to: '2026-01-02' },
    });
    const first = await requestSyncNow(fx.ledger, 'clinic', 'genesys', {
      now: () => Date.parse('2026-12-07T05:00:00.100Z'),
    });
    expect(first).toEqual({
      key: firstKey,
      state: 'queued',
      outcome: 'enqueued',
    });
    const again = await requestSyncNow(fx.ledger, 'clinic', 'genesys', {
      now: () => Date.parse('2026-12-07T05:00:09Z'),
    });
    expect(again).toEqual({ ...first, outcome: 'already-queued' });
    // Another platform or tenant is another sync.
    expect((await requestSyncNow(fx.ledger, 'clinic', 'five9')).outcome).toBe('enqueued');
    expect((await requestSyncNow(fx.ledger, 'other', 'genesys')).outcome).toBe('enqueued');

    await fx.runner.start();
    await fx.runner.drain({ tenantId: 'clinic', timeoutMs: 30_000 });
    const adminRuns = ran.filter(
      (j) => j.tenantId === 'clinic' && j.platform === 'genesys' && j.payload['trigger'] === 'admin',
    );
    expect(adminRuns.map((j) => j.key)).toEqual([first.key]);
    expect(adminRuns[0]!.payload).toEqual({ mode: 'recent', trigger: 'admin' });
    expect(duringRun).toEqual([{ ...first, state: 'running', outcome: 'already-running' }]);
    expect((await fx.ledger.get(first.key))?.state).toBe('done');
    // Once it ended, a new request starts a new sync.
    const later = await requestSyncNow(fx.ledger, 'clinic', 'genesys');
    expect(later.outcome).toBe('enqueued');
    expect(later.key).not.toBe(first.key);
  }, 60_000);
});
