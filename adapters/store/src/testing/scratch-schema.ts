import { Client } from 'pg';

/** The PostgreSQL the store's tests use (TEACHBACK_TEST_PG_URL, else the local `test` database). */
export const TEST_PG_URL = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on its own connection to the test database (schema setup and teardown). */
export async function adminSql(sql: string): Promise<void> {
  const c = new Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A schema name no other test run uses: `prefix`, the process id and the time. */
export function scratchSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}`;
}
