/**
 * The SQLite driver (better-sqlite3) over a file opened by
 * `openSqliteDatabase` (WAL journal, busy timeout): writes in `BEGIN
 * IMMEDIATE` transactions, serialised within the process.
 */
import pLimit from "p-limit";
import { openSqliteDatabase } from "../sqliteDatabase.js";
import type { SqlDriver, SqlExecutor } from "./driver.js";

/**
 * Open (creating the file and its folder) a SQLite database.
 *
 * @param path - the database file
 */
export async function openSqliteDriver(path: string): Promise<SqlDriver> {
  const db = await openSqliteDatabase(path);
  db.pragma("foreign_keys = ON");
  // One connection: its transactions must not interleave across awaits.
  const serial = pLimit(1);
  const executor: SqlExecutor = {
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => db.prepare(sql).run(...params).changes,
  };
  return {
    dialect: "sqlite",
    location: `sqlite:${db.name}`,
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
