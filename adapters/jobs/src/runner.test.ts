import { DistributedRunner } from './distributed';
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
