import { DEFAULT_LIMITS, type OperationType, type WindowLimits } from './manifest';
import { PACIFIC, pacificDayBounds } from './pacific-time';

/**
 * Keeps a domain under Five9's per-operation-type limits. Five9 counts in fixed minute, hour and
 * day windows that reset on clock boundaries, so we count the same way and wait for the next
 * boundary when a window is full. `sync` adopts the server's own counters and limits from
 * getCallCountersState, which also covers calls made by other tools on the same domain.
 */
export interface OperationLimiterOptions {
  limits?: Partial<Record<OperationType, WindowLimits>>;
  /**
   * Day windows reset at local midnight of the data centre (Pacific for the US one). Days are
   * 23 or 25 hours long on DST changes, so they are computed, not fixed at 86,400 s.
   */
  dayTimeZone?: typeof PACIFIC | 'UTC';
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const WINDOWS = [
  ['perMinute', 60_000],
  ['perHour', 3_600_000],
  ['perDay', 86_400_000],
] as const;

type WindowName = (typeof WINDOWS)[number][0];

interface WindowCount {
  start: number;
  end: number;
  used: number;
}

/** One row of getCallCountersState: counters of one window length (`timeout`, in seconds). */
export interface CounterWindowState {
  timeoutSeconds: number;
  counters: { operationType: string; limit: number; value: number }[];
}

export class OperationLimiter {
  private readonly limits: Map<OperationType, WindowLimits>;
  private readonly counts = new Map<string, WindowCount>();
  private readonly queues = new Map<OperationType, Promise<void>>();
  private readonly now: () => number;
  private readonly dayTimeZone: typeof PACIFIC | 'UTC';
  private readonly sleep: (ms: number) => Promise<void>;
  /** Grants per operation type; the sync reports these as requests used. */
  readonly granted = new Map<OperationType, number>();

  constructor(options: OperationLimiterOptions = {}) {
    this.limits = new Map(
      Object.entries({ ...DEFAULT_LIMITS, ...options.limits }) as [OperationType, WindowLimits][],
    );
    this.now = options.now ?? Date.now;
    this.dayTimeZone = options.dayTimeZone ?? PACIFIC;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  limitsFor(type: OperationType): WindowLimits | undefined {
    return this.limits.get(type);
  }

  /** Resolves when one more `type` request fits every window. Callers of a type are served in order. */
  acquire(type: OperationType): Promise<void> {
    const previous = this.queues.get(type) ?? Promise.resolve();
    const turn = previous.then(() => this.waitForRoom(type));
    this.queues.set(
      type,
      turn.catch(() => undefined),
    );
    return turn;
  }

  /** Milliseconds until every full window of `type` has reset (0 when there is room now). */
  resetInMs(type: OperationType | undefined): number | undefined {
    if (!type || !this.limits.has(type)) return undefined;
    return this.waitMs(type, this.now());
  }

  /** Marks the current windows of `type` as full, e.g. after Five9 said the limit was exceeded. */
  exhaust(type: OperationType, limit?: number): void {
    const limits = this.limits.get(type);
    if (!limits) return;
    const now = this.now();
    // The fault names the limit it hit; pick the window with that limit (the minute one otherwise).
    const [name, size] = WINDOWS.find(([n]) => limits[n] === limit) ?? WINDOWS[0];
    const count = this.window(type, name, size, now);
    count.used = Math.max(count.used, limits[name]);
  }

  sync(states: readonly CounterWindowState[]): void {
    const now = this.now();
    for (const state of states) {
      const win = WINDOWS.find(([, size]) => size === state.timeoutSeconds * 1000);
      if (!win) continue;
      const [name, size] = win;
      for (const c of state.counters) {
        const type = c.operationType as OperationType;
        const limits = this.limits.get(type) ?? { perMinute: Infinity, perHour: Infinity, perDay: Infinity };
        if (c.limit > 0) limits[name] = c.limit;
        this.limits.set(type, limits);
        const count = this.window(type, name, size, now);
        count.used = Math.max(count.used, c.value);
      }
    }
  }

  private bounds(name: WindowName, size: number, now: number): [number, number] {
    if (name === 'perDay' && this.dayTimeZone === PACIFIC) return pacificDayBounds(now);
    const start = Math.floor(now / size) * size;
    return [start, start + size];
  }

  private window(type: OperationType, name: WindowName, size: number, now: number): WindowCount {
    const key = `${type}:${name}`;
    const [start, end] = this.bounds(name, size, now);
    let count = this.counts.get(key);
    if (!count || count.start !== start) {
      count = { start, end, used: 0 };
      this.counts.set(key, count);
    }
    return count;
  }

  private waitMs(type: OperationType, now: number): number {
    const limits = this.limits.get(type);
    if (!limits) return 0;
    let wait = 0;
    for (const [name, size] of WINDOWS) {
      const count = this.window(type, name, size, now);
      if (count.used >= limits[name]) wait = Math.max(wait, count.end - now);
    }
    return wait;
  }

  private async waitForRoom(type: OperationType): Promise<void> {
    for (;;) {
      const now = this.now();
      const wait = this.waitMs(type, now);
      if (wait === 0) {
        for (const [name, size] of WINDOWS) this.window(type, name, size, now).used++;
        this.granted.set(type, (this.granted.get(type) ?? 0) + 1);
        return;
      }
      await this.sleep(wait);
    }
  }
}
