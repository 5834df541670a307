import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openStore, LocalKeyProvider, FileAnchorLog } from '../src';
import { storeContract } from '../src/contract/store-contract';

const base = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// One schema per test file, created here and dropped in cleanup, so parallel files never meet.
const schema = `tb_contract_${process.pid}_${Date.now().toString(36)}`;
const anchorDir = mkdtempSync(join(tmpdir(), 'tb-anchors-pg-'));

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
    return openStore({
      url: `${base}?schema=${schema}`,
      keys: new LocalKeyProvider(Buffer.alloc(32, 2)),
      audit: { anchors: new FileAnchorLog(anchorDir) },
    });
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
  async superuser(statements) {
    await admin(async (c) => {
      await c.query('SET session_replication_role = replica');
      await c.query(`SET search_path = ${schema}`);
      await c.query('BEGIN');
      for (const [sql, params] of statements) {
        let n = 0;
        await c.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        );
      }
      await c.query('COMMIT');
    });
  },
  async cleanup() {
    rmSync(anchorDir, { recursive: true, force: true });
    await admin((c) => c.query(`DROP SCHEMA ${schema} CASCADE`));
  },
});
