import type { SqlDriver } from '../driver';

/*
 * The sync state's tables (`tb_jobs_*`), beside the store's own: the job ledger, the shared token
 * buckets, quarantine, request counts, skipped capabilities, Five9 call aliases, Five9 recording
 * files, the Salesforce directory hashes and call-log links. Push receipts are outbox items
 * (the store's `outbox` table), so a push is recorded once.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS tb_jobs_ledger (
  job_key TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  external_id TEXT NOT NULL,
  step TEXT NOT NULL,
  payload TEXT NOT NULL,
  run_key TEXT,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  yields INTEGER NOT NULL DEFAULT 0,
  run_after BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS tb_jobs_ledger_due ON tb_jobs_ledger (state, run_after);
CREATE INDEX IF NOT EXISTS tb_jobs_ledger_run ON tb_jobs_ledger (tenant_id, run_key, step, state);
CREATE TABLE IF NOT EXISTS tb_jobs_bucket (
  name TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS tb_jobs_quarantine (
  tenant_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  reason TEXT NOT NULL,
  at TEXT NOT NULL,
  run_key TEXT,
  PRIMARY KEY (tenant_id, platform, kind, ref)
);
CREATE TABLE IF NOT EXISTS tb_jobs_requests (
  tenant_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  run_key TEXT NOT NULL,
  requests BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, platform, run_key)
);
CREATE TABLE IF NOT EXISTS tb_jobs_five9_aliases (
  tenant_id TEXT NOT NULL,
  alias TEXT NOT NULL,
  call_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, alias)
);
CREATE TABLE IF NOT EXISTS tb_jobs_skipped (
  tenant_id TEXT NOT NULL,
  platform TEXT NOT NULL,
  run_key TEXT NOT NULL,
  what TEXT NOT NULL,
  why TEXT NOT NULL,
  PRIMARY KEY (tenant_id, platform, run_key, what)
);
CREATE TABLE IF NOT EXISTS tb_jobs_recording_files (
  tenant_id TEXT NOT NULL,
  file_ref TEXT NOT NULL,
  interaction_id TEXT NOT NULL,
  bytes BIGINT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, file_ref)
);
CREATE TABLE IF NOT EXISTS tb_jobs_directory (
  tenant_id TEXT NOT NULL,
  ref_hash TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  PRIMARY KEY (tenant_id, ref_hash)
);
CREATE TABLE IF NOT EXISTS tb_jobs_call_logs (
  tenant_id TEXT NOT NULL,
  task_id TEXT NOT NULL,
  voice_call_id TEXT NOT NULL,
  PRIMARY KEY (tenant_id, task_id)
);
`;

/** Creates the sync state's tables beside the store's (idempotent). */
export async function migrateJobs(driver: SqlDriver): Promise<void> {
  await driver.exec(SCHEMA);
  // Ledgers created before quarantine entries carried their sync run.
  if (driver.kind === 'postgres') {
    await driver.exec('ALTER TABLE tb_jobs_quarantine ADD COLUMN IF NOT EXISTS run_key TEXT');
  } else {
    const cols = await driver.all<{ name: string }>('PRAGMA table_info(tb_jobs_quarantine)');
    if (!cols.some((c) => c.name === 'run_key'))
      await driver.exec('ALTER TABLE tb_jobs_quarantine ADD COLUMN run_key TEXT');
  }
  await retirePushTable(driver);
}

/**
 * `tb_jobs_push` once held push records (now outbox items) and, under prefixed keys, the Salesforce
 * directory hashes and call-log links (now tables of their own). Those two are copied over; old
 * push records are dropped: a replay of a push they covered re-sends an idempotent upsert.
 */
async function retirePushTable(driver: SqlDriver): Promise<void> {
  const exists =
    driver.kind === 'postgres'
      ? await driver.get(
          "SELECT 1 AS one FROM information_schema.tables WHERE table_name = 'tb_jobs_push' AND table_schema = current_schema()",
        )
      : await driver.get("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'tb_jobs_push'");
  if (!exists) return;
  await driver.transaction(async (tx) => {
    const rows = await tx.all<{ push_key: string; body: string }>(
      "SELECT push_key, body FROM tb_jobs_push WHERE push_key LIKE 'sfdir|%' OR push_key LIKE 'sfcall|%'",
    );
    for (const r of rows) {
      const [prefix, tenantId, ...rest] = r.push_key.split('|');
      const ref = rest.join('|');
      if (prefix === 'sfdir')
        await tx.run(
          'INSERT INTO tb_jobs_directory (tenant_id, ref_hash, content_hash) VALUES (?, ?, ?) ON CONFLICT (tenant_id, ref_hash) DO NOTHING',
          [tenantId!, ref, r.body],
        );
      else
        await tx.run(
          'INSERT INTO tb_jobs_call_logs (tenant_id, task_id, voice_call_id) VALUES (?, ?, ?) ON CONFLICT (tenant_id, task_id) DO NOTHING',
          [tenantId!, ref, r.body],
        );
    }
    await tx.run('DROP TABLE IF EXISTS tb_jobs_push');
  });
}
