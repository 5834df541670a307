import { Throttle } from '@teachback/connector-kit';
import type { SqlDriver } from '@teachback/adapter-store';

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

  /** Takes one token, or says how long to wait for the next. */
  private async tryTake(): Promise<number> {
    return this.driver.transaction(async (tx) => {
      const t = this.now();
      await tx.run(
        'INSERT INTO tb_jobs_bucket (name, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
        [this.name, this.capacity, t],
      );
      const row = await tx.get<{ tokens: number | string; updated_at: number | string }>(
        `SELECT tokens, updated_at FROM tb_jobs_bucket WHERE name = ?${this.driver.forUpdate}`,
        [this.name],
      );
      const last = Number(row?.updated_at ?? t);
      const tokens = Math.min(
        this.capacity,
        Number(row?.tokens ?? 0) + Math.max(0, t - last) * this.ratePerMs,
      );
      if (tokens >= 1) {
        await tx.run('UPDATE tb_jobs_bucket SET tokens = ?, updated_at = ? WHERE name = ?', [
          tokens - 1,
          Math.max(t, last),
          this.name,
        ]);
        return 0;
      }
      await tx.run('UPDATE tb_jobs_bucket SET tokens = ?, updated_at = ? WHERE name = ?', [
        tokens,
        Math.max(t, last),
        this.name,
      ]);
      return Math.ceil((1 - tokens) / this.ratePerMs);
    });
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

/**
 * The connectors pace through a `Throttle`; this one asks the database bucket instead of counting
 * locally, so handing it to a platform client is all it takes to share the limit across workers.
 */
export class SharedThrottle extends Throttle {
  constructor(
    private readonly bucket: DatabaseTokenBucket,
    requestsPerMinute: number,
  ) {
    super({ requestsPerMinute });
  }

  override async take(): Promise<void> {
    await this.bucket.take();
    this.granted++;
  }

  override pause(ms: number): void {
    // Throttle.pause is synchronous; the shared debt is written in the background.
    void this.bucket.pause(ms).catch(() => undefined);
  }
}
