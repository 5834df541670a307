import type { Platform } from '@teachback/core';
import type { SqlDriver } from '../driver';

type SyncedPlatform = Exclude<Platform, 'teachback'>;

/**
 * Platform API requests per (tenant, platform, sync run), so the requests of workers in other
 * processes add up to one figure.
 */
export class RequestCounts {
  constructor(private readonly driver: SqlDriver) {}

  async add(tenantId: string, platform: SyncedPlatform, run: string): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_requests (tenant_id, platform, run_key, requests) VALUES (?, ?, ?, 1) ON CONFLICT (tenant_id, platform, run_key) DO UPDATE SET requests = tb_jobs_requests.requests + 1',
      [tenantId, platform, run],
    );
  }

  async forRun(tenantId: string, run: string): Promise<number> {
    const r = await this.driver.get<{ n: number | string | null }>(
      'SELECT SUM(requests) AS n FROM tb_jobs_requests WHERE tenant_id = ? AND run_key = ?',
      [tenantId, run],
    );
    return Number(r?.n ?? 0);
  }
}
