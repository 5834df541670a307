import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { PostgresDriver, SqliteDriver, type SqlDriver } from '@teachback/adapter-store';

export const TEST_PG_URL = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface ScratchDatabase {
  kind: 'sqlite' | 'postgres';
  /** For openStore: `sqlite:<file>` or `postgres://...?schema=<name>`. */
  url: string;
  /** PostgreSQL only: a schema of its own for pg-boss. */
  bossSchema?: string;
  driver(): SqlDriver;
  drop(): Promise<void>;
}

/** A throw-away database: a temp SQLite file, or two fresh schemas in the test PostgreSQL. */
export async function scratchDatabase(kind: 'sqlite' | 'postgres'): Promise<ScratchDatabase> {
  const tag = randomBytes(5).toString('hex');
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-jobs-'));
    const file = path.join(dir, 'store.db');
    return {
      kind,
      url: `sqlite:${file}`,
      driver: () => new SqliteDriver(file),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `tbjobs_${tag}`;
  const bossSchema = `tbboss_${tag}`;
  const admin = new PostgresDriver({ connectionString: TEST_PG_URL, max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  return {
    kind,
    url: `${TEST_PG_URL}?schema=${schema}`,
    bossSchema,
    driver: () => new PostgresDriver({ connectionString: TEST_PG_URL, schema }),
    drop: async () => {
      const a = new PostgresDriver({ connectionString: TEST_PG_URL, max: 1 });
      await a.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`);
      await a.close();
    },
  };
}
