import type { SqlDriver } from '../driver';

/**
 * Five9 names one call two ways: the call id (the report's CALL ID, Web Connector `call_id`) and
 * the session id (SESSION ID, recordings exported with `recordingNameAsSid`). The store finds an
 * interaction by its external id (the call id) only; this table maps each session id to its call
 * id, so whatever arrives under either name lands on the one interaction. The table is the sync
 * state's (`migrateJobs`).
 */
export class Five9CallAliases {
  constructor(private readonly driver: SqlDriver) {}

  async remember(tenantId: string, callId: string, aliases: readonly string[]): Promise<void> {
    if (aliases.length === 0) return;
    for (const alias of aliases) {
      if (alias === callId) continue;
      await this.driver.run(
        'INSERT INTO tb_jobs_five9_aliases (tenant_id, alias, call_id) VALUES (?, ?, ?) ON CONFLICT (tenant_id, alias) DO UPDATE SET call_id = excluded.call_id',
        [tenantId, alias, callId],
      );
    }
  }

  /** The call id a session id stands for, if the report has brought that call in. */
  async callIdOf(tenantId: string, alias: string): Promise<string | undefined> {
    const row = await this.driver.get<{ call_id: string }>(
      'SELECT call_id FROM tb_jobs_five9_aliases WHERE tenant_id = ? AND alias = ?',
      [tenantId, alias],
    );
    return row?.call_id;
  }
}
