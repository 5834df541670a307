import type { SqlExecutor, SqlValue } from './driver';

/** Rows per multi-row INSERT where there is no bulk load (27 columns × 500: under SQLite's 32,766 parameters). */
const INSERT_CHUNK = 500;

/**
 * Rows from which a set goes in as a bulk load (PostgreSQL COPY) rather than INSERT statements:
 * a batch's row sets, never one save's few rows (one interaction, its ten criteria), which
 * travel in the save's combined statement (sql/deferred-writes.ts) without a round trip of their own.
 */
const COPY_MIN_ROWS = 32;

/**
 * New rows into `table`: a bulk load (`copyRows`) when the executor has one and the set is large,
 * else multi-row INSERTs. Either way the rows are inserted as plain INSERTs would insert them;
 * a failure (a unique or foreign-key violation) fails the statement and so the transaction.
 */
export async function insertRows(
  tx: SqlExecutor,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  if (tx.copyRows && rows.length >= COPY_MIN_ROWS) {
    await tx.copyRows(table, columns, rows);
    return;
  }
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const part = rows.slice(i, i + INSERT_CHUNK);
    await tx.run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${part.map(() => one).join(', ')}`,
      part.flat(),
    );
  }
}
