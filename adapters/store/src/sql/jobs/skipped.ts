import type { CapabilityGap, Platform } from '@teachback/core';
import type { SqlDriver } from '../driver';
import { noRun, type RunOf } from './run';

/**
 * What a sync run found the org does not have and synced without (an object, a permission, a
 * report column), kept per run beside the job ledger so `teachback sync` and sync status can say
 * it, whichever worker ran the sync step. Names and reasons only: no secrets, no PHI.
 */
export class LedgerSkipped {
  constructor(
    private readonly driver: SqlDriver,
    private readonly runOf: RunOf = noRun,
  ) {}

  /** Records the gaps of the sync step this runs in; outside a job there is no run to tell. */
  async record(tenantId: string, platform: Exclude<Platform, 'teachback'>, gaps: readonly CapabilityGap[]) {
    const run = this.runOf();
    if (!run || run.tenantId !== tenantId) return;
    for (const g of gaps) {
      await this.driver.run(
        'INSERT INTO tb_jobs_skipped (tenant_id, platform, run_key, what, why) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, platform, run_key, what) DO UPDATE SET why = excluded.why',
        [tenantId, platform, run.run, g.what, g.why],
      );
    }
  }

  async forRun(tenantId: string, run: string): Promise<CapabilityGap[]> {
    return this.driver.all<{ what: string; why: string }>(
      'SELECT what, why FROM tb_jobs_skipped WHERE tenant_id = ? AND run_key = ? ORDER BY what',
      [tenantId, run],
    );
  }
}
