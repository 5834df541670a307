import type { SqlDriver } from '../driver';

/** Salesforce call-log Task → its VoiceCall, kept across runs so a Task read later is still linked. */
export class CallLogLinks {
  constructor(private readonly driver: SqlDriver) {}

  async put(tenantId: string, taskId: string, voiceCallId: string): Promise<void> {
    await this.driver.run(
      'INSERT INTO tb_jobs_call_logs (tenant_id, task_id, voice_call_id) VALUES (?, ?, ?) ON CONFLICT (tenant_id, task_id) DO UPDATE SET voice_call_id = excluded.voice_call_id',
      [tenantId, taskId, voiceCallId],
    );
  }

  async get(tenantId: string, taskId: string): Promise<string | undefined> {
    const r = await this.driver.get<{ voice_call_id: string }>(
      'SELECT voice_call_id FROM tb_jobs_call_logs WHERE tenant_id = ? AND task_id = ?',
      [tenantId, taskId],
    );
    return r?.voice_call_id;
  }
}
