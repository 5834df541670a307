import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { PoolClient } from 'pg';
import type { Row } from '../sql/driver';
import { PostgresDriver } from '../sql/postgres-driver';
import type { SqlStore } from '../sql/sql-store';
import { SqliteDriver } from '../sql/sqlite-driver';

export interface SnapshotTable {
  name: string;
  columns: string[];
}

/** A read-only, point-in-time view of the whole store: every table read from it agrees with every other. */
export interface Snapshot {
  readonly method: 'sqlite-online-backup' | 'postgres-repeatable-read';
  tables(): Promise<SnapshotTable[]>;
  migrations(): Promise<number[]>;
  rows(table: SnapshotTable, where: { column: string; value: string } | null): AsyncIterable<Row>;
  close(): Promise<void>;
}

const FETCH = 2000;

/**
 * SQLite: better-sqlite3's online backup API copies the live database page by page into a
 * scratch file (restarting if a write lands mid-copy), so the copy is one consistent state; the
 * dump reads that copy and the copy is deleted at close. `scratchDir` should be the backup's own
 * directory (same protection as the backup, never a shared temp).
 */
export async function openSnapshot(store: SqlStore, scratchDir: string): Promise<Snapshot> {
  const d = store.driver;
  if (d instanceof SqliteDriver) return sqliteSnapshot(d, scratchDir);
  if (d instanceof PostgresDriver) return postgresSnapshot(d);
  throw new Error('backup: unknown store driver');
}

async function sqliteSnapshot(d: SqliteDriver, scratchDir: string): Promise<Snapshot> {
  const file = join(scratchDir, `.snapshot-${randomBytes(6).toString('hex')}.db`);
  await d.db.backup(file);
  const db = new Database(file, { readonly: true });
  return {
    method: 'sqlite-online-backup',
    async tables() {
      const names = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .all() as Array<{ name: string }>;
      return names.map(({ name }) => ({
        name,
        columns: (db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string }>).map(
          (c) => c.name,
        ),
      }));
    },
    async migrations() {
      return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as Row[]).map((r) =>
        Number(r.version),
      );
    },
    async *rows(table, where) {
      const stmt = where
        ? db.prepare(`SELECT * FROM ${table.name} WHERE ${where.column} = ?`)
        : db.prepare(`SELECT * FROM ${table.name}`);
      for (const r of where ? stmt.iterate(where.value) : stmt.iterate()) yield r as Row;
    },
    async close() {
      db.close();
      // The copy keeps the source's WAL mode, so reading it may have made -wal/-shm files too.
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

/**
 * PostgreSQL: one REPEATABLE READ, READ ONLY transaction on one connection: every SELECT in it
 * sees the same snapshot, whatever commits meanwhile (pg_dump does the same). Rows stream
 * through a cursor so a large table never sits in memory.
 */
async function postgresSnapshot(d: PostgresDriver): Promise<Snapshot> {
  const client: PoolClient = await d.pool.connect();
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let cursors = 0;
  return {
    method: 'postgres-repeatable-read',
    async tables() {
      const names = await client.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
      );
      const out: SnapshotTable[] = [];
      for (const { table_name } of names.rows) {
        const cols = await client.query<{ column_name: string }>(
          'SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position',
          [table_name],
        );
        out.push({ name: table_name, columns: cols.rows.map((c) => c.column_name) });
      }
      return out;
    },
    async migrations() {
      const r = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      return r.rows.map((x: Row) => Number(x.version));
    },
    async *rows(table, where) {
      const cursor = `tb_backup_${++cursors}`;
      await client.query(
        `DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${table.name}${where ? ` WHERE ${where.column} = $1` : ''}`,
        where ? [where.value] : [],
      );
      for (;;) {
        const page = await client.query(`FETCH ${FETCH} FROM ${cursor}`);
        for (const r of page.rows as Row[]) yield r;
        if (page.rows.length < FETCH) break;
      }
      await client.query(`CLOSE ${cursor}`);
    },
    async close() {
      await client.query('COMMIT').catch(() => undefined);
      client.release();
    },
  };
}
