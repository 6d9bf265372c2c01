/**
 * A SQLite file as llmgenie's stores open it (the run store, the default
 * checkpointer): its folder created, a busy timeout so that two processes
 * writing at once wait for each other, and the WAL journal so that readers
 * never block the writer. Loaded on first use, with better-sqlite3.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database, { type Database as SqliteDatabase } from "better-sqlite3";
import pRetry from "p-retry";

/** How long a writer waits for another process's lock before failing. */
export const BUSY_TIMEOUT_MS = 30_000;

/**
 * Open (creating the file and its folder) a SQLite database in WAL mode.
 *
 * @param path - the database file
 */
export async function openSqliteDatabase(path: string): Promise<SqliteDatabase> {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    // Switching a file to WAL takes an exclusive lock. When two processes open the same new file at
    // once, SQLite answers one of them SQLITE_BUSY at once, without waiting (its busy handler would
    // deadlock the two): about one open in five, measured with two processes lined up. Try again.
    await pRetry(() => db.pragma("journal_mode = WAL"), {
      retries: 1_000,
      minTimeout: 5,
      maxTimeout: 100,
      maxRetryTime: BUSY_TIMEOUT_MS,
      shouldRetry: ({ error }) => (error as { code?: unknown }).code === "SQLITE_BUSY",
    });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
