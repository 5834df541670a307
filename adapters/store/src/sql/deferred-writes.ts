import type { SqlDriver, SqlExecutor, SqlValue, Row } from './driver';

/** An executor whose writes may reach the database later, at the latest at `flush()`. */
export interface DeferredWrites extends SqlExecutor {
  /** Sends every write still held back. Must be awaited before the transaction commits. */
  flush(): Promise<void>;
}

/** Parameters held back at most (PostgreSQL takes 65,535 in one statement). */
const MAX_PARAMS = 30_000;

interface Held {
  sql: string;
  params: readonly SqlValue[];
  table: string;
}

/**
 * On PostgreSQL, consecutive writes whose results nobody reads travel as ONE statement (each a
 * data-modifying CTE of it) instead of a round trip each: a save's inserts into the interaction,
 * transcript, scorecard, criteria and audit tables cost one round trip, not six. On SQLite (in
 * process, no round trips) writes run at once.
 *
 * The statements of one CTE see the same snapshot, not each other's effects, so a write is held
 * back only when that cannot matter: it names no table another held write names, and it reads no
 * table (no SELECT inside). Anything else, and every read, sends what is held first, so each
 * statement sees everything before it, as it would run alone. A held write reports 0 rows
 * changed: only writes whose count is not needed may go through this executor. Errors (a unique
 * violation) surface at the flush, still inside the caller's transaction.
 */
export function deferWrites(driver: SqlDriver, tx: SqlExecutor): DeferredWrites {
  if (driver.kind !== 'postgres') return { ...passThrough(tx), flush: async () => undefined };
  let held: Held[] = [];
  let heldParams = 0;
  const flush = async (): Promise<void> => {
    if (held.length === 0) return;
    const batch = held;
    held = [];
    heldParams = 0;
    if (batch.length === 1) {
      await tx.run(batch[0]!.sql, batch[0]!.params);
      return;
    }
    const ctes = batch.slice(0, -1).map((h, n) => `w${n} AS (${h.sql})`);
    await tx.run(
      `WITH ${ctes.join(', ')} ${batch[batch.length - 1]!.sql}`,
      batch.flatMap((h) => h.params),
    );
  };
  return {
    all: async <T extends Row>(sql: string, params?: readonly SqlValue[]) => {
      await flush();
      return tx.all<T>(sql, params);
    },
    get: async <T extends Row>(sql: string, params?: readonly SqlValue[]) => {
      await flush();
      return tx.get<T>(sql, params);
    },
    run: async (sql: string, params: readonly SqlValue[] = []) => {
      const table = writtenTable(sql);
      if (table === undefined) {
        await flush();
        return tx.run(sql, params);
      }
      if (held.some((h) => h.table === table) || heldParams + params.length > MAX_PARAMS) await flush();
      held.push({ sql, params, table });
      heldParams += params.length;
      return 0;
    },
    flush,
  };
}

/** The table a plain INSERT, UPDATE or DELETE writes; undefined for anything that reads or is not one. */
function writtenTable(sql: string): string | undefined {
  if (/\bSELECT\b|\bRETURNING\b|\bWITH\b/i.test(sql)) return undefined;
  const m = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)/i.exec(sql);
  return m ? m[1]!.toLowerCase() : undefined;
}

function passThrough(tx: SqlExecutor): SqlExecutor {
  return {
    all: (sql, params) => tx.all(sql, params),
    get: (sql, params) => tx.get(sql, params),
    run: (sql, params) => tx.run(sql, params),
  };
}
