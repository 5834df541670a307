import { DistributedRunner, QUEUE } from './distributed';
import type { Steps } from './runner';
import { EmbeddedRunner } from './runner';
import { freshLedger, runnerContract } from './runner.contract';
import { scratchDatabase, TEST_PG_URL } from './testing/databases';

runnerContract('embedded (SQLite)', async (steps, options) => {
  const db = await scratchDatabase('sqlite');
  const driver = db.driver();
  const runner = new EmbeddedRunner(await freshLedger(driver), steps, { ...options, pollMs: 5 });
  return {
    runner,
    close: async () => {
      await runner.stop();
      await driver.close();
      await db.drop();
    },
  };
});

runnerContract('distributed (pg-boss on PostgreSQL)', async (steps, options) => {
  const db = await scratchDatabase('postgres');
  const driver = db.driver();
  const runner = new DistributedRunner(await freshLedger(driver), steps, {
    ...options,
    connectionString: TEST_PG_URL,
    schema: db.bossSchema!,
    maintenanceSeconds: 1,
    leaseSeconds: 5,
    sweepSeconds: 1,
  });
  return {
    runner,
    close: async () => {
      await runner.stop();
      await driver.close();
      await db.drop();
    },
  };
});

describe('distributed runner sweeper', () => {
  it('sends no second envelope for a job that waits its turn behind a backlog', async () => {
    const db = await scratchDatabase('postgres');
    const driver = db.driver();
    const ran: string[] = [];
    // One slot, jobs of 400 ms: the last ones wait well over the 1 s sweep interval.
    const steps: Steps = {
      score: async (j) => {
        await new Promise((r) => setTimeout(r, 400));
        ran.push(j.externalId);
      },
    };
    const runner = new DistributedRunner(await freshLedger(driver), steps, {
      connectionString: TEST_PG_URL,
      schema: db.bossSchema!,
      concurrency: 1,
      maintenanceSeconds: 1,
      leaseSeconds: 30,
      sweepSeconds: 1,
    });
    try {
      const ids = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6', 'b-7'];
      for (const id of ids)
        await runner.enqueue({ tenantId: 't-sweep', platform: 'genesys', externalId: id, step: 'score' });
      await runner.start();
      await runner.drain({ timeoutMs: 30_000 });
      expect([...ran].sort()).toEqual(ids);
      const envelopes = await driver.get<{ n: string }>(
        `SELECT COUNT(*) AS n FROM ${db.bossSchema!}.job WHERE name = ?`,
        [QUEUE],
      );
      expect(Number(envelopes?.n)).toBe(ids.length);
    } finally {
      await runner.stop();
      await driver.close();
      await db.drop();
    }
  });
});
