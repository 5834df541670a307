import { Pool, type Connection, type PoolClient, type PoolConfig, type Submittable } from 'pg';
import type { SqlDriver, SqlExecutor, SqlValue, Row } from './driver';

/** `?` → `$n`. Statements in this package never put a `?` inside a string literal. */
function toPg(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

const names = new Map<string, string>();

/** Distinct statements named at most (each connection keeps a plan of every one it ran). */
const MAX_NAMED = 256;
/** Longer statements stay unnamed: rare shapes, big plans. */
const MAX_NAMED_LENGTH = 8_000;
/** A statement with an IN list is named only when short (one shape per length: a save's lookups). */
const MAX_NAMED_IN_LIST = 16;

/**
 * A multi-row `INSERT INTO t (cols) VALUES (?, …), (?, …)` of the store's own statements, sent
 * as `INSERT INTO t (cols) SELECT cols FROM json_populate_recordset(NULL::t, ?::json)` with the
 * rows as ONE parameter: a JSON array of objects keyed by column. PostgreSQL turns every
 * parameter of an unnamed statement into a constant and copies the VALUES lists while it plans
 * (a batch of 200 calls sends ~40,000 parameters): measured 45-61 ms of backend CPU for 2,000
 * criterion rows, against 12-18 ms as JSON. The text no longer depends on the row count, so
 * the statement is prepared and planned once per connection. Only long lists (BULK_MIN_PARAMS):
 * the batches' upserts (a batch's plain new rows go in with COPY instead: `copyRows`, called
 * through sql/bulk-insert.ts). Each value goes in as its column's
 * type reads it from JSON text, as a parameter would be read (ON CONFLICT, RETURNING and
 * defaults behave alike).
 */
const MULTI_ROW_VALUES =
  /INSERT INTO ([a-z_][a-z0-9_]*) \(([a-z0-9_, ]+)\) VALUES (\((?:\?, )*\?\)(?:, \((?:\?, )*\?\))+)/gi;

/**
 * Lists of fewer parameters stay VALUES: one save's few criteria and cells, whose combined
 * statement is prepared (planned once) anyway; per list, json_populate_recordset costs more than
 * it saves there (A/B, one transaction each: ~20% more CPU with every list as JSON).
 */
const BULK_MIN_PARAMS = 1_000;

interface BulkPart {
  /** Index of the first parameter of this VALUES list among the statement's parameters. */
  start: number;
  rows: number;
  columns: string[];
}

interface Shape {
  /** The statement with `$n` placeholders (and JSON row sets in place of long VALUES lists). */
  text: string;
  name?: string;
  /** The VALUES lists sent as JSON, in order. */
  bulk: BulkPart[];
}

const shapes = new Map<string, Shape>();

function shapeOf(sql: string, values: readonly SqlValue[]): Shape {
  let shape = shapes.get(sql);
  if (shape) return shape;
  const bulk: BulkPart[] = [];
  let consumed = 0; // `?`s of the original text before the current match
  let last = 0;
  const rewritten = sql.replace(
    MULTI_ROW_VALUES,
    (match: string, table: string, cols: string, groups: string, at: number) => {
      consumed += countMarks(sql.slice(last, at));
      last = at + match.length;
      const columns = cols.split(',').map((c) => c.trim());
      const marks = countMarks(groups);
      if (marks < BULK_MIN_PARAMS || marks % columns.length !== 0) {
        consumed += marks;
        return match;
      }
      bulk.push({ start: consumed, rows: marks / columns.length, columns });
      consumed += marks;
      return `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, ?::json)`;
    },
  );
  const text = toPg(rewritten);
  shape = { text, bulk };
  if (
    /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i.test(sql) &&
    !(/\bIN \(/i.test(rewritten) && values.length > MAX_NAMED_IN_LIST) &&
    rewritten.length <= MAX_NAMED_LENGTH &&
    names.size < MAX_NAMED
  ) {
    let name = names.get(rewritten);
    if (name === undefined) {
      name = `tb_${names.size + 1}`;
      names.set(rewritten, name);
    }
    shape.name = name;
  }
  // Bulk statements come in many shapes (one per row count): the cache is bounded, not a leak.
  if (shapes.size >= 2_000) shapes.clear();
  shapes.set(sql, shape);
  return shape;
}

function countMarks(s: string): number {
  let n = 0;
  for (let i = s.indexOf('?'); i !== -1; i = s.indexOf('?', i + 1)) n++;
  return n;
}

/** Lone UTF-16 surrogates: a parameter sends them as U+FFFD, PostgreSQL's JSON refuses them. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The rows of one VALUES list as the JSON text json_populate_recordset reads: built as text
 * (each row an object keyed by column), no object per row.
 */
function rowsJson(part: BulkPart, values: readonly SqlValue[]): string {
  const width = part.columns.length;
  const keys = part.columns.map((c, i) => `${i === 0 ? '{' : ','}"${c}":`);
  let out = '[';
  for (let r = 0; r < part.rows; r++) {
    if (r > 0) out += '},';
    const base = part.start + r * width;
    for (let c = 0; c < width; c++) out += keys[c]! + jsonValue(values[base + c] ?? null);
  }
  return part.rows > 0 ? `${out}}]` : '[]';
}

function jsonValue(v: SqlValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  return JSON.stringify(/[\uD800-\uDFFF]/.test(v) ? v.replace(LONE_SURROGATE, '\uFFFD') : v);
}

/**
 * Data statements run as named prepared statements, which each connection parses and plans once:
 * the store sends the same few dozen statements millions of times. That includes a save's
 * combined writes (sql/deferred-writes.ts), whose few shapes recur with every save, and bulk
 * INSERTs, whose rows travel as one JSON parameter (MULTI_ROW_VALUES). DDL, long IN lists (one
 * shape per list length), long statements and shapes past the first MAX_NAMED stay unnamed.
 */
function statement(
  sql: string,
  values: readonly SqlValue[],
): { text: string; values: SqlValue[]; name?: string } {
  const shape = shapeOf(sql, values);
  let params = values as SqlValue[];
  if (shape.bulk.length > 0) {
    params = [];
    let next = 0;
    for (const part of shape.bulk) {
      for (; next < part.start; next++) params.push(values[next] ?? null);
      params.push(rowsJson(part, values));
      next = part.start + part.rows * part.columns.length;
    }
    for (; next < values.length; next++) params.push(values[next] ?? null);
  }
  return shape.name
    ? { name: shape.name, text: shape.text, values: params }
    : { text: shape.text, values: params };
}

/** A value as COPY's text format reads it: `\\N` for NULL, backslash, newline, return and tab escaped. */
function copyValue(v: SqlValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '\\N';
  return COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]!) : v;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The rows as COPY text: a line each, tab-separated. */
function copyText(rows: readonly (readonly SqlValue[])[], width: number): string {
  let out = '';
  for (const row of rows) {
    for (let c = 0; c < width; c++) out += (c === 0 ? '' : '\t') + copyValue(row[c] ?? null);
    out += '\n';
  }
  return out;
}

/**
 * `COPY … FROM STDIN` with the data in hand, as a query `pg` runs in turn on the connection:
 * the statement, then on the server's CopyInResponse the data in one CopyData message and
 * CopyDone; settled by ReadyForQuery, or by the error.
 */
class CopyIn implements Submittable {
  constructor(
    private readonly text: string,
    private readonly data: Buffer,
    private readonly done: (e?: Error) => void,
  ) {}
  submit(connection: Connection): void {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: Connection): void {
    // pg's Connection sends copy messages with these (its own Query answers CopyInResponse with
    // sendCopyFail); @types/pg does not declare them.
    const c = connection as Connection & { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void };
    c.sendCopyFromChunk(this.data);
    c.endCopyFrom();
  }
  handleReadyForQuery(): void {
    this.done();
  }
  handleError(e: Error): void {
    this.done(e);
  }
  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/**
 * Rows in bulk on one connection: COPY parses tab-separated text, where the multi-row INSERT
 * sent them as JSON for json_populate_recordset to parse (twice: json_in, then the row set).
 */
function copyRows(client: PoolClient) {
  return (
    table: string,
    columns: readonly string[],
    rows: readonly (readonly SqlValue[])[],
  ): Promise<void> => {
    const data = Buffer.from(copyText(rows, columns.length), 'utf8');
    return new Promise<void>((resolve, reject) => {
      client.query(
        new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, data, (e) =>
          e ? reject(e) : resolve(),
        ),
      );
    });
  };
}

function executor(q: Pool | PoolClient, client?: PoolClient): SqlExecutor {
  return {
    ...(client ? { copyRows: copyRows(client) } : {}),
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
      const out = await fn(executor(client, client));
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
