import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { SqlDriver, SqlExecutor, SqlValue, Row } from './driver';

const numbered = new Map<string, string>();

/** `?` → `$n`. Statements in this package never put a `?` inside a string literal. */
function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    // Bulk statements come in many shapes: the cache is bounded, not a leak.
    if (numbered.size >= 2_000) numbered.clear();
    numbered.set(sql, out);
  }
  return out;
}

const names = new Map<string, string>();

/** Distinct statements named at most (each connection keeps a plan of every one it ran). */
const MAX_NAMED = 256;
/** Longer statements (bulk INSERTs of hundreds of rows) stay unnamed: rare shapes, big plans. */
const MAX_NAMED_LENGTH = 8_000;
/** A statement with an IN list is named only when short (one shape per length: a save's lookups). */
const MAX_NAMED_IN_LIST = 16;

/**
 * Data statements run as named prepared statements, which each connection parses and plans once:
 * the store sends the same few dozen statements millions of times. That includes a save's
 * combined writes (sql/deferred-writes.ts), whose few shapes recur with every save. DDL, long IN
 * lists (one shape per list length), long bulk statements and shapes past the first MAX_NAMED
 * stay unnamed.
 */
function statement(
  sql: string,
  values: readonly SqlValue[],
): { text: string; values: SqlValue[]; name?: string } {
  const text = toPg(sql);
  let name = names.get(sql);
  if (name === undefined) {
    if (
      !/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql) ||
      (/\bIN \(/i.test(sql) && values.length > MAX_NAMED_IN_LIST) ||
      sql.length > MAX_NAMED_LENGTH ||
      names.size >= MAX_NAMED
    ) {
      return { text, values: values as SqlValue[] };
    }
    name = `tb_${names.size + 1}`;
    names.set(sql, name);
  }
  return { name, text, values: values as SqlValue[] };
}

function executor(q: Pool | PoolClient): SqlExecutor {
  return {
    all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(statement(sql, params))).rows as T[],
    get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(statement(sql, params))).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []) =>
      (await q.query(statement(sql, params))).rowCount ?? 0,
  };
}

export class PostgresDriver implements SqlDriver {
  readonly kind = 'postgres' as const;
  readonly forUpdate = ' FOR UPDATE';
  readonly pool: Pool;
  private readonly direct: SqlExecutor;

  /** `schema` sets the search_path, so tests (or tenants of a shared server) get their own namespace. */
  constructor(config: PoolConfig & { schema?: string }) {
    const { schema, ...rest } = config;
    this.pool = new Pool({
      max: 10,
      ...rest,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its server connection must not crash the process.
    this.pool.on('error', () => undefined);
    // Nor a checked-out one (mid-transaction) when the server restarts: its pending query rejects
    // with the error already, so the caller sees it; the emitter's copy must not go unhandled.
    this.pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    this.direct = executor(this.pool);
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const out = await fn(executor(client));
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  async exec(script: string): Promise<void> {
    await this.pool.query(script);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
