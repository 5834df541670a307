import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { SqlDriver, SqlExecutor, SqlValue, Row } from './driver';

const numbered = new Map<string, string>();

/** `?` → `$n`. Statements in this package never put a `?` inside a string literal. */
function toPg(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

const names = new Map<string, string>();

/**
 * Data statements run as named prepared statements, which each connection parses and plans once:
 * the store sends the same few dozen statements millions of times. DDL and variable-length
 * statements (IN lists) stay unnamed.
 */
function statement(
  sql: string,
  values: readonly SqlValue[],
): { text: string; values: SqlValue[]; name?: string } {
  const text = toPg(sql);
  if (!/^\s*(SELECT|INSERT|UPDATE|DELETE)\b/i.test(sql) || /\bIN \(/i.test(sql) || /\), \(/.test(sql)) {
    return { text, values: values as SqlValue[] };
  }
  let name = names.get(sql);
  if (name === undefined) {
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
