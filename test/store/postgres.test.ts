/**
 * The PostgreSQL run store: the shared behaviour on a throw-away database per
 * test, the environment's connection string chosen like checkpoints', and
 * two processes writing at once losing nothing. Skipped with a message when
 * no server answers, except in CI where that fails.
 */
import { afterAll, describe, expect, it } from "vitest";
import { openRunStore } from "../../src/store/index.js";
import { SKIP_MESSAGE, createTestDatabase, postgresProblem } from "../checkpoint/postgres.js";
import { expectConcurrentWritersLoseNothing, runStoreSuite } from "./storeSuite.js";

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
    await expectConcurrentWritersLoseNothing(await freshDatabase(), 100);
  });
});
