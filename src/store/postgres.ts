/**
 * The PostgreSQL driver (`pg` pool). Transactions run on one pooled client;
 * a lock key takes a transaction-scoped advisory lock first (migrations).
 * The pool lets an idle process exit, like the checkpointer's.
 */
import pg from "pg";
import { redactConnectionString } from "../checkpointer.js";
import type { SqlDriver, SqlExecutor } from "./driver.js";

/** `?` placeholders → `$1, $2, …` (the store's SQL has no `?` inside literals). */
const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

const executorOf = (client: pg.Pool | pg.PoolClient): SqlExecutor => ({
  all: async <T>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as T[],
  run: async (sql, params = []) => (await client.query(numbered(sql), params)).rowCount ?? 0,
});

/**
 * Connect to PostgreSQL.
 *
 * @param connectionString - `postgresql://user:pass@host:5432/db`
 */
export function openPostgresDriver(connectionString: string): SqlDriver {
  const pool = new pg.Pool({ connectionString, allowExitOnIdle: true });
  // A connection the server closed is dropped and reopened on the next query; unhandled, its error would crash the process.
  pool.on("error", () => undefined);
  return {
    dialect: "postgres",
    location: redactConnectionString(connectionString),
    ...executorOf(pool),
    async transaction(work, lockKey) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        if (lockKey !== undefined) await client.query("SELECT pg_advisory_xact_lock($1)", [lockKey]);
        const value = await work(executorOf(client));
        await client.query("COMMIT");
        return value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
