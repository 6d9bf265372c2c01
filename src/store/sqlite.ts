/**
 * The SQLite driver (better-sqlite3): WAL journal, so readers never block
 * the writer; a busy timeout, so two processes writing at once wait for each
 * other instead of failing; writes in `BEGIN IMMEDIATE` transactions,
 * serialised within the process.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import pLimit from "p-limit";
import type { SqlDriver, SqlExecutor } from "./driver.js";

/** How long a writer waits for another process's lock before failing. */
const BUSY_TIMEOUT_MS = 30_000;

/**
 * Open (creating the file and its folder) a SQLite database.
 *
 * @param path - the database file
 */
export function openSqliteDriver(path: string): SqlDriver {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("foreign_keys = ON");
  // One connection: its transactions must not interleave across awaits.
  const serial = pLimit(1);
  const executor: SqlExecutor = {
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => db.prepare(sql).run(...params).changes,
  };
  return {
    dialect: "sqlite",
    location: `sqlite:${file}`,
    ...executor,
    transaction: (work) =>
      serial(async () => {
        db.exec("BEGIN IMMEDIATE");
        try {
          const value = await work(executor);
          db.exec("COMMIT");
          return value;
        } catch (error) {
          if (db.inTransaction) db.exec("ROLLBACK");
          throw error;
        }
      }),
    close: async () => {
      await serial(() => undefined);
      db.close();
    },
  };
}
