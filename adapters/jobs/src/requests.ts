import type { Platform, RequestCount } from '@teachback/core';
import { Throttle } from '@teachback/connector-kit';
import type { OperationType } from '@teachback/connector-five9';
import type { SqlDriver } from '@teachback/adapter-store';
import { SharedThrottle, type DatabaseTokenBucket } from './bucket';
import { SharedOperationLimiter } from './five9-limiter';
import { currentRun } from './runner';

type SyncedPlatform = Exclude<Platform, 'teachback'>;

/**
 * Platform API requests per (tenant, platform, sync run), kept in the ledger database so the
 * requests of workers in other processes add up to one figure. Every platform client paces through
 * a throttle or limiter built in connections.ts; one token taken is one request sent (retries
 * included), so counting there counts what the platform sees. Outside a job step (connect, tests
 * driving a client directly) nothing is counted.
 */
export class RequestCounter {
  constructor(
    private readonly driver: SqlDriver,
    private readonly tenantId: string,
    private readonly platform: SyncedPlatform,
  ) {}

  async count(): Promise<void> {
    const run = currentRun();
    if (!run || run.tenantId !== this.tenantId) return;
    await this.driver.run(
      'INSERT INTO tb_jobs_requests (tenant_id, platform, run_key, requests) VALUES (?, ?, ?, 1) ON CONFLICT (tenant_id, platform, run_key) DO UPDATE SET requests = tb_jobs_requests.requests + 1',
      [this.tenantId, this.platform, run.run],
    );
  }
}

/** Requests a sync run made, with the interactions it found: `requestsPerThousand` of core. */
export async function runRequestCount(
  driver: SqlDriver,
  tenantId: string,
  run: string,
  interactions: number,
): Promise<RequestCount> {
  const r = await driver.get<{ n: number | string | null }>(
    'SELECT SUM(requests) AS n FROM tb_jobs_requests WHERE tenant_id = ? AND run_key = ?',
    [tenantId, run],
  );
  return { requests: Number(r?.n ?? 0), interactions };
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
