import { OperationLimiter, type OperationType } from '@teachback/connector-five9';
import { PostgresDriver, SqliteDriver, migrateJobs, type SqlDriver } from '@teachback/adapter-store';
import { SharedOperationLimiter } from '../five9-limiter';

/*
 * One process asking a Five9 limiter for grants, as a worker would, for the two-process limit test.
 * The clock is fixed (TB_NOW) so both processes stand in the same hour and day; the limiter's sleep
 * answers "would wait" instead of sleeping, so the process reports how many grants it got before
 * a full window stopped it. Prints one JSON line: grants per type and the waits asked for.
 */
class WouldWait extends Error {
  constructor(readonly ms: number) {
    super(`would wait ${ms} ms`);
  }
}

async function main(): Promise<void> {
  const env = process.env;
  const driver: SqlDriver =
    env['TB_DB_KIND'] === 'postgres'
      ? new PostgresDriver({ connectionString: env['TB_PG_URL']!, schema: env['TB_PG_SCHEMA']! })
      : new SqliteDriver(env['TB_SQLITE_FILE']!);
  await migrateJobs(driver);
  const now = Number(env['TB_NOW']);
  const limits = JSON.parse(env['TB_LIMITS']!) as Record<
    OperationType,
    { perMinute: number; perHour: number; perDay: number }
  >;
  const options = {
    limits,
    now: () => now,
    sleep: async (ms: number) => {
      throw new WouldWait(ms);
    },
  };
  const scope = { tenantId: 'clinic9', username: 'api.sync1@clinic.example' };
  const limiter =
    env['TB_MODE'] === 'local'
      ? new OperationLimiter(options)
      : new SharedOperationLimiter(driver, scope, options);
  const ask = Number(env['TB_ASK']);
  const out: Record<string, { granted: number; waitMs?: number }> = {};
  for (const type of Object.keys(limits) as OperationType[]) {
    out[type] = { granted: 0 };
    for (let i = 0; i < ask; i++) {
      try {
        await limiter.acquire(type);
        out[type].granted++;
      } catch (err) {
        if (!(err instanceof WouldWait)) throw err;
        out[type].waitMs = err.ms;
        break;
      }
      // Give the other process a turn between grants, as concurrent workers would interleave.
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  await driver.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`limiter process failed: ${err instanceof Error ? err.message : 'unknown'}\n`);
    process.exit(1);
  },
);
