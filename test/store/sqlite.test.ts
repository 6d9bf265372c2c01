/**
 * The SQLite run store: the shared behaviour, the schema version table,
 * two processes writing to one file at once losing nothing, and two
 * processes opening the same new files at the same moments.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openRunStore, SCHEMA_VERSION } from "../../src/store/index.js";
import { expectConcurrentWritersLoseNothing, runStoreSuite } from "./storeSuite.js";
import { expectEveryOpenAtOnceSucceeds } from "./openAtOnce.js";

const freshPath = async () => join(mkdtempSync(join(tmpdir(), "llmgenie-store-")), "runs.sqlite");

describe("SQLite run store", () => {
  runStoreSuite(freshPath);

  it("records its schema version, WAL journal and the stats indexes", async () => {
    const path = await freshPath();
    await (await openRunStore(path)).close();
    const db = new Database(path);
    try {
      expect(db.prepare("SELECT version FROM schema_version").all()).toEqual([{ version: SCHEMA_VERSION }]);
      expect(db.pragma("journal_mode")).toEqual([{ journal_mode: "wal" }]);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes.sort()).toEqual(["attempts_agent", "runs_created_at", "runs_eval_item", "runs_task_type_strategy"]);
    } finally {
      db.close();
    }
  });

  it("a store written by a newer version is refused with a message naming it", async () => {
    const path = await freshPath();
    await (await openRunStore(path)).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)").run(SCHEMA_VERSION + 1, "later");
    db.close();
    await expect(openRunStore(path)).rejects.toThrow(new RegExp(`store: cannot open the run store at .*runs\\.sqlite: .*schema version ${SCHEMA_VERSION + 1}`));
  });

  it("two processes writing at once, into a new file, lose no run", { timeout: 60_000 }, async () => {
    await expectConcurrentWritersLoseNothing(await freshPath(), 150);
  });

  it("two processes opening the same new files at the same moments: every open succeeds", { timeout: 60_000 }, async () => {
    await expectEveryOpenAtOnceSucceeds();
  });
});
