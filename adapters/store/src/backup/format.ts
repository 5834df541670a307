import { z } from 'zod';

export const BACKUP_FORMAT = 'teachback-backup-v1';

/** One table's rows: JSON lines, gzip, AES-256-GCM under the backup key. */
export const BackupTable = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  file: z.string().regex(/^tables\/[a-z_][a-z0-9_]*\.jsonl\.gz\.enc$/),
  rows: z.number().int().nonnegative(),
  /** Each line is a JSON array of these columns' values, so a restore never depends on column order. */
  columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1),
  bytes: z.number().int().nonnegative(),
  /** Of the file as stored (ciphertext): checkable without any key. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  iv: z.string().min(1),
  tag: z.string().min(1),
});
export type BackupTable = z.infer<typeof BackupTable>;

export const BackupManifest = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  id: z.string().regex(/^[0-9a-f]{32}$/),
  createdAt: z.string(),
  source: z.enum(['sqlite', 'postgres']),
  /** How the snapshot was made consistent. */
  snapshot: z.enum(['sqlite-online-backup', 'postgres-repeatable-read']),
  /** One tenant's rows, or the whole store. */
  tenantId: z.string().nullable(),
  migrations: z.array(z.number().int()),
  cipher: z.literal('aes-256-gcm+gzip'),
  /** The backup key, wrapped by the key-encryption key named here; the KEK itself is never in a backup. */
  kekId: z.string(),
  wrappedKey: z.string(),
  tables: z.array(BackupTable),
  /** Every chain head at snapshot time: a restore must reproduce them exactly. */
  auditHeads: z.array(z.strictObject({ tenantId: z.string(), seq: z.number().int(), hash: z.string() })),
});
export type BackupManifest = z.infer<typeof BackupManifest>;

/**
 * Tables in foreign-key order (a parent before its children), so a restore inserts in one pass on
 * both dialects; tables not listed follow alphabetically.
 */
export const TABLE_ORDER = [
  'tenants',
  'tenant_keys',
  'teams',
  'users',
  'user_agent_ids',
  'connections',
  'contacts',
  'contact_keys',
  'interactions',
  'transcripts',
  'recordings',
  'scorecards',
  'escalations',
  'coaching_tasks',
  'sync_checkpoints',
  'outbox',
  'audit_events',
  'audit_heads',
  'audit_pending',
  'playbook_versions',
];

/** Not data: the target's own migrations record its schema. */
export const NOT_BACKED_UP = new Set(['schema_migrations']);

export function orderTables(names: readonly string[]): string[] {
  const rank = (n: string): number => {
    const i = TABLE_ORDER.indexOf(n);
    return i === -1 ? TABLE_ORDER.length : i;
  };
  return names.filter((n) => !NOT_BACKED_UP.has(n)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The AAD of a table file: a file moved to another table or another backup fails to decrypt. */
export function tableAad(backupId: string, table: string): Buffer {
  return Buffer.from(`${BACKUP_FORMAT}|${backupId}|${table}`);
}
