import type { Platform, RequestCount } from '@teachback/core';
import { Throttle } from '@teachback/connector-kit';
import type { OperationType } from '@teachback/connector-five9';
import { RequestCounts, type DatabaseTokenBucket, type SqlDriver } from '@teachback/adapter-store';
import { SharedThrottle } from './throttle';
import { SharedOperationLimiter } from './five9-limiter';
import { currentRun } from './runner';

type SyncedPlatform = Exclude<Platform, 'teachback'>;

/**
 * Platform API requests per (tenant, platform, sync run), kept in the sync state so the requests of
 * workers in other processes add up to one figure. Every platform client paces through
 * a throttle or limiter built in connections.ts; one token taken is one request sent (retries
 * included), so counting there counts what the platform sees. Outside a job step (connect, tests
 * driving a client directly) nothing is counted.
 */
export class RequestCounter {
  private readonly counts: RequestCounts;
  constructor(
    driver: SqlDriver,
    private readonly tenantId: string,
    private readonly platform: SyncedPlatform,
  ) {
    this.counts = new RequestCounts(driver);
  }

  async count(): Promise<void> {
    const run = currentRun();
    if (!run || run.tenantId !== this.tenantId) return;
    await this.counts.add(this.tenantId, this.platform, run.run);
  }
}

/** Requests a sync run made, with the interactions it found: `requestsPerThousand` of core. */
export async function runRequestCount(
  driver: SqlDriver,
  tenantId: string,
  run: string,
  interactions: number,
): Promise<RequestCount> {
  return { requests: await new RequestCounts(driver).forRun(tenantId, run), interactions };
}

/** Genesys: the shared database throttle, counting each token it grants. */
export class CountedSharedThrottle extends SharedThrottle {
  constructor(
    bucket: DatabaseTokenBucket,
    requestsPerMinute: number,
    private readonly counter: RequestCounter,
  ) {
    super(bucket, requestsPerMinute);
  }

  override async take(): Promise<void> {
    await super.take();
    await this.counter.count();
  }
}

/** Five9: the shared operation limiter, counting each grant (one grant per SOAP call). */
export class CountedOperationLimiter extends SharedOperationLimiter {
  constructor(
    driver: SqlDriver,
    scope: { tenantId: string; username: string },
    private readonly counter: RequestCounter,
  ) {
    super(driver, scope);
  }

  override async acquire(type: OperationType): Promise<void> {
    await super.acquire(type);
    await this.counter.count();
  }
}

/**
 * Salesforce has no per-minute limit to pace for (the daily allowance is the client's own guard):
 * a throttle that never waits and only counts.
 */
export class CountingThrottle extends Throttle {
  constructor(private readonly counter: RequestCounter) {
    super({ requestsPerMinute: 60_000 });
  }

  override async take(): Promise<void> {
    this.granted++;
    await this.counter.count();
  }
}
