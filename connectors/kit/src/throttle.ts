/**
 * Token-bucket pacing. One Throttle per (tenant, platform credential): every request made with a
 * credential takes a token first, so our own pacing never causes a 429. `now`/`sleep` are
 * injectable for tests.
 */
export interface ThrottleOptions {
  /** Sustained rate. */
  requestsPerMinute: number;
  /** Largest burst; defaults to a tenth of a minute's allowance (at least 1). */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class Throttle {
  private tokens: number;
  private last: number;
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private queue: Promise<void> = Promise.resolve();
  /** Requests granted so far; connectors report it as "API requests used". */
  granted = 0;

  constructor(options: ThrottleOptions) {
    if (!(options.requestsPerMinute > 0)) throw new RangeError('requestsPerMinute must be > 0');
    this.ratePerMs = options.requestsPerMinute / 60_000;
    this.capacity = Math.max(1, options.burst ?? Math.floor(options.requestsPerMinute / 10));
    this.tokens = this.capacity;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.last = this.now();
  }

  /** Resolves when the caller may send one request. Callers are served in arrival order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Pushes the next grant back, e.g. after a 429 whose Retry-After says the server wants a pause. */
  pause(ms: number): void {
    this.tokens = Math.min(this.tokens, 0) - ms * this.ratePerMs;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.ratePerMs);
    this.last = t;
  }

  private async waitForToken(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs));
      this.refill();
    }
    this.tokens -= 1;
    this.granted++;
  }
}

/** Keeps exactly one Throttle per key, e.g. `${tenant}:${platform}:${clientId}`. */
export class ThrottleRegistry {
  private readonly throttles = new Map<string, Throttle>();
  constructor(
    private readonly defaults: Omit<ThrottleOptions, 'requestsPerMinute'> & { requestsPerMinute: number },
  ) {}

  for(key: string, overrides: Partial<ThrottleOptions> = {}): Throttle {
    let t = this.throttles.get(key);
    if (!t) {
      t = new Throttle({ ...this.defaults, ...overrides });
      this.throttles.set(key, t);
    }
    return t;
  }
}
