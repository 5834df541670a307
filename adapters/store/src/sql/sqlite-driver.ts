import { TeachbackError } from '@teachback/core';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlValue, Row } from './driver';

/** Prepared statements kept at most (see `prep`). */
const MAX_STATEMENTS = 1_000;

/**
 * better-sqlite3 is synchronous; the store's API is not. A promise-chain lock keeps one logical
 * operation (or transaction) on the connection at a time, so an awaiting transaction never has a
 * stranger's statement slip into it.
 */
export class SqliteDriver implements SqlDriver {
  readonly kind = 'sqlite' as const;
  readonly forUpdate = '';
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  private tail: Promise<unknown> = Promise.resolve();
  private readonly direct: SqlExecutor;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    // WAL with synchronous=NORMAL is SQLite's documented safe WAL setting: a crash of the process
    // loses nothing committed, a power loss at most the last commits, and never corrupts the file.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    // A larger page cache keeps the hot index pages of a million-row store in memory.
    this.db.pragma('cache_size = -65536');
    this.db.pragma('temp_store = MEMORY');
    // An ingest commit dirties ~20 pages, many of them the same hot index pages every time.
    // Checkpointing every 10,000 WAL pages instead of 1,000 copies each hot page back once per
    // many commits (measured +24% single-transaction ingest); the WAL file is capped at 64 MB.
    this.db.pragma('wal_autocheckpoint = 10000');
    this.db.pragma('journal_size_limit = 67108864');
    // Every statement is prepared once and kept: the store runs the same few dozen ones millions
    // of times. Bulk statements come in many shapes (one per row count), so the cache is bounded.
    const prep = (sql: string): Database.Statement => {
      let s = this.statements.get(sql);
      if (!s) {
        s = this.db.prepare(sql);
        if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
        this.statements.set(sql, s);
      }
      return s;
    };
    this.direct = {
      all: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
        prep(sql).all(...params) as T[],
      get: async <T extends Row>(sql: string, params: readonly SqlValue[] = []) =>
        prep(sql).get(...params) as T | undefined,
      run: async (sql: string, params: readonly SqlValue[] = []) => prep(sql).run(...params).changes,
      // A batch's rows: one prepared single-row INSERT run per row, rather than a multi-row
      // statement whose parameters are first flattened into one list.
      copyRows: async (table, columns, rows) => {
        const s = prep(
          `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        );
        for (const row of rows) s.run(...row);
      },
    };
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn).catch(storageError);
    this.tail = next.catch(() => undefined);
    return next;
  }

  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.locked(() => this.direct.all<T>(sql, params));
  }
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.locked(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.locked(() => this.direct.run(sql, params));
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.direct);
        this.db.exec('COMMIT');
        return out;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw e;
      }
    });
  }

  exec(script: string): Promise<void> {
    return this.locked(async () => {
      this.db.exec(script);
    });
  }

  async close(): Promise<void> {
    await this.locked(async () => this.db.close());
  }
}

/**
 * A full disk (or a max_page_count reached) is an operator's problem, not a bug: say so with a
 * stable code. SQLite has rolled the statement or transaction back, so nothing half-written stays.
 */
function storageError(e: unknown): never {
  const code = e && typeof e === 'object' && 'code' in e ? String((e as { code: unknown }).code) : '';
  if (code === 'SQLITE_FULL') {
    throw new TeachbackError(
      'STORE.DISK_FULL',
      'the SQLite database or its disk is full: this write was not stored; free space and retry',
      { cause: e },
    );
  }
  throw e;
}
