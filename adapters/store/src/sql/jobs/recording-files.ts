import type { SqlDriver } from '../driver';

/**
 * Five9 export files already taken, by a reference to the name (names carry the caller's number, so
 * only a hash of it is kept). A replayed ingest skips what is recorded here.
 */
export class RecordingFiles {
  constructor(private readonly driver: SqlDriver) {}

  async has(tenantId: string, fileRef: string): Promise<boolean> {
    const row = await this.driver.get(
      'SELECT 1 AS one FROM tb_jobs_recording_files WHERE tenant_id = ? AND file_ref = ?',
      [tenantId, fileRef],
    );
    return row !== undefined;
  }

  async record(
    tenantId: string,
    e: { fileRef: string; interactionId: string; bytes: number; at: string },
  ): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_recording_files (tenant_id, file_ref, interaction_id, bytes, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, file_ref) DO NOTHING',
      [tenantId, e.fileRef, e.interactionId, e.bytes, e.at],
    );
  }
}
