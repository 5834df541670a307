import { JobLedger, migrateJobs } from '@teachback/adapter-store';
import { progressLine, syncStatus } from './progress';
import { scratchDatabase } from './testing/databases';

describe('sync status', () => {
  it('counts the latest run: found, through the pipeline, dead letters, rate and ETA', async () => {
    const db = await scratchDatabase('sqlite');
    const d = db.driver();
    try {
      await migrateJobs(d);
      let clock = Date.parse('2026-11-27T08:00:00Z');
      const ledger = new JobLedger(d, () => clock);
      expect(await syncStatus(d, 'acme')).toMatchObject({ state: 'idle', total: 0, run: null });

      const run = 'acme|genesys|backfill:a/b|sync';
      await ledger.insert({
        tenantId: 'acme',
        platform: 'genesys',
        externalId: 'backfill:a/b',
        step: 'sync',
      });
      const job = (id: string, step: 'score' | 'push') =>
        ledger.insert({ tenantId: 'acme', platform: 'genesys', externalId: id, step, run });
      for (const id of ['c1', 'c2', 'c3', 'c4']) await job(id, 'score');
      await ledger.start(run);
      expect(await syncStatus(d, 'acme', { now: () => clock })).toMatchObject({
        state: 'discovering',
        total: 4,
        done: 0,
        etaSec: null,
      });

      await ledger.finish(run);
      clock += 10_000;
      for (const id of ['c1', 'c2']) {
        await job(id, 'push');
        await ledger.finish(`acme|genesys|${id}|push`);
      }
      await ledger.bury('acme|genesys|c3|score', 'GENESYS.BAD_REQUEST');
      const s = await syncStatus(d, 'acme', { now: () => clock, platform: 'genesys' });
      expect(s).toMatchObject({
        state: 'processing',
        total: 4,
        done: 2,
        errors: 1,
        ratePerSec: 0.2,
        etaSec: 5,
      });
      expect(progressLine(s, 10)).toBe('[#####.....] 2/4 50% 0.2/s ETA 5s errors 1');
    } finally {
      await d.close();
      await db.drop();
    }
  });
});
