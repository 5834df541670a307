import { Client } from 'pg';
import { openStore, LocalKeyProvider } from '../src';
import { playbookCatalogContract } from '../src/contract/playbooks-contract';

const base = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// Its own schema, created on first open and dropped in cleanup, so parallel files never meet.
const schema = `tb_playbooks_${process.pid}_${Date.now().toString(36)}`;

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let created = false;
playbookCatalogContract({
  name: 'postgres',
  concurrentWriters: true,
  async open() {
    if (!created) {
      await admin(`CREATE SCHEMA ${schema}`);
      created = true;
    }
    return openStore({ url: `${base}?schema=${schema}`, keys: new LocalKeyProvider(Buffer.alloc(32, 4)) });
  },
  async cleanup() {
    await admin(`DROP SCHEMA ${schema} CASCADE`);
  },
});
