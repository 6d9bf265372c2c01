import type { BaseCheckpointSaver } from "@langchain/langgraph";

/** Where `threadId` runs are checkpointed when nothing else is configured. */
export const DEFAULT_CHECKPOINT_PATH = ".llmgenie/checkpoints.sqlite";

/** Environment variable with a PostgreSQL connection string for checkpoints; wins over `DATABASE_URL`. */
export const CHECKPOINT_DATABASE_ENV = "LLMGENIE_DATABASE_URL";

/** True for `postgres://…` and `postgresql://…` connection strings. */
export const isPostgresUrl = (value: string): boolean => /^postgres(ql)?:\/\//i.test(value);

/**
 * The checkpoint database from the environment: `LLMGENIE_DATABASE_URL`, else
 * `DATABASE_URL` when it is a PostgreSQL URL (the usual way a deployed team
 * shares one database; a MySQL or SQLite `DATABASE_URL` is left alone).
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env[CHECKPOINT_DATABASE_ENV];
  if (own) return own;
  const shared = env.DATABASE_URL;
  return shared && isPostgresUrl(shared) ? shared : undefined;
}

export interface CheckpointerOptions {
  /** PostgreSQL connection string (`postgresql://user:pass@host:5432/db`): checkpoints go to PostgreSQL. */
  connectionString?: string;
  /** PostgreSQL schema of the checkpoint tables, created if missing. Default `public`. */
  schema?: string;
  /** SQLite file, used when there is no connection string. Default `.llmgenie/checkpoints.sqlite`. */
  path?: string;
}

/** Raised when the checkpoint database cannot be opened or set up; the message names it (without password). */
export class CheckpointerError extends Error {
  override name = "CheckpointerError";
}

/** A connection string safe to print: the password replaced by `***`. */
export function redactConnectionString(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = "***";
    return url.toString();
  } catch {
    return "(unparsable connection string)";
  }
}

/**
 * The checkpoint saver for resumable (`threadId`) runs, ready to use:
 * - PostgreSQL (`@langchain/langgraph-checkpoint-postgres`) with
 *   `connectionString`, or else with `path` unset and `LLMGENIE_DATABASE_URL`
 *   (or a PostgreSQL `DATABASE_URL`) set; its tables are created (`setup()`) before this resolves. The pool
 *   lets the process exit when idle, so a CLI run does not linger; `close`
 *   ends it at once.
 * - SQLite (`@langchain/langgraph-checkpoint-sqlite`) otherwise, at `path`
 *   (its folder is created), opened as the run store opens its file
 *   (`openSqliteDatabase`: WAL, a 30 s busy timeout).
 *
 * @throws CheckpointerError naming the database when PostgreSQL cannot be reached or set up
 */
export async function createCheckpointer(options: CheckpointerOptions = {}): Promise<BaseCheckpointSaver> {
  const connectionString =
    options.connectionString ?? (options.path === undefined ? databaseUrlFromEnv() : undefined);
  // The savers and their drivers (pg, better-sqlite3) load on the first checkpointed run, not on import.
  if (connectionString) {
    const [{ PostgresSaver }, { default: pg }] = await Promise.all([
      import("@langchain/langgraph-checkpoint-postgres"),
      import("pg"),
    ]);
    const pool = new pg.Pool({ connectionString, allowExitOnIdle: true });
    // An idle connection the server closed (restart, failover) is dropped by the pool and
    // reopened on the next query; without a listener its error would crash the process.
    pool.on("error", () => undefined);
    const saver = new PostgresSaver(pool, undefined, options.schema ? { schema: options.schema } : {});
    try {
      await saver.setup();
    } catch (error) {
      await pool.end().catch(() => undefined);
      const reason = error instanceof Error ? error.message || (error as { code?: string }).code : String(error);
      throw new CheckpointerError(
        `checkpointer: cannot set up PostgreSQL at ${redactConnectionString(connectionString)}: ${reason}`,
        { cause: error },
      );
    }
    return saver;
  }
  const [{ SqliteSaver }, { openSqliteDatabase }] = await Promise.all([
    import("@langchain/langgraph-checkpoint-sqlite"),
    import("./sqliteDatabase.js"),
  ]);
  // Two processes starting on a new file, or writing at once, wait for each other instead of failing.
  return new SqliteSaver(await openSqliteDatabase(options.path ?? DEFAULT_CHECKPOINT_PATH));
}

/** Release what a saver from `createCheckpointer` holds: the PostgreSQL pool or the SQLite file handle. */
export async function closeCheckpointer(saver: BaseCheckpointSaver): Promise<void> {
  const [{ PostgresSaver }, { SqliteSaver }] = await Promise.all([
    import("@langchain/langgraph-checkpoint-postgres"),
    import("@langchain/langgraph-checkpoint-sqlite"),
  ]);
  if (saver instanceof PostgresSaver) await saver.end();
  else if (saver instanceof SqliteSaver) saver.db.close();
}
