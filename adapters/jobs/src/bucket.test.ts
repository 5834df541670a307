import { DatabaseTokenBucket, PostgresDriver } from '@teachback/adapter-store';
import { SharedThrottle } from './throttle';
import { migrateJobs } from '@teachback/adapter-store';
import { TEST_PG_URL, scratchDatabase } from './testing/databases';

describe.each(['sqlite', 'postgres'] as const)('database token bucket (%s)', (kind) => {
  it('gives two workers one shared budget: the burst, then one token per interval between them', async () => {
    const db = await scratchDatabase(kind);
    const a = db.driver();
    const b = db.driver();
    try {
      await migrateJobs(a);
      let clock = 1_000_000;
      const sleeps: number[] = [];
      const sleep = async (ms: number) => {
        sleeps.push(ms);
        clock += ms;
      };
      const opts = { requestsPerMinute: 60, burst: 2, now: () => clock, sleep };
      const one = new DatabaseTokenBucket(a, 'genesys:org:client', opts);
      const two = new DatabaseTokenBucket(b, 'genesys:org:client', opts);
      for (let i = 0; i < 3; i++) {
        await one.take();
        await two.take();
      }
      // 6 grants at 1/s with a burst of 2: the last 4 each waited for a second of refill.
      expect(one.granted + two.granted).toBe(6);
      expect(clock - 1_000_000).toBe(4_000);
      // A Retry-After seen by one worker makes the other wait too.
      await one.pause(5_000);
      const before = clock;
      await two.take();
      expect(clock - before).toBe(6_000);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it('serves a platform client as its throttle', async () => {
    const db = await scratchDatabase(kind);
    const d = db.driver();
    try {
      await migrateJobs(d);
      const bucket = new DatabaseTokenBucket(d, 'x', { requestsPerMinute: 600 });
      const throttle = new SharedThrottle(bucket, 600);
      await throttle.take();
      await throttle.take();
      expect(throttle.granted).toBe(2);
      expect(bucket.granted).toBe(2);
    } finally {
      await d.close();
      await db.drop();
    }
  });
});

describe('database token bucket on PostgreSQL: no WAL-flush wait inside the row lock', () => {
  it('turns the flush wait off for its own take only: the connection and the next transaction stay synchronous', async () => {
    const db = await scratchDatabase('postgres');
    const schema = new URL(db.url).searchParams.get('schema')!;
    // One connection, so the take and the checks after it share a session.
    const d = new PostgresDriver({ connectionString: TEST_PG_URL, schema, max: 1 });
    try {
      await migrateJobs(d);
      // A slow refill (one token per 10 s), so a loaded machine cannot refill the takes before
      // the check reads the row.
      const bucket = new DatabaseTokenBucket(d, 'genesys:org:client', { requestsPerMinute: 6, burst: 600 });
      for (let i = 0; i < 3; i++) await bucket.take();
      expect(bucket.granted).toBe(3);
      const tokens = await d.get<{ tokens: number }>('SELECT tokens FROM tb_jobs_bucket WHERE name = ?', [
        'genesys:org:client',
      ]);
      expect(Number(tokens?.tokens)).toBeLessThanOrEqual(600 - 3 + 1);
      const after = await d.get<{ synchronous_commit: string }>('SHOW synchronous_commit');
      expect(after?.synchronous_commit).toBe('on');
      const inTx = await d.transaction((tx) =>
        tx.get<{ synchronous_commit: string }>('SHOW synchronous_commit'),
      );
      expect(inTx?.synchronous_commit).toBe('on');
    } finally {
      await d.close();
      await db.drop();
    }
  });
});
