import { Five9AdminClient, OperationLimiter } from '@teachback/connector-five9';
import { DEFAULT_RANGE, REPORTS, startFive9Simulator } from '@teachback/simulator-five9';
import { migrateJobs } from '@teachback/adapter-store';
import { SharedOperationLimiter } from './five9-limiter';
import { scratchDatabase } from './testing/databases';

/** Grants per clock minute (Five9 counts fixed minute windows). */
const perMinute = (times: number[]): number[] => {
  const m = new Map<number, number>();
  for (const t of times) m.set(Math.floor(t / 60_000), (m.get(Math.floor(t / 60_000)) ?? 0) + 1);
  return [...m.values()];
};

/** Two workers (own limiter, own connection) each asking for `each` ReportRequest grants at once. */
async function race(
  make: (
    clock: { now: number },
    sleep: (ms: number) => Promise<void>,
  ) => [OperationLimiter, OperationLimiter],
  each: number,
): Promise<number[]> {
  const clock = { now: Date.UTC(2026, 10, 2, 12, 0, 30) };
  // Fake time moves only forward, to the latest moment any waiter asked for.
  const sleep = async (ms: number) => {
    const until = clock.now + ms;
    await new Promise((r) => setImmediate(r));
    clock.now = Math.max(clock.now, until);
  };
  const [a, b] = make(clock, sleep);
  const grants: number[] = [];
  const worker = async (l: OperationLimiter) => {
    for (let i = 0; i < each; i++) {
      await l.acquire('ReportRequest');
      grants.push(clock.now);
    }
  };
  await Promise.all([worker(a), worker(b)]);
  return grants;
}

describe.each(['sqlite', 'postgres'] as const)('Five9 limiter shared through the database (%s)', (kind) => {
  it('two workers on one database never exceed the per-minute limit together', async () => {
    const db = await scratchDatabase(kind);
    const one = db.driver();
    const two = db.driver();
    try {
      await migrateJobs(one);
      const limits = { ReportRequest: { perMinute: 10, perHour: 1_000, perDay: 10_000 } };
      const scope = { tenantId: 'clinic9', username: 'api.sync1@clinic.example' };
      const grants = await race(
        (clock, sleep) => [
          new SharedOperationLimiter(one, scope, { limits, now: () => clock.now, sleep, dayTimeZone: 'UTC' }),
          new SharedOperationLimiter(two, scope, { limits, now: () => clock.now, sleep, dayTimeZone: 'UTC' }),
        ],
        25,
      );
      expect(grants).toHaveLength(50);
      expect(Math.max(...perMinute(grants))).toBeLessThanOrEqual(10);

      // The same two workers with their own in-process limiters (the old wiring) go over it.
      const local = await race(
        (clock, sleep) => [
          new OperationLimiter({ limits, now: () => clock.now, sleep, dayTimeZone: 'UTC' }),
          new OperationLimiter({ limits, now: () => clock.now, sleep, dayTimeZone: 'UTC' }),
        ],
        25,
      );
      expect(Math.max(...perMinute(local))).toBeGreaterThan(10);
    } finally {
      await one.close();
      await two.close();
      await db.drop();
    }
  });
});

describe('two Five9 clients on one database against the Five9 simulator (sqlite)', () => {
  it('stay within the per-minute report limit together: no limit fault from Five9', async () => {
    const clock = { now: DEFAULT_RANGE.endMs + 20 * 60_000 };
    const sim = await startFive9Simulator({ calls: 10, seed: 3, now: () => clock.now });
    const db = await scratchDatabase('sqlite');
    const drivers = [db.driver(), db.driver()];
    try {
      await migrateJobs(drivers[0]!);
      const sleep = async (ms: number) => {
        const until = clock.now + ms;
        await new Promise((r) => setImmediate(r));
        clock.now = Math.max(clock.now, until);
      };
      const scope = { tenantId: 'clinic9', username: 'api.sync1@clinic.example' };
      const clients = drivers.map(
        (d) =>
          new Five9AdminClient({
            credentials: [{ username: scope.username, password: 'secret-one' }],
            baseUrl: sim.url,
            limiter: new SharedOperationLimiter(d, scope, { now: () => clock.now, sleep }),
          }),
      );
      const limit = sim.limits.ReportRequest.perMinute;
      const each = limit + 4;
      const request = {
        folderName: REPORTS.custom.folder,
        reportName: REPORTS.custom.name,
        start: new Date(DEFAULT_RANGE.startMs).toISOString(),
        end: new Date(DEFAULT_RANGE.startMs + 3_600_000).toISOString(),
      };
      await Promise.all(
        clients.map(async (c) => {
          for (let i = 0; i < each; i++) await c.runReport(request);
        }),
      );
      // Together they asked for more than a minute's allowance; Five9 refused none of it.
      expect(sim.stats.byOperation['runReport']).toBe(2 * each);
      expect(sim.stats.limitFaults).toBe(0);
      expect(sim.stats.peak['ReportRequest']!.perMinute).toBeLessThanOrEqual(limit);
    } finally {
      for (const d of drivers) await d.close();
      await db.drop();
      await sim.close();
    }
  });
});
