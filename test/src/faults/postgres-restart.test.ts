import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { PERSON, scoredCall, system } from './support/records';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres';

/*
 * PostgreSQL restarted in the middle of an ingest load: a private PostgreSQL 15 cluster (never the
 * shared one) is restarted while 8 writers save scored calls through one store. Writes caught by
 * the restart fail with an error (no hang) and the writer retries them, as a job would; afterwards
 * every call is there exactly once, decrypts, and the audit chain verifies. The cluster is removed
 * at the end, also on failure.
 */

jest.setTimeout(90_000);

const KEYS = new LocalKeyProvider(Buffer.alloc(32, 5));
const TENANT = 'pgrestart';
const CALLS = 400;
const WRITERS = 8;

let pg: PrivatePostgres | undefined;
afterAll(() => pg?.stop());

it('a restart mid-load loses nothing and writes nothing twice', async () => {
  pg = await startPrivatePostgres();
  const store = await openStore({ url: pg.url, keys: KEYS });
  try {
    await store.tenants.create({ id: TENANT, name: 'Restart Clinic' });
    let next = 1;
    let failures = 0;
    let restarted = false;
    const writer = async () => {
      for (;;) {
        const n = next++;
        if (n > CALLS) return;
        // Retried until stored, as a job is: the save is an upsert keyed by the source id.
        for (let attempt = 0; ; attempt++) {
          try {
            await store.interactions.save(system(TENANT), TENANT, scoredCall(n));
            break;
          } catch {
            failures++;
            if (attempt > 200) throw new Error('store never came back');
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        if (n === CALLS / 4 && !restarted) {
          restarted = true;
          // Synchronous on purpose: every other writer's statement meets the restart.
          pg!.restart();
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));
    expect(restarted).toBe(true);
    // The restart really cut connections: some writes failed and were retried.
    expect(failures).toBeGreaterThan(0);

    const rows = await store.driver.all<{ n: number | string; d: number | string }>(
      'SELECT COUNT(*) AS n, COUNT(DISTINCT external_id) AS d FROM interactions WHERE tenant_id = ?',
      [TENANT],
    );
    expect(Number(rows[0]!.n)).toBe(CALLS);
    expect(Number(rows[0]!.d)).toBe(CALLS);
    for (const n of [1, CALLS / 4, CALLS / 4 + 1, CALLS]) {
      const d = await store.interactions.get(system(TENANT), TENANT, `fault-${n}`);
      expect(d.interaction.contact?.name).toBe(PERSON.name);
    }
    expect(await store.audit.verify(system(TENANT, ['compliance']), TENANT)).toMatchObject({ ok: true });
  } finally {
    await store.close();
  }
});
