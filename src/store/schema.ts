/**
 * The run store's tables, as numbered migrations. A store applies the ones
 * its database lacks, in order, inside one locked transaction, so two
 * processes opening a new database at once migrate it once.
 */
import type { Dialect, SqlDriver } from "./driver.js";

/** The advisory lock PostgreSQL migrations hold (any constant, unique to this schema). */
const MIGRATION_LOCK = 0x6c6c6d67; // "llmg"

type Migration = (dialect: Dialect) => string[];

const real = (dialect: Dialect) => (dialect === "postgres" ? "DOUBLE PRECISION" : "REAL");

/** Migrations by version, from 1; never edit a released one, add the next. */
export const MIGRATIONS: Migration[] = [
  (dialect) => [
    `CREATE TABLE runs (
      task_id TEXT PRIMARY KEY,
      created_at TEXT NOT NULL,
      query TEXT NOT NULL,
      task_type TEXT,
      mode TEXT NOT NULL,
      strategy TEXT NOT NULL,
      status TEXT NOT NULL,
      quality ${real(dialect)} NOT NULL,
      check_passed INTEGER,
      latency_ms INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      error TEXT,
      eval_id TEXT,
      item_id TEXT,
      repeat_index INTEGER,
      feedback ${real(dialect)},
      feedback_at TEXT
    )`,
    `CREATE TABLE attempts (
      run_id TEXT NOT NULL REFERENCES runs(task_id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      agent TEXT NOT NULL,
      model TEXT NOT NULL,
      task TEXT NOT NULL,
      status TEXT NOT NULL,
      quality ${real(dialect)},
      latency_ms INTEGER NOT NULL,
      input_tokens INTEGER NOT NULL,
      output_tokens INTEGER NOT NULL,
      tool_calls INTEGER NOT NULL,
      error TEXT,
      PRIMARY KEY (run_id, seq)
    )`,
    // `runs`: newest first; learned routing by task type; an eval's items.
    "CREATE INDEX runs_created_at ON runs (created_at)",
    "CREATE INDEX runs_task_type_strategy ON runs (task_type, strategy)",
    "CREATE UNIQUE INDEX runs_eval_item ON runs (eval_id, item_id, strategy, repeat_index)",
    // `stats`: attempts grouped by agent.
    "CREATE INDEX attempts_agent ON attempts (agent)",
  ],
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring the database to `SCHEMA_VERSION`.
 *
 * @throws Error when the database was written by a newer llmgenie (a higher version)
 */
export async function migrate(driver: SqlDriver): Promise<void> {
  await driver.transaction(async (tx) => {
    await tx.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
    const [row] = await tx.all<{ version: number | string | null }>("SELECT MAX(version) AS version FROM schema_version");
    const current = Number(row?.version ?? 0);
    if (current > SCHEMA_VERSION) {
      throw new Error(`run store at ${driver.location} has schema version ${current}; this llmgenie knows up to ${SCHEMA_VERSION}`);
    }
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      for (const statement of MIGRATIONS[version - 1]!(driver.dialect)) await tx.run(statement);
      await tx.run("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", [version, new Date().toISOString()]);
    }
  }, MIGRATION_LOCK);
}
