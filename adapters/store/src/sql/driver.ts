export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

/** Statements use `?` placeholders in both dialects; the PostgreSQL driver numbers them. */
export interface SqlExecutor {
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Inserts whole rows as one bulk load (PostgreSQL: `COPY table (columns) FROM STDIN`), with the
   * effects of a plain multi-row INSERT of the same values (defaults, constraints, triggers,
   * foreign keys). Only where bulk loading is cheaper than statements; use `insertRows`
   * (sql/bulk-insert.ts), which falls back to INSERT statements.
   */
  copyRows?(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[]): Promise<void>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'sqlite' | 'postgres';
  /** Appended to a SELECT that must lock the rows it reads until commit (empty on SQLite's single writer). */
  readonly forUpdate: string;
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
