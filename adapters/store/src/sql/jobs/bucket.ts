import type { SqlDriver } from '../driver';

export interface BucketOptions {
  /** Sustained rate shared by every process that uses this bucket name. */
  requestsPerMinute: number;
  /** Largest burst; default a tenth of a minute's allowance (at least 1). */
  burst?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * PostgreSQL: a `FROM` item that turns off the wait for the WAL flush for the statement's own
 * (implicit) transaction only, so a counter UPDATE releases its row lock at once instead of after an
 * fsync. Every request of every worker passes through one bucket row: with the flush inside the
 * lock, takes are serialized at one fsync each (~500–700 takes/s here, the whole fleet's ceiling);
 * without it, ~1,700–2,200/s. What a server crash can lose is the last few milliseconds of counts —
 * a few requests over budget at restart, which the platform answers with 429 and the retry table
 * handles. Only the per-minute token bucket uses it: hour and day counters (a lost count there
 * could spend past a daily limit) and every other write stay synchronous, as `set_config(…, true)`
 * ends with the statement's own transaction. SQLite (one in-process writer) needs nothing.
 */
export const NO_FLUSH_WAIT = "(SELECT set_config('synchronous_commit', 'off', true)) AS no_flush_wait";

function bucketUpdate(driver: SqlDriver, set: string, where: string): string {
  return driver.kind === 'postgres'
    ? `UPDATE tb_jobs_bucket SET ${set} FROM ${NO_FLUSH_WAIT} WHERE ${where}`
    : `UPDATE tb_jobs_bucket SET ${set} WHERE ${where}`;
}

/**
 * A token bucket kept in the database, so every worker process on every machine draws from one
 * budget per (tenant, platform credential). Each take is one short transaction that locks the
 * bucket row (PostgreSQL `FOR UPDATE`; SQLite has a single writer anyway).
 */
export class DatabaseTokenBucket {
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  granted = 0;

  constructor(
    private readonly driver: SqlDriver,
    readonly name: string,
    options: BucketOptions,
  ) {
    if (!(options.requestsPerMinute > 0)) throw new RangeError('requestsPerMinute must be > 0');
    this.ratePerMs = options.requestsPerMinute / 60_000;
    this.capacity = Math.max(1, options.burst ?? Math.floor(options.requestsPerMinute / 10));
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  private created = false;

  /**
   * Takes one token, or says how long to wait for the next. The common case (a token is there) is
   * one UPDATE that refills and takes atomically, so the row lock is held for one statement only
   * (and, on PostgreSQL, not through the commit's WAL flush: see NO_FLUSH_WAIT).
   */
  private async tryTake(): Promise<number> {
    const t = this.now();
    if (!this.created) {
      await this.driver.run(
        'INSERT INTO tb_jobs_bucket (name, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
        [this.name, this.capacity, t],
      );
      this.created = true;
    }
    const least = this.driver.kind === 'postgres' ? 'LEAST' : 'MIN';
    // Clocks of different machines disagree a little: time never runs backwards for the bucket.
    const refilled = `${least}(CAST(? AS DOUBLE PRECISION), tokens + (CASE WHEN ? > updated_at THEN ? - updated_at ELSE 0 END) * CAST(? AS DOUBLE PRECISION))`;
    const took = await this.driver.run(
      bucketUpdate(
        this.driver,
        `tokens = ${refilled} - 1, updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at END`,
        `name = ? AND ${refilled} >= 1`,
      ),
      [this.capacity, t, t, this.ratePerMs, t, t, this.name, this.capacity, t, t, this.ratePerMs],
    );
    if (took > 0) return 0;
    const row = await this.driver.get<{ tokens: number | string; updated_at: number | string }>(
      'SELECT tokens, updated_at FROM tb_jobs_bucket WHERE name = ?',
      [this.name],
    );
    const last = Number(row?.updated_at ?? t);
    const tokens = Math.min(this.capacity, Number(row?.tokens ?? 0) + Math.max(0, t - last) * this.ratePerMs);
    return Math.max(1, Math.ceil((1 - tokens) / this.ratePerMs));
  }

  async take(): Promise<void> {
    for (;;) {
      const wait = await this.tryTake();
      if (wait === 0) {
        this.granted++;
        return;
      }
      await this.sleep(wait);
    }
  }

  /** Everyone waits: the platform said Retry-After, so the debt is shared by all workers. */
  async pause(ms: number): Promise<void> {
    await this.driver.transaction(async (tx) => {
      const row = await tx.get<{ tokens: number | string }>(
        `SELECT tokens FROM tb_jobs_bucket WHERE name = ?${this.driver.forUpdate}`,
        [this.name],
      );
      if (!row) return;
      await tx.run('UPDATE tb_jobs_bucket SET tokens = ? WHERE name = ?', [
        Math.min(Number(row.tokens), 0) - ms * this.ratePerMs,
        this.name,
      ]);
    });
  }
}

/** One clock window a counter is asked to count in: [start, end), at most `limit` uses. */
export interface CountedWindow {
  /** Which window (e.g. `perHour`); rows are kept per name and start. */
  window: string;
  start: number;
  end: number;
  limit: number;
}

/**
 * Fixed-window counters kept in the database, for limits a platform counts in clock windows that
 * every process of a credential shares (Five9's hour and day limits). A row per (name, window,
 * start) in the bucket table: `tokens` holds the uses counted, `updated_at` the window's end so
 * ended windows can be swept.
 */
export class DatabaseWindowCounter {
  constructor(
    private readonly driver: SqlDriver,
    readonly name: string,
  ) {}

  private row(w: Pick<CountedWindow, 'window' | 'start'>): string {
    return `${this.name}#${w.window}#${w.start}`;
  }

  /**
   * Counts one use in every window if each has room, and answers 0; otherwise leaves the counts as
   * they were and answers the milliseconds until the full window ends. Each window is one
   * conditional UPDATE (no transaction held across awaits, which two SQLite connections of one
   * process could not share); a window found full gives back the uses just taken in the others.
   * Between the two, a count may read one too high for a moment: that only ever waits, never
   * over-spends, and so does a crash in between.
   */
  async take(windows: readonly CountedWindow[], now: number): Promise<number> {
    const taken: CountedWindow[] = [];
    for (const w of windows) {
      await this.driver.run(
        'INSERT INTO tb_jobs_bucket (name, tokens, updated_at) VALUES (?, 0, ?) ON CONFLICT (name) DO NOTHING',
        [this.row(w), w.end],
      );
      const ok = await this.driver.run(
        'UPDATE tb_jobs_bucket SET tokens = tokens + 1 WHERE name = ? AND tokens < ?',
        [this.row(w), w.limit],
      );
      if (ok === 0) {
        for (const t of taken) {
          await this.driver.run('UPDATE tb_jobs_bucket SET tokens = tokens - 1 WHERE name = ?', [
            this.row(t),
          ]);
        }
        return Math.max(1, w.end - now);
      }
      taken.push(w);
    }
    return 0;
  }

  /** Raises a window's count to at least `used`: the platform's own counter, or a limit it reported hit. */
  async atLeast(w: Omit<CountedWindow, 'limit'>, used: number): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_bucket (name, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET tokens = CASE WHEN tb_jobs_bucket.tokens < excluded.tokens THEN excluded.tokens ELSE tb_jobs_bucket.tokens END',
      [this.row(w), used, w.end],
    );
  }

  /** Uses counted so far in a window (0 when nothing was counted). */
  async used(w: Pick<CountedWindow, 'window' | 'start'>): Promise<number> {
    const r = await this.driver.get<{ tokens: number | string }>(
      'SELECT tokens FROM tb_jobs_bucket WHERE name = ?',
      [this.row(w)],
    );
    return Number(r?.tokens ?? 0);
  }

  /** Deletes this counter's windows that ended before `before`. */
  async sweep(before: number): Promise<number> {
    return this.driver.run("DELETE FROM tb_jobs_bucket WHERE name LIKE ? ESCAPE '\\' AND updated_at < ?", [
      `${this.name.replace(/[\\%_]/g, (c) => `\\${c}`)}#%`,
      before,
    ]);
  }
}
