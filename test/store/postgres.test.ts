/**
 * The PostgreSQL run store: the shared behaviour on a throw-away database per
 * test, the environment's connection string chosen like checkpoints', and
 * two processes writing at once losing nothing. Skipped with a message when
 * no server answers, except in CI where that fails.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openRunStore } from "../../src/store/index.js";
import { SKIP_MESSAGE, createTestDatabase, postgresProblem } from "../checkpoint/postgres.js";
import { runStoreSuite } from "./storeSuite.js";

const postgresDown = await postgresProblem();
if (postgresDown && process.env.CI !== "true") console.warn(`${SKIP_MESSAGE.replace("checkpoint", "run store")} (${postgresDown})`);

const databases: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
const freshDatabase = async () => {
  const database = await createTestDatabase();
  databases.push(database);
  return database.url;
};
afterAll(async () => {
  for (const database of databases) await database.drop();
});

describe.skipIf(postgresDown && process.env.CI !== "true")("PostgreSQL run store", () => {
  runStoreSuite(freshDatabase);

  it("`store: true` goes to LLMGENIE_DATABASE_URL, and a password never shows in the location", async () => {
    const url = await freshDatabase();
    const store = await openRunStore(true, { LLMGENIE_DATABASE_URL: url });
    try {
      expect(store.location).toBe(url);
    } finally {
      await store.close();
    }
    const withPassword = new URL(url);
    withPassword.password = "s3cret";
    withPassword.port = "1";
    await expect(openRunStore(withPassword.toString())).rejects.toThrow(/store: cannot open the run store at postgresql:\/\/postgres:\*\*\*@127\.0\.0\.1:1\//);
  });

  it("two processes migrating and writing at once lose no run", { timeout: 60_000 }, async () => {
    const url = await freshDatabase();
    const script = fileURLToPath(new URL("./writeRuns.ts", import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const writer = (prefix: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", tsx, script, url, prefix, "100"], { stdio: ["ignore", "inherit", "inherit"] });
        child.once("error", reject);
        child.once("close", resolve);
      });
    expect(await Promise.all([writer("p1"), writer("p2")])).toEqual([0, 0]);
    const store = await openRunStore(url);
    try {
      const runs = await store.listRuns({ limit: 1_000 });
      expect(runs).toHaveLength(200);
      expect(runs.every((r) => r.attemptCount === 2)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
