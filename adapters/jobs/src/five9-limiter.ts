import {
  OperationLimiter,
  type OperationLimiterOptions,
  type OperationType,
} from '@teachback/connector-five9';
import { DatabaseTokenBucket, type SqlDriver } from '@teachback/adapter-store';

/**
 * Five9's per-minute limits are per domain, so every worker of a tenant must draw from one budget.
 * This limiter takes each grant from a database token bucket per (tenant, API user, operation type)
 * first, then keeps the connector's own hour/day windows and counter adoption locally.
 *
 * A token bucket holding at most `burst` tokens and refilling `rate` per minute grants at most
 * `burst + rate` in any clock minute; Five9 counts clock minutes, so `burst + rate` is the limit.
 */
export class SharedOperationLimiter extends OperationLimiter {
  private readonly buckets = new Map<OperationType, DatabaseTokenBucket>();

  constructor(
    private readonly driver: SqlDriver,
    private readonly scope: { tenantId: string; username: string },
    private readonly options: OperationLimiterOptions = {},
  ) {
    super(options);
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
    b = new DatabaseTokenBucket(this.driver, `five9:${this.scope.tenantId}:${this.scope.username}:${type}`, {
      requestsPerMinute: rate,
      burst,
      ...(this.options.now ? { now: this.options.now } : {}),
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
    });
    this.buckets.set(type, b);
    return b;
  }

  override async acquire(type: OperationType): Promise<void> {
    await this.bucket(type)?.take();
    await super.acquire(type);
  }

  override exhaust(type: OperationType, limit?: number): void {
    super.exhaust(type, limit);
    // Five9 refused: every worker waits until the full window resets, not just this one.
    const wait = this.resetInMs(type);
    const b = this.bucket(type);
    if (b && wait) void b.pause(wait).catch(() => undefined);
  }
}
