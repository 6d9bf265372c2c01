/**
 * `createCheckpointer`: which saver it builds (SQLite file, PostgreSQL by
 * connection string or `LLMGENIE_DATABASE_URL`), that PostgreSQL's tables
 * are set up in the requested schema, and that an unreachable database is a
 * clear error — and a failed result, not a rejection, from `orchestrate`.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AgentOrchestrator,
  CHECKPOINT_DATABASE_ENV,
  databaseUrlFromEnv,
  CheckpointerError,
  InvalidInputError,
  closeCheckpointer,
  createCheckpointer,
} from "../../src/index.js";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { SKIP_MESSAGE, createTestDatabase, postgresProblem } from "./postgres.js";

const postgresDown = await postgresProblem();
if (postgresDown && process.env.CI !== "true") console.warn(`${SKIP_MESSAGE} (${postgresDown})`);

let dir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let ollama: OllamaServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "llmgenie-checkpointer-"));
  ollama = await startOllamaServer({ defaultModel: "an answer" });
  process.env.OLLAMA_BASE_URL = ollama.url;
  if (!postgresDown) database = await createTestDatabase();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ollama?.close();
  await database?.drop();
});
afterEach(() => {
  delete process.env[CHECKPOINT_DATABASE_ENV];
});

/** A loopback URL where nothing listens. */
async function closedPostgresUrl(): Promise<string> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  return `postgresql://llmgenie:s3cret@127.0.0.1:${port}/checkpoints`;
}

describe("the database from the environment", () => {
  it("is LLMGENIE_DATABASE_URL, else a PostgreSQL DATABASE_URL, never another kind of DATABASE_URL", () => {
    const pg = "postgresql://u@127.0.0.1:5432/app";
    expect(databaseUrlFromEnv({ LLMGENIE_DATABASE_URL: "postgres://own/db", DATABASE_URL: pg })).toBe("postgres://own/db");
    expect(databaseUrlFromEnv({ DATABASE_URL: pg })).toBe(pg);
    expect(databaseUrlFromEnv({ DATABASE_URL: "mysql://u@127.0.0.1/app" })).toBeUndefined();
    expect(databaseUrlFromEnv({})).toBeUndefined();
  });
});

describe("SQLite", () => {
  it("opens the file at `path`, creating its folder", async () => {
    const path = join(dir, "nested", "folder", "checkpoints.sqlite");
    const saver = await createCheckpointer({ path });
    expect(saver).toBeInstanceOf(SqliteSaver);
    await saver.getTuple({ configurable: { thread_id: "t" } }); // creates its tables
    expect(existsSync(path)).toBe(true);
    await closeCheckpointer(saver);
    expect((saver as SqliteSaver).db.open).toBe(false);
  });

  it("opens its file as the run store does: WAL from the start and a 30 s busy timeout", async () => {
    // So two processes starting on a new file (test/store/sqlite.test.ts: "… at the same moments") or
    // writing at once wait for each other instead of failing with "database is locked".
    const saver = (await createCheckpointer({ path: join(dir, "shared.sqlite") })) as SqliteSaver;
    try {
      expect(saver.db.pragma("journal_mode")).toEqual([{ journal_mode: "wal" }]);
      expect(saver.db.pragma("busy_timeout")).toEqual([{ timeout: 30_000 }]);
    } finally {
      await closeCheckpointer(saver);
    }
  });

  it("is used when a path is given even if LLMGENIE_DATABASE_URL is set", async () => {
    process.env[CHECKPOINT_DATABASE_ENV] = await closedPostgresUrl();
    const saver = await createCheckpointer({ path: join(dir, "explicit.sqlite") });
    expect(saver).toBeInstanceOf(SqliteSaver);
    await closeCheckpointer(saver);
  });
});

describe("an unreachable PostgreSQL", () => {
  it("is a CheckpointerError naming the database, password hidden", async () => {
    const url = await closedPostgresUrl();
    const error = await createCheckpointer({ connectionString: url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointerError);
    const { message } = error as Error;
    expect(message).toContain(url.replace("s3cret", "***"));
    expect(message).not.toContain("s3cret");
    expect(message).toMatch(/ECONNREFUSED/);
  });

  describe("for a threadId run", () => {
    it("makes a failed result that names the database, before any agent is called", async () => {
      const url = await closedPostgresUrl();
      const orchestrator = new AgentOrchestrator({ solo: "solo:1b" }, { checkpointer: url });
      const callsBefore = ollama.chats.length;
      const result = await orchestrator.orchestrate({ query: "Say hello", executionMode: "collaborative", threadId: "t-1" });
      expect(result.status).toBe("failed");
      expect(result.error).toContain(url.replace("s3cret", "***"));
      expect(ollama.chats.length).toBe(callsBefore);
      // Runs without a threadId need no checkpointer and still work.
      const plain = await orchestrator.orchestrate({ query: "Say hello", executionMode: "collaborative" });
      expect(plain.status).toBe("completed");
      await orchestrator.close();
    });
  });
});

it("rejects a checkpointer string that is not a PostgreSQL connection string, naming the option", () => {
  expect(() => new AgentOrchestrator({ a: "a:1b" }, { checkpointer: "mysql://localhost/db" as never })).toThrow(
    InvalidInputError,
  );
  expect(() => new AgentOrchestrator({ a: "a:1b" }, { checkpointer: "./checkpoints.sqlite" as never })).toThrow(
    /checkpointer/,
  );
});

describe.skipIf(postgresDown !== undefined)("PostgreSQL", () => {
  const tablesIn = async (schema: string): Promise<string[]> => {
    const client = new pg.Client({ connectionString: database!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = $1 order by table_name",
        [schema],
      );
      return rows.map((row) => row.table_name);
    } finally {
      await client.end();
    }
  };

  it("sets up the checkpoint tables in the requested schema", async () => {
    const saver = await createCheckpointer({ connectionString: database!.url, schema: "llmgenie_checkpoints" });
    expect(saver).toBeInstanceOf(PostgresSaver);
    expect(await tablesIn("llmgenie_checkpoints")).toEqual(
      expect.arrayContaining(["checkpoint_blobs", "checkpoint_migrations", "checkpoint_writes", "checkpoints"]),
    );
    await closeCheckpointer(saver);
  });

  it("checkpoints an orchestrator's threadId runs there when LLMGENIE_DATABASE_URL is set", async () => {
    process.env[CHECKPOINT_DATABASE_ENV] = database!.url;
    const orchestrator = new AgentOrchestrator({ solo: "solo:1b" });
    const result = await orchestrator.orchestrate({ query: "Say hello", executionMode: "collaborative", threadId: "from-env" });
    await orchestrator.close();
    expect(result.status).toBe("completed");
    const saver = await createCheckpointer({ connectionString: database!.url });
    const stored = await saver.getTuple({ configurable: { thread_id: "from-env" } });
    expect(stored?.checkpoint.channel_values).toMatchObject({ status: "completed", output: result.output });
    await closeCheckpointer(saver);
  });

  it("uses LLMGENIE_DATABASE_URL when no connection string or path is given", async () => {
    process.env[CHECKPOINT_DATABASE_ENV] = database!.url;
    const saver = await createCheckpointer({ schema: "from_env" });
    expect(saver).toBeInstanceOf(PostgresSaver);
    expect(await tablesIn("from_env")).toContain("checkpoints");
    await closeCheckpointer(saver);
  });
});
