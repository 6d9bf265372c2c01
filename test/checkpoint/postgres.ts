/**
 * The PostgreSQL server the checkpoint tests use, and a throw-away database
 * per test file. The tests run whenever a server answers; in CI (`CI=true`)
 * a missing server is a failure, elsewhere the tests are skipped with
 * `SKIP_MESSAGE`.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** A database on the server the tests may connect to as an administrator (to create their own database). */
export const ADMIN_URL = process.env.LLMGENIE_TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";

export const SKIP_MESSAGE =
  `PostgreSQL checkpoint tests skipped: no server answers at ${ADMIN_URL}. ` +
  "Start one (Debian: `pg_ctlcluster <version> main start`) or point LLMGENIE_TEST_DATABASE_URL " +
  "at a database whose user may CREATE DATABASE, then run `npx vitest run test/checkpoint`.";

/** Why the server cannot be used, or undefined when it answers. */
export async function postgresProblem(url = ADMIN_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || String((error as { code?: string }).code) : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, empty database for one test file; `drop()` removes it (and closes its sessions). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `llmgenie_test_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
