/**
 * The part of better-sqlite3's API llmgenie uses (the package ships no
 * types, and `@types/better-sqlite3` is not a dependency).
 */
declare module "better-sqlite3" {
  interface RunResult {
    changes: number;
  }
  interface Statement {
    all(...params: unknown[]): unknown[];
    run(...params: unknown[]): RunResult;
  }
  export interface Database {
    prepare(sql: string): Statement;
    exec(sql: string): this;
    pragma(source: string): unknown;
    close(): this;
    readonly inTransaction: boolean;
    readonly open: boolean;
    /** The database file's path, as opened. */
    readonly name: string;
  }
  interface DatabaseConstructor {
    new (filename: string, options?: { timeout?: number }): Database;
  }
  const Database: DatabaseConstructor;
  export default Database;
}
