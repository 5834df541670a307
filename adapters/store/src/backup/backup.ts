import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import {
  createReadStream,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { TeachbackError, type KeyProvider } from '@teachback/core';
import type { Row, SqlExecutor, SqlValue } from '../sql/driver';
import { migrateJobs } from '../sql/jobs';
import type { SqlStore } from '../sql/sql-store';
import { BACKUP_FORMAT, BackupManifest, type BackupTable, orderTables, tableAad } from './format';
import { openSnapshot, type SnapshotTable } from './snapshot';

export { BackupManifest } from './format';

const MANIFEST = 'manifest.json';
const INSERT_ROWS = 100;

export interface BackupOptions {
  /** A new or empty directory; created with mode 0700. */
  out: string;
  /** One tenant's rows only; default the whole store. */
  tenantId?: string;
  /** Wraps the backup key; the same key-encryption key (or its successor holding it) restores. */
  keys: KeyProvider;
  now?: () => Date;
}

function keyContext(id: string): string {
  return `backup:${id}`;
}

/** A JSON-safe cell: binary columns travel as base64, dates as ISO instants. */
function encodeCell(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { $b64: v.toString('base64') };
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function decodeCell(v: unknown): SqlValue {
  if (v !== null && typeof v === 'object' && '$b64' in v)
    return Buffer.from(String((v as { $b64: string }).$b64), 'base64') as unknown as SqlValue;
  return v as SqlValue;
}

/**
 * Writes a consistent, encrypted, verifiable backup of the store (or one tenant) to `out`:
 * `manifest.json` (hashes, row counts, the wrapped backup key, chain heads) and one encrypted file
 * per table. Staged audit events are sealed first so the chain in the backup is complete. The
 * files hold ciphertext only: PHI columns were already sealed by tenant keys, those keys are
 * stored wrapped by the KEK, and the whole dump is encrypted again under a fresh backup key that
 * is itself wrapped by the KEK. Nothing in the directory decrypts without the KEK.
 */
export async function backupStore(store: SqlStore, opts: BackupOptions): Promise<BackupManifest> {
  mkdirSync(opts.out, { recursive: true, mode: 0o700 });
  if (readdirSync(opts.out).length > 0)
    throw new TeachbackError('BACKUP.TARGET_NOT_EMPTY', 'backup: the output directory must be new or empty');
  mkdirSync(join(opts.out, 'tables'), { mode: 0o700 });
  const id = randomBytes(16).toString('hex');
  const key = randomBytes(32);
  const wrappedKey = await opts.keys.wrap(key, keyContext(id));
  await store.sealAudit();
  const snap = await openSnapshot(store, opts.out);
  try {
    const all = await snap.tables();
    const byName = new Map(all.map((t) => [t.name, t]));
    const tables: BackupTable[] = [];
    for (const name of orderTables([...byName.keys()])) {
      const t = byName.get(name)!;
      const where = tenantFilter(t, opts.tenantId);
      if (opts.tenantId && !where) continue;
      tables.push(await writeTable(opts.out, id, key, t, snap.rows(t, where)));
    }
    const heads = byName.has('audit_heads')
      ? await collect(
          snap.rows(
            byName.get('audit_heads')!,
            opts.tenantId ? { column: 'tenant_id', value: opts.tenantId } : null,
          ),
        )
      : [];
    if (opts.tenantId && !tables.some((t) => t.name === 'tenants' && t.rows === 1))
      throw new TeachbackError('STORE.NOT_FOUND', 'backup: no such tenant');
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      id,
      createdAt: (opts.now ?? (() => new Date()))().toISOString(),
      source: store.driver.kind,
      snapshot: snap.method,
      tenantId: opts.tenantId ?? null,
      migrations: await snap.migrations(),
      cipher: 'aes-256-gcm+gzip',
      kekId: opts.keys.kekId,
      wrappedKey,
      tables,
      auditHeads: heads.map((h) => ({
        tenantId: String(h.tenant_id),
        seq: Number(h.seq),
        hash: String(h.hash),
      })),
    };
    writeDurably(join(opts.out, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    await snap.close();
    key.fill(0);
  }
}

function tenantFilter(
  t: SnapshotTable,
  tenantId: string | undefined,
): { column: string; value: string } | null {
  if (!tenantId) return null;
  if (t.name === 'tenants') return { column: 'id', value: tenantId };
  return t.columns.includes('tenant_id') ? { column: 'tenant_id', value: tenantId } : null;
}

async function collect(rows: AsyncIterable<Row>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

function writeDurably(file: string, text: string): void {
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function writeTable(
  dir: string,
  backupId: string,
  key: Buffer,
  t: SnapshotTable,
  rows: AsyncIterable<Row>,
): Promise<BackupTable> {
  const file = `tables/${t.name}.jsonl.gz.enc`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(tableAad(backupId, t.name));
  const gzip = createGzip();
  const hash = createHash('sha256');
  const fd = openSync(join(dir, file), 'wx', 0o600);
  let bytes = 0;
  let count = 0;
  gzip.pipe(cipher);
  cipher.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    writeSync(fd, chunk);
  });
  const done = once(cipher, 'end');
  try {
    for await (const r of rows) {
      const line = JSON.stringify(t.columns.map((c) => encodeCell(r[c])));
      count++;
      if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
    }
    gzip.end();
    await done;
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {
    name: t.name,
    file,
    rows: count,
    bytes,
    sha256: hash.digest('hex'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    columns: t.columns,
  };
}

/** Reads and validates a backup's manifest. */
export function readManifest(dir: string): BackupManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch (e) {
    throw new TeachbackError('BACKUP.INVALID', 'backup: manifest.json is missing or not JSON', { cause: e });
  }
  const parsed = BackupManifest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TeachbackError('BACKUP.INVALID', `backup: manifest: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export type BackupCheck = { ok: true; manifest: BackupManifest } | { ok: false; problem: string };

/**
 * Checks every table file against the manifest's sha256 and size. Needs no key, so whoever
 * keeps the backups (without the KEK) can check them; decryption (GCM tags) is checked by restore.
 */
export async function verifyBackup(dir: string): Promise<BackupCheck> {
  let manifest: BackupManifest;
  try {
    manifest = readManifest(dir);
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
  for (const t of manifest.tables) {
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for await (const chunk of createReadStream(join(dir, t.file))) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
      }
    } catch {
      return { ok: false, problem: `backup: ${t.file} is missing or unreadable` };
    }
    if (bytes !== t.bytes || hash.digest('hex') !== t.sha256)
      return { ok: false, problem: `backup: ${t.file} does not match its sha256 in the manifest` };
  }
  return { ok: true, manifest };
}

export interface RestoreReport {
  backupId: string;
  tenantId: string | null;
  tables: number;
  rows: number;
}

/**
 * Restores a backup into an EMPTY store (a non-empty one is refused: a restore never merges),
 * in one transaction, so a failure (a bad tag, a constraint) leaves the store empty again. The
 * target is migrated by its own code; it must know every migration the backup was taken at.
 * `keys` must unwrap the backup key: the KEK the backup was taken under.
 */
export async function restoreBackup(store: SqlStore, dir: string, keys: KeyProvider): Promise<RestoreReport> {
  const check = await verifyBackup(dir);
  if (!check.ok) throw new TeachbackError('BACKUP.INVALID', check.problem);
  const m = check.manifest;
  const targetMigrations = (await store.driver.all('SELECT version FROM schema_migrations')).map((r) =>
    Number(r.version),
  );
  const missing = m.migrations.filter((v) => !targetMigrations.includes(v));
  if (missing.length > 0)
    throw new TeachbackError(
      'BACKUP.SCHEMA_MISMATCH',
      `restore: the target store lacks migration(s) ${missing.join(', ')} the backup was taken at; upgrade Teachback first`,
    );
  if (m.tables.some((t) => t.name.startsWith('tb_jobs_'))) await migrateJobs(store.driver);
  await requireEmpty(store);
  let key: Buffer;
  try {
    key = Buffer.from(await keys.unwrap(m.wrappedKey, keyContext(m.id)));
  } catch (e) {
    throw new TeachbackError('BACKUP.KEY', 'restore: cannot unwrap the backup key: wrong master key?', {
      cause: e,
    });
  }
  try {
    let rows = 0;
    await store.driver.transaction(async (tx) => {
      if (store.driver.kind === 'sqlite') await tx.run('PRAGMA defer_foreign_keys = ON');
      for (const t of m.tables) rows += await restoreTable(tx, dir, m.id, key, t);
      for (const h of m.auditHeads) {
        const got = await tx.get<{ seq: number; hash: string }>(
          'SELECT seq, hash FROM audit_heads WHERE tenant_id = ?',
          [h.tenantId],
        );
        if (!got || Number(got.seq) !== h.seq || got.hash !== h.hash)
          throw new TeachbackError(
            'BACKUP.INVALID',
            `restore: audit head of ${h.tenantId} differs from the manifest`,
          );
      }
    });
    return { backupId: m.id, tenantId: m.tenantId, tables: m.tables.length, rows };
  } finally {
    key.fill(0);
  }
}

async function requireEmpty(store: SqlStore): Promise<void> {
  const tables =
    store.driver.kind === 'sqlite'
      ? await store.driver.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
      : await store.driver.all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
        );
  for (const { name } of tables) {
    if (name === 'schema_migrations') continue;
    if (await store.driver.get(`SELECT 1 AS x FROM ${name} LIMIT 1`))
      throw new TeachbackError(
        'BACKUP.TARGET_NOT_EMPTY',
        `restore: the target store is not empty (table ${name} has rows); restore only into a new, empty store`,
      );
  }
}

async function restoreTable(
  tx: SqlExecutor,
  dir: string,
  backupId: string,
  key: Buffer,
  t: BackupTable,
): Promise<number> {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(t.iv, 'base64'));
  decipher.setAAD(tableAad(backupId, t.name));
  decipher.setAuthTag(Buffer.from(t.tag, 'base64'));
  const gunzip = createGunzip();
  const source = pipeline(createReadStream(join(dir, t.file)), decipher, gunzip);
  // Awaited after the rows are read; the no-op handler only keeps an early rejection from being
  // reported as unhandled before then.
  source.catch(() => undefined);
  const lines = createInterface({ input: gunzip, crlfDelay: Infinity });
  const cols = t.columns.join(', ');
  const one = `(${t.columns.map(() => '?').join(', ')})`;
  let batch: SqlValue[][] = [];
  let count = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await tx.run(`INSERT INTO ${t.name} (${cols}) VALUES ${batch.map(() => one).join(', ')}`, batch.flat());
    batch = [];
  };
  for await (const line of lines) {
    if (!line) continue;
    const values = (JSON.parse(line) as unknown[]).map(decodeCell);
    if (values.length !== t.columns.length)
      throw new TeachbackError(
        'BACKUP.INVALID',
        `restore: a row of ${t.name} has the wrong number of columns`,
      );
    batch.push(values);
    count++;
    if (batch.length === INSERT_ROWS) await flush();
  }
  await flush();
  // Only now has the GCM tag been checked: a failure throws and the transaction rolls back.
  await source;
  if (count !== t.rows)
    throw new TeachbackError(
      'BACKUP.INVALID',
      `restore: ${t.name} holds ${count} rows, the manifest says ${t.rows}`,
    );
  return count;
}
