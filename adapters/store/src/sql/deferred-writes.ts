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

export interface DeferOptions {
  /**
   * Tables whose writes wait until `flush()` (or until a statement names the table), after every
   * other write: the shared roll-up cells (call_daily, criterion_daily, metric_cells) that
   * concurrent writers of one tenant all upsert. A row an upsert changed stays locked until
   * commit, so the later these go, the shorter other writers wait for them.
   */
  last?: readonly string[];
}

const deferred = new WeakSet<SqlExecutor>();

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
 *
 * The combined statement runs its parts in the order they were issued, as separate statements
 * would (PostgreSQL runs the main statement first, then the CTEs last to first, so the first
 * write is the main statement and the rest are listed in reverse): every writer takes its row
 * locks in the same order, table by table, whichever path (one save, a batch) it comes from.
 *
 * Deferring inside a deferred executor joins the outer one (its flush is the outer's).
 */
export function deferWrites(driver: SqlDriver, tx: SqlExecutor, options: DeferOptions = {}): DeferredWrites {
  if (deferred.has(tx)) {
    const joined = { ...passThrough(tx), flush: async () => undefined };
    deferred.add(joined);
    return joined;
  }
  if (driver.kind !== 'postgres') return { ...passThrough(tx), flush: async () => undefined };
  const lastTables = new Set(options.last ?? []);
  let held: Held[] = [];
  let heldParams = 0;
  let late: Held[] = [];
  const send = async (batch: Held[]): Promise<void> => {
    if (batch.length === 0) return;
    if (batch.length === 1) {
      await tx.run(batch[0]!.sql, batch[0]!.params);
      return;
    }
    const rest = batch.slice(1).reverse();
    const ctes = rest.map((h, n) => `w${n} AS (${h.sql})`);
    await tx.run(`WITH ${ctes.join(', ')} ${batch[0]!.sql}`, [
      ...rest.flatMap((h) => h.params),
      ...batch[0]!.params,
    ]);
  };
  /** Sends the held writes as few statements as the rules allow (a table twice: a statement each). */
  const sendAll = async (writes: Held[]): Promise<void> => {
    let part: Held[] = [];
    let params = 0;
    for (const w of writes) {
      if (part.some((h) => h.table === w.table) || params + w.params.length > MAX_PARAMS) {
        await send(part);
        part = [];
        params = 0;
      }
      part.push(w);
      params += w.params.length;
    }
    await send(part);
  };
  const flushHeld = async (): Promise<void> => {
    const batch = held;
    held = [];
    heldParams = 0;
    await send(batch);
  };
  /** Before a statement naming one of the late tables: everything held, late writes included. */
  const flushFor = async (sql: string): Promise<void> => {
    if (late.length > 0 && late.some((h) => new RegExp(`\\b${h.table}\\b`, 'i').test(sql))) await flush();
    else await flushHeld();
  };
  const flush = async (): Promise<void> => {
    const batch = [...held, ...late];
    held = [];
    heldParams = 0;
    late = [];
    await sendAll(batch);
  };
  const out: DeferredWrites = {
    all: async <T extends Row>(sql: string, params?: readonly SqlValue[]) => {
      await flushFor(sql);
      return tx.all<T>(sql, params);
    },
    get: async <T extends Row>(sql: string, params?: readonly SqlValue[]) => {
      await flushFor(sql);
      return tx.get<T>(sql, params);
    },
    run: async (sql: string, params: readonly SqlValue[] = []) => {
      const table = writtenTable(sql);
      if (table === undefined) {
        await flushFor(sql);
        return tx.run(sql, params);
      }
      if (lastTables.has(table)) {
        late.push({ sql, params, table });
        return 0;
      }
      if (late.some((h) => new RegExp(`\\b${h.table}\\b`, 'i').test(sql))) await flush();
      if (held.some((h) => h.table === table) || heldParams + params.length > MAX_PARAMS) await flushHeld();
      held.push({ sql, params, table });
      heldParams += params.length;
      return 0;
    },
    flush,
  };
  const copy = tx.copyRows?.bind(tx);
  if (copy) {
    // A bulk load is a statement of its own: what is held goes first (everything, when it names
    // a late table), so writes still reach the database in the order they were issued.
    out.copyRows = async (table, columns, rows) => {
      if (late.some((h) => h.table === table)) await flush();
      else await flushHeld();
      await copy(table, columns, rows);
    };
  }
  deferred.add(out);
  return out;
}

/** The table a plain INSERT, UPDATE or DELETE writes; undefined for anything that reads or is not one. */
function writtenTable(sql: string): string | undefined {
  if (/\bSELECT\b|\bRETURNING\b|\bWITH\b/i.test(sql)) return undefined;
  const m = /^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)/i.exec(sql);
  return m ? m[1]!.toLowerCase() : undefined;
}

function passThrough(tx: SqlExecutor): SqlExecutor {
  const copy = tx.copyRows?.bind(tx);
  return {
    all: (sql, params) => tx.all(sql, params),
    get: (sql, params) => tx.get(sql, params),
    run: (sql, params) => tx.run(sql, params),
    ...(copy ? { copyRows: copy } : {}),
  };
}
