/**
 * The little a run store needs from a SQL database, so one store works on
 * SQLite and PostgreSQL: queries with `?` placeholders (rewritten to `$n`
 * for PostgreSQL) and transactions that hold the database's write lock.
 */
export type Dialect = "sqlite" | "postgres";

/** Runs statements; inside `transaction` they belong to it. */
export interface SqlExecutor {
  /** Rows of a query (`?` placeholders). */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A statement without rows; resolves to the number of rows it changed. */
  run(sql: string, params?: unknown[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Where the data lives, safe to print. */
  readonly location: string;
  /**
   * Run `work` in a transaction that takes the write lock at its start
   * (SQLite `BEGIN IMMEDIATE`, PostgreSQL: `lockKey`'s advisory lock when
   * given), committed when `work` resolves, rolled back when it throws.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, lockKey?: number): Promise<T>;
  close(): Promise<void>;
}
