import {
  OperationLimiter,
  PACIFIC,
  pacificDayBounds,
  type CounterWindowState,
  type OperationLimiterOptions,
  type OperationType,
} from '@teachback/connector-five9';
import {
  DatabaseTokenBucket,
  DatabaseWindowCounter,
  type CountedWindow,
  type SqlDriver,
} from '@teachback/adapter-store';

const HOUR = 3_600_000;

/**
 * Five9's limits are per domain, so every worker of a tenant must draw from one budget. This
 * limiter takes each grant from the database first: the minute from a token bucket per (tenant,
 * API user, operation type), the hour and day from fixed-window counters of the same scope (Five9
 * counts those in clock windows, the day from the data centre's midnight). Then the connector's own
 * windows, which also adopt Five9's counters (getCallCountersState), run locally.
 *
 * A token bucket holding at most `burst` tokens and refilling `rate` per minute grants at most
 * `burst + rate` in any clock minute; Five9 counts clock minutes, so `burst + rate` is the limit.
 */
export class SharedOperationLimiter extends OperationLimiter {
  private readonly buckets = new Map<OperationType, DatabaseTokenBucket>();
  private readonly windowCounters = new Map<OperationType, DatabaseWindowCounter>();
  private readonly clock: () => number;
  private readonly pause: (ms: number) => Promise<void>;
  /** Writes to the shared counters started by sync/exhaust (which are synchronous); awaited by the next acquire. */
  private pending: Promise<unknown> = Promise.resolve();
  private swept = 0;

  constructor(
    private readonly driver: SqlDriver,
    private readonly scope: { tenantId: string; username: string },
    private readonly options: OperationLimiterOptions = {},
  ) {
    super(options);
    this.clock = options.now ?? Date.now;
    this.pause = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  private bucket(type: OperationType): DatabaseTokenBucket | undefined {
    let b = this.buckets.get(type);
    if (b) return b;
    const limit = this.limitsFor(type)?.perMinute;
    if (limit === undefined || !Number.isFinite(limit) || limit <= 0) return undefined;
    // Half the minute at once (a sync's first report calls go out together), half refilled over it.
    // Five9's hour windows are tighter than that sustained rate for reports anyway.
    const burst = Math.max(1, Math.ceil(limit / 2));
    // A limit of 1 leaves no room beside the burst: refill half a token so a minute holds one grant.
    const rate = limit - burst > 0 ? limit - burst : limit / 2;
    b = new DatabaseTokenBucket(this.driver, this.name(type), {
      requestsPerMinute: rate,
      burst,
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
    });
    this.buckets.set(type, b);
    return b;
  }

  private name(type: OperationType): string {
    return `five9:${this.scope.tenantId}:${this.scope.username}:${type}`;
  }

  private windowCounter(type: OperationType): DatabaseWindowCounter {
    let c = this.windowCounters.get(type);
    if (!c) {
      c = new DatabaseWindowCounter(this.driver, this.name(type));
      this.windowCounters.set(type, c);
    }
    return c;
  }

  /** The hour and day windows holding `now`, with their limits (finite ones only). */
  private windows(type: OperationType, now: number): CountedWindow[] {
    const limits = this.limitsFor(type);
    if (!limits) return [];
    const hour = Math.floor(now / HOUR) * HOUR;
    const [dayStart, dayEnd] =
      (this.options.dayTimeZone ?? PACIFIC) === PACIFIC
        ? pacificDayBounds(now)
        : [Math.floor(now / 86_400_000) * 86_400_000, Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000];
    const out: CountedWindow[] = [
      { window: 'perHour', start: hour, end: hour + HOUR, limit: limits.perHour },
      { window: 'perDay', start: dayStart, end: dayEnd, limit: limits.perDay },
    ];
    return out.filter((w) => Number.isFinite(w.limit) && w.limit > 0);
  }

  override async acquire(type: OperationType): Promise<void> {
    await this.pending;
    const counter = this.windowCounter(type);
    for (;;) {
      const now = this.clock();
      const windows = this.windows(type, now);
      if (windows.length === 0) break;
      const wait = await counter.take(windows, now);
      if (wait === 0) break;
      await this.pause(wait);
    }
    await this.sweep(type);
    await this.bucket(type)?.take();
    await super.acquire(type);
  }

  /** Ended windows are deleted now and then (at most once an hour per limiter), not on every grant. */
  private async sweep(type: OperationType): Promise<void> {
    const now = this.clock();
    if (now - this.swept < HOUR) return;
    this.swept = now;
    await this.windowCounter(type).sweep(now - 2 * 86_400_000);
  }

  override exhaust(type: OperationType, limit?: number): void {
    super.exhaust(type, limit);
    // Five9 refused: every worker waits until the full window resets, not just this one.
    const wait = this.resetInMs(type);
    const b = this.bucket(type);
    if (b && wait) void b.pause(wait).catch(() => undefined);
    const w = this.windows(type, this.clock()).find((x) => x.limit === limit);
    if (w) this.later(this.windowCounter(type).atLeast(w, w.limit));
  }

  /** Five9's own counters (they include other tools on the domain) raise the shared ones too. */
  override sync(states: readonly CounterWindowState[]): void {
    super.sync(states);
    const now = this.clock();
    for (const s of states) {
      const name = s.timeoutSeconds === 3600 ? 'perHour' : s.timeoutSeconds === 86_400 ? 'perDay' : undefined;
      if (!name) continue;
      for (const c of s.counters) {
        const type = c.operationType as OperationType;
        const w = this.windows(type, now).find((x) => x.window === name);
        if (w && c.value > 0) this.later(this.windowCounter(type).atLeast(w, c.value));
      }
    }
  }

  private later(p: Promise<void>): void {
    this.pending = Promise.all([this.pending, p.catch(() => undefined)]);
  }
}
