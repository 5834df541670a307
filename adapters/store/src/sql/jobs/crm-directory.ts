import { createHash } from 'node:crypto';
import type { UpsertOutcome } from '@teachback/core';
import type { SqlDriver } from '../driver';

/**
 * CRM people and cases seen by a Salesforce sync: the store has no CRM-directory write yet, so only
 * content hashes are kept (no PHI), under a hash of the record's reference, to report what changed.
 */
export class CrmDirectoryHashes {
  constructor(private readonly driver: SqlDriver) {}

  async upsert(tenantId: string, ref: string, contentHash: string): Promise<UpsertOutcome> {
    const refHash = createHash('sha256').update(ref).digest('hex');
    const prior = await this.driver.get<{ content_hash: string }>(
      'SELECT content_hash FROM tb_jobs_directory WHERE tenant_id = ? AND ref_hash = ?',
      [tenantId, refHash],
    );
    if (prior?.content_hash === contentHash) return 'unchanged';
    await this.driver.run(
      'INSERT INTO tb_jobs_directory (tenant_id, ref_hash, content_hash) VALUES (?, ?, ?) ON CONFLICT (tenant_id, ref_hash) DO UPDATE SET content_hash = excluded.content_hash',
      [tenantId, refHash, contentHash],
    );
    return prior ? 'updated' : 'created';
  }
}
