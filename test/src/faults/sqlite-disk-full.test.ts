import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalKeyProvider, openStore, type SqliteDriver } from '@teachback/adapter-store';
import { PERSON, scoredCall, system } from './support/records';

/*
 * SQLite disk full: the store's file may not grow past a few pages (PRAGMA max_page_count, what a
 * full disk looks like to SQLite). Writes then fail with STORE.DISK_FULL, the failed interaction is
 * not half-stored, and after reopening (space freed) the file passes integrity_check, the audit
 * chain verifies, every earlier interaction decrypts and new writes succeed.
 */

const KEYS = new LocalKeyProvider(Buffer.alloc(32, 3));
const TENANT = 'diskfull';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-diskfull-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('a full disk gives STORE.DISK_FULL, stores nothing half-way and leaves a sound store', async () => {
  const url = `sqlite:${path.join(dir, 'store.db')}`;
  const store = await openStore({ url, keys: KEYS });
  await store.tenants.create({ id: TENANT, name: 'Disk Full Clinic' });
  for (let n = 1; n <= 5; n++) await store.interactions.save(system(TENANT), TENANT, scoredCall(n));
  const db = (store.driver as SqliteDriver).db;
  const pages = Number(db.pragma('page_count', { simple: true }));
  db.pragma(`max_page_count = ${pages + 3}`);

  let saved = 5;
  let failure: unknown;
  for (let n = 6; n <= 500 && !failure; n++) {
    try {
      await store.interactions.save(system(TENANT), TENANT, scoredCall(n));
      saved = n;
    } catch (e) {
      failure = e;
    }
  }
  expect(failure).toMatchObject({ code: 'STORE.DISK_FULL' });
  expect(String((failure as Error).message)).toMatch(/full/);
  // No PHI in the error a log would carry.
  expect(JSON.stringify({ m: (failure as Error).message })).not.toContain(PERSON.name);
  // The interaction whose save failed is not there at all (its transaction rolled back).
  await expect(store.interactions.get(system(TENANT), TENANT, `fault-${saved + 1}`)).rejects.toMatchObject({
    code: 'STORE.NOT_FOUND',
  });
  await store.close();

  // Space freed (a new connection has no page cap): the file is sound and everything reads back.
  const reopened = await openStore({ url, keys: KEYS });
  try {
    const rdb = (reopened.driver as SqliteDriver).db;
    expect(rdb.pragma('integrity_check', { simple: true })).toBe('ok');
    for (let n = 1; n <= saved; n++) {
      const d = await reopened.interactions.get(system(TENANT), TENANT, `fault-${n}`);
      expect(d.interaction.contact?.name).toBe(PERSON.name);
    }
    expect(await reopened.audit.verify(system(TENANT, ['compliance']), TENANT)).toMatchObject({ ok: true });
    await reopened.interactions.save(system(TENANT), TENANT, scoredCall(saved + 1));
    expect(
      (await reopened.interactions.get(system(TENANT), TENANT, `fault-${saved + 1}`)).interaction.id,
    ).toBe(`fault-${saved + 1}`);
  } finally {
    await reopened.close();
  }
});
