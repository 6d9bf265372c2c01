/**
 * The SQLite run store: the shared behaviour, the schema version table,
 * and two processes writing to one file at once losing nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { openRunStore, SCHEMA_VERSION } from "../../src/store/index.js";
import { runStoreSuite } from "./storeSuite.js";

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
    const path = await freshPath();
    const script = fileURLToPath(new URL("./writeRuns.ts", import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const writer = (prefix: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", tsx, script, path, prefix, "150"], { stdio: ["ignore", "inherit", "inherit"] });
        child.once("error", reject);
        child.once("close", resolve);
      });
    expect(await Promise.all([writer("p1"), writer("p2")])).toEqual([0, 0]);
    const store = await openRunStore(path);
    try {
      const runs = await store.listRuns({ limit: 1_000 });
      expect(runs).toHaveLength(300);
      expect(runs.every((r) => r.attemptCount === 2)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
