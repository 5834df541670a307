import { Throttle } from '@teachback/connector-kit';
import type { DatabaseTokenBucket } from '@teachback/adapter-store';

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
