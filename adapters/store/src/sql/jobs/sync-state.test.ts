import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { LocalKeyProvider } from '../../crypto/envelope';
import { openStore } from '../../open';
import { PostgresDriver } from '../postgres-driver';
import type { SqlStore } from '../sql-store';
import { CallLogLinks } from './call-logs';
import { CrmDirectoryHashes } from './crm-directory';
import { OutboxPushReceipts } from './push-receipts';
import { migrateJobs } from './schema';

const PG_URL = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A store on a temp SQLite file, or on a fresh schema of the test PostgreSQL. */
async function scratchStore(
  kind: 'sqlite' | 'postgres',
): Promise<{ store: SqlStore; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-sync-state-'));
    const store = await openStore({
      url: `sqlite:${path.join(dir, 'store.db')}`,
      keys: new LocalKeyProvider(randomBytes(32)),
    });
    return { store, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `tbsync_${randomBytes(5).toString('hex')}`;
  const admin = new PostgresDriver({ connectionString: PG_URL, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const store = await openStore({
    url: `${PG_URL}?schema=${schema}`,
    keys: new LocalKeyProvider(randomBytes(32)),
  });
  return {
    store,
    drop: async () => {
      const a = new PostgresDriver({ connectionString: PG_URL, max: 1 });
      await a.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await a.close();
    },
  };
}

describe.each(['sqlite', 'postgres'] as const)('sync state (%s)', (kind) => {
  let store: SqlStore;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await scratchStore(kind));
    await store.tenants.create({ id: 'acme', name: 'Acme Clinic' });
  });
  afterAll(async () => {
    await store.close();
    await drop();
  });

  it('records a push receipt as one outbox item, pending then done', async () => {
    const receipts = new OutboxPushReceipts(store, 'acme', 'genesys');
    expect(await receipts.get('eval-1')).toBeUndefined();
    const pending = {
      key: 'eval-1',
      kind: 'evaluation',
      status: 'failed' as const,
      attempts: 1,
      lastErrorCode: 'GENESYS.RATE_LIMITED',
      updatedAt: '2026-11-02T10:00:00.000Z',
    };
    await receipts.put(pending);
    expect(await receipts.get('eval-1')).toEqual(pending);
    const first = await store.sync.findPush('acme', 'eval-1');
    expect(first).toMatchObject({
      kind: 'genesys.evaluation',
      status: 'pending',
      lastError: 'GENESYS.RATE_LIMITED',
    });

    const done = { ...pending, status: 'done' as const, externalId: 'ev-9', attempts: 2 };
    delete (done as { lastErrorCode?: string }).lastErrorCode;
    await receipts.put(done);
    expect(await receipts.get('eval-1')).toEqual(done);
    const second = await store.sync.findPush('acme', 'eval-1');
    expect(second).toMatchObject({ id: first!.id, status: 'done', lastError: null });
    // Another tenant's key space is its own.
    expect(await store.sync.findPush('other', 'eval-1')).toBeNull();
  });

  it('retires tb_jobs_push: directory hashes and call-log links move to their own tables', async () => {
    const d = store.driver;
    await d.exec('CREATE TABLE tb_jobs_push (push_key TEXT PRIMARY KEY, body TEXT NOT NULL)');
    const ref = createHash('sha256').update('person:003A').digest('hex');
    await d.run('INSERT INTO tb_jobs_push (push_key, body) VALUES (?, ?), (?, ?), (?, ?)', [
      `sfdir|acme|${ref}`,
      'hash-1',
      'sfcall|acme|00T1',
      '0LQ1',
      'some-push-key',
      '{"status":"done"}',
    ]);
    await migrateJobs(d);
    expect(await new CrmDirectoryHashes(d).upsert('acme', 'person:003A', 'hash-1')).toBe('unchanged');
    expect(await new CallLogLinks(d).get('acme', '00T1')).toBe('0LQ1');
    // Asked of the catalog rather than by selecting from the table: a failed prepare is not the only
    // way a missing table can show, and the catalog answer is the fact under test.
    const left =
      d.kind === 'postgres'
        ? await d.get(
            "SELECT 1 AS one FROM information_schema.tables WHERE table_name = 'tb_jobs_push' AND table_schema = current_schema()",
          )
        : await d.get("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'tb_jobs_push'");
    expect(left).toBeUndefined();
    // Idempotent: a second migration (another process starting) changes nothing.
    await migrateJobs(d);
    expect(await new CallLogLinks(d).get('acme', '00T1')).toBe('0LQ1');
  });
});
