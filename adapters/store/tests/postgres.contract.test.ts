import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Client } from 'pg';
import { openStore, LocalKeyProvider } from '../src';
import { storeContract } from '../src/contract/store-contract';

const base = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// One schema per test file, created here and dropped in cleanup, so parallel files never meet.
const schema = `tb_contract_${process.pid}_${Date.now().toString(36)}`;

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function pgDump(): string {
  const bin = ['/usr/lib/postgresql/15/bin/pg_dump'].find((p) => existsSync(p)) ?? 'pg_dump';
  const u = new URL(base);
  return execFileSync(
    bin,
    [
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      u.username || 'postgres',
      '-n',
      schema,
      u.pathname.slice(1),
    ],
    {
      encoding: 'latin1',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
}

storeContract({
  name: 'postgres',
  async open() {
    await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
    return openStore({ url: `${base}?schema=${schema}`, keys: new LocalKeyProvider(Buffer.alloc(32, 2)) });
  },
  async dump() {
    return pgDump();
  },
  async tamperAudit(tenantId, seq) {
    await admin(async (c) => {
      // A superuser can switch triggers off; the hash chain is what still catches the edit.
      await c.query('SET session_replication_role = replica');
      await c.query(
        `UPDATE ${schema}.audit_events SET at = substr(at, 1, 20) || (CASE WHEN substr(at, 21, 1) = '9' THEN '8' ELSE '9' END) || substr(at, 22) WHERE tenant_id = $1 AND seq = $2`,
        [tenantId, seq],
      );
    });
  },
  async deleteAudit(tenantId, seq) {
    await admin(async (c) => {
      await c.query('SET session_replication_role = replica');
      await c.query(`DELETE FROM ${schema}.audit_events WHERE tenant_id = $1 AND seq = $2`, [tenantId, seq]);
    });
  },
  async cleanup() {
    await admin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
  },
});
