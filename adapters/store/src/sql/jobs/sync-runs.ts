import type { Platform } from '@teachback/core';
import type { SqlDriver } from '../driver';

/** The sync job that started a run (its key is the run's key). */
export interface SyncRunStart {
  run: string;
  platform: Platform;
  createdAt: number;
}

/** Jobs of a run by step and state, with the latest change among them. */
export interface SyncRunStepCount {
  step: string;
  state: string;
  n: number;
  last: number;
}

/** The ledger read as sync runs: what `teachback sync` and the API's sync status show. */
export class SyncRuns {
  constructor(private readonly driver: SqlDriver) {}

  /** The tenant's latest top-level sync job (of one platform, if given). */
  async latest(tenantId: string, platform?: Platform): Promise<SyncRunStart | undefined> {
    const r = await this.driver.get<{ job_key: string; platform: string; created_at: number | string }>(
      `SELECT job_key, platform, created_at FROM tb_jobs_ledger WHERE tenant_id = ? AND step = 'sync' AND run_key IS NULL${platform ? ' AND platform = ?' : ''} ORDER BY created_at DESC, job_key DESC LIMIT 1`,
      platform ? [tenantId, platform] : [tenantId],
    );
    return r
      ? { run: r.job_key, platform: r.platform as Platform, createdAt: Number(r.created_at) }
      : undefined;
  }

  async stepCounts(tenantId: string, run: string): Promise<SyncRunStepCount[]> {
    const rows = await this.driver.all<{
      step: string;
      state: string;
      n: number | string;
      last: number | string;
    }>(
      'SELECT step, state, COUNT(*) AS n, MAX(updated_at) AS last FROM tb_jobs_ledger WHERE tenant_id = ? AND (run_key = ? OR job_key = ?) GROUP BY step, state',
      [tenantId, run, run],
    );
    return rows.map((r) => ({ step: r.step, state: r.state, n: Number(r.n), last: Number(r.last) }));
  }
}
