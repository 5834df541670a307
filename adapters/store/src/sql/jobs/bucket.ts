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
   * one UPDATE that refills and takes atomically, so the row lock is held for one statement only.
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
      `UPDATE tb_jobs_bucket SET tokens = ${refilled} - 1, updated_at = CASE WHEN ? > updated_at THEN ? ELSE updated_at END WHERE name = ? AND ${refilled} >= 1`,
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
