import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FileAnchorLog } from '../anchors/file-anchor-log';
import { CANARY, actor, call, system } from '../contract/harness';
import { LocalKeyProvider } from '../crypto/envelope';
import { openStore } from '../open';
import type { SqlStore } from '../sql/sql-store';
import { backupStore, restoreBackup, verifyBackup } from './backup';

/*
 * The restore drill, on both stores: fill a store, back it up while it is open, restore into a
 * new empty store, then the audit chains verify (against the anchors written before the backup)
 * and a restored interaction decrypts with the same master key.
 */

const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MASTER = Buffer.alloc(32, 7);
const keys = (): LocalKeyProvider => new LocalKeyProvider(MASTER);

let root: string;
const schemas: string[] = [];

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG });
  await c.connect();
  await c.query(sql).finally(() => c.end());
}

async function open(kind: 'sqlite' | 'postgres', name: string): Promise<SqlStore> {
  const anchors = new FileAnchorLog(join(root, 'anchors'));
  if (kind === 'sqlite')
    return openStore({ url: `sqlite:${join(root, `${name}.db`)}`, keys: keys(), audit: { anchors } });
  const schema = `tb_backup_${process.pid}_${name}_${Date.now().toString(36)}`;
  await admin(`CREATE SCHEMA ${schema}`);
  schemas.push(schema);
  return openStore({ url: `${PG}?schema=${schema}`, keys: keys(), audit: { anchors } });
}

async function filled(kind: 'sqlite' | 'postgres'): Promise<SqlStore> {
  const s = await open(kind, 'source');
  for (const t of ['clinic-a', 'clinic-b']) {
    await s.tenants.create({ id: t, name: `Clinic ${t}` });
    await Promise.all([1, 2, 3].map((n) => s.interactions.save(system(t), t, call(n))));
    await s.interactions.get(actor(t, ['compliance']), t, 'int-2');
  }
  return s;
}

function filesOf(dir: string): string {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else out.push(readFileSync(join(d, e.name)).toString('latin1'));
    }
  };
  walk(dir);
  return out.join('\n');
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tb-backup-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));
afterAll(async () => {
  for (const s of schemas) await admin(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
});

describe.each(['sqlite', 'postgres'] as const)('backup and restore drill on %s', (kind) => {
  it('restores the whole store into an empty one: chains verify against the anchors and PHI decrypts', async () => {
    const source = await filled(kind);
    const out = join(root, 'backup');
    const manifest = await backupStore(source, { out, keys: keys() });
    await source.close();
    expect(manifest.snapshot).toBe(kind === 'sqlite' ? 'sqlite-online-backup' : 'postgres-repeatable-read');
    expect(manifest.tables.find((t) => t.name === 'interactions')?.rows).toBe(6);
    expect(await verifyBackup(out)).toMatchObject({ ok: true });
    // Ciphertext only: no PHI, and not the master key in any encoding.
    const bytes = filesOf(out);
    for (const needle of [
      CANARY.name,
      CANARY.phone,
      CANARY.memberId,
      'chest pain',
      MASTER.toString('base64'),
      MASTER.toString('hex'),
    ])
      expect(bytes).not.toContain(needle);

    const target = await open(kind, 'target');
    try {
      const report = await restoreBackup(target, out, keys());
      expect(report.rows).toBeGreaterThan(20);
      for (const t of ['clinic-a', 'clinic-b']) {
        const v = await target.audit.verify(system(t), t);
        expect(v).toMatchObject({ ok: true });
        if (v.ok) expect(v.anchors).toBeGreaterThan(0);
      }
      const d = await target.interactions.get(actor('clinic-a', ['compliance']), 'clinic-a', 'int-1');
      expect(d.interaction.contact?.name).toBe(CANARY.name);
      expect(JSON.stringify(d.interaction.transcript)).toContain(CANARY.name);
    } finally {
      await target.close();
    }
  });

  it('backs up one tenant only, and refuses to restore into a store that is not empty', async () => {
    const source = await filled(kind);
    const out = join(root, 'one');
    const m = await backupStore(source, { out, keys: keys(), tenantId: 'clinic-b' });
    expect(m.tenantId).toBe('clinic-b');
    expect(m.auditHeads.map((h) => h.tenantId)).toEqual(['clinic-b']);
    await expect(restoreBackup(source, out, keys())).rejects.toMatchObject({
      code: 'BACKUP.TARGET_NOT_EMPTY',
    });
    await source.close();
    const target = await open(kind, 'one');
    try {
      await restoreBackup(target, out, keys());
      expect((await target.driver.all('SELECT id FROM tenants')).map((r) => r.id)).toEqual(['clinic-b']);
      expect(await target.audit.verify(system('clinic-b'), 'clinic-b')).toMatchObject({ ok: true });
      const d = await target.interactions.get(actor('clinic-b', ['compliance']), 'clinic-b', 'int-3');
      expect(d.interaction.contact?.phones).toEqual([CANARY.phone]);
    } finally {
      await target.close();
    }
  });

  it('refuses a backup whose file was changed, and one whose key the master key cannot unwrap', async () => {
    const source = await filled(kind);
    const out = join(root, 'bad');
    const m = await backupStore(source, { out, keys: keys() });
    await source.close();
    const target = await open(kind, 'bad');
    try {
      await expect(
        restoreBackup(target, out, new LocalKeyProvider(Buffer.alloc(32, 8))),
      ).rejects.toMatchObject({
        code: 'BACKUP.KEY',
      });
      const file = join(out, m.tables.find((t) => t.name === 'audit_events')!.file);
      const b = readFileSync(file);
      const at = Math.floor(b.length / 2);
      b[at] = b[at]! ^ 1;
      writeFileSync(file, b);
      expect(await verifyBackup(out)).toMatchObject({ ok: false });
      await expect(restoreBackup(target, out, keys())).rejects.toMatchObject({ code: 'BACKUP.INVALID' });
      expect(await target.driver.get('SELECT 1 AS x FROM tenants')).toBeUndefined();
    } finally {
      await target.close();
    }
  });
});

it('restores a PostgreSQL backup into SQLite (the dump is dialect-neutral)', async () => {
  const source = await filled('postgres');
  const out = join(root, 'cross');
  await backupStore(source, { out, keys: keys() });
  await source.close();
  const target = await open('sqlite', 'cross');
  try {
    await restoreBackup(target, out, keys());
    expect(await target.audit.verify(system('clinic-a'), 'clinic-a')).toMatchObject({ ok: true });
    const d = await target.interactions.get(actor('clinic-a', ['compliance']), 'clinic-a', 'int-2');
    expect(d.interaction.contact?.memberId).toBe(CANARY.memberId);
  } finally {
    await target.close();
  }
});
