/**
 * Where runs are stored, chosen like checkpoints are: a PostgreSQL
 * connection string (given, or `LLMGENIE_DATABASE_URL`, or a PostgreSQL
 * `DATABASE_URL`) selects PostgreSQL; otherwise SQLite, by default at
 * `.llmgenie/runs.sqlite`. The backends are loaded on use.
 */
import { databaseUrlFromEnv, isPostgresUrl, redactConnectionString } from "../checkpointer.js";
import type { RunStore } from "./types.js";

/** Where runs go when nothing else is configured. */
export const DEFAULT_RUN_STORE_PATH = ".llmgenie/runs.sqlite";

/**
 * The `store` option: `true` (the default location), a SQLite file path, a
 * `postgres://` connection string, or a store instance (the caller's to close).
 */
export type RunStoreSpec = boolean | string | RunStore;

/** Raised when the store cannot be opened; the message names it (without password). */
export class RunStoreError extends Error {
  override name = "RunStoreError";
}

/** Is `value` a run store instance? */
export const isRunStore = (value: unknown): value is RunStore =>
  typeof value === "object" && value !== null && typeof (value as RunStore).recordRun === "function";

/**
 * Open the run store `spec` names (`true`: PostgreSQL from the environment,
 * else SQLite at `.llmgenie/runs.sqlite`), with its schema migrated.
 *
 * @throws RunStoreError naming the database when it cannot be opened
 */
export async function openRunStore(spec: Exclude<RunStoreSpec, false | RunStore> = true, env: NodeJS.ProcessEnv = process.env): Promise<RunStore> {
  const target = spec === true ? (databaseUrlFromEnv(env) ?? DEFAULT_RUN_STORE_PATH) : spec;
  const where = isPostgresUrl(target) ? redactConnectionString(target) : target;
  try {
    const { SqlRunStore } = await import("./sqlStore.js");
    if (isPostgresUrl(target)) {
      const { openPostgresDriver } = await import("./postgres.js");
      return await SqlRunStore.open(openPostgresDriver(target));
    }
    const { openSqliteDriver } = await import("./sqlite.js");
    return await SqlRunStore.open(await openSqliteDriver(target));
  } catch (error) {
    const reason = error instanceof Error ? error.message || String((error as { code?: string }).code) : String(error);
    throw new RunStoreError(`store: cannot open the run store at ${where}: ${reason}`, { cause: error });
  }
}
