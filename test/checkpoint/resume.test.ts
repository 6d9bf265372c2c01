/**
 * Resumable runs checkpointed to PostgreSQL, chosen by a connection string:
 * a `threadId` run crashes (SIGKILL) after one agent finished, a SECOND PROCESS
 * resumes it (the finished agent is not called again), and the thread's
 * history can be listed with LangGraph's own APIs. (SQLite, the default, is
 * covered by test/integration/resume.test.ts.) Each test file gets its own
 * database, dropped afterwards.
 */
import { execFile, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { BaseCheckpointSaver, StateSnapshot } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AgentOrchestrator,
  closeCheckpointer,
  createCheckpointer,
  createOrchestratorGraph,
  type OrchestrationResult,
} from "../../src/index.js";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { AGENTS, agentScripts } from "./agents.js";
import { SKIP_MESSAGE, createTestDatabase, postgresProblem } from "./postgres.js";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("../support/orchestrateChild.ts", import.meta.url));
const INPUT = {
  query: "Compare SQLite and PostgreSQL as LangGraph checkpointers",
  executionMode: "parallel" as const,
  subtasks: ["Strengths of SQLite", "Strengths of PostgreSQL"],
};

const postgresDown = await postgresProblem();
const inCI = process.env.CI === "true";
if (postgresDown && !inCI) console.warn(`${SKIP_MESSAGE} (${postgresDown})`);

let server: OllamaServer;
/** beta hangs until a test lets it answer. */
let betaAnswers = false;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;

beforeAll(async () => {
  server = await startOllamaServer({
    models: agentScripts(() => betaAnswers),
  });
  process.env.OLLAMA_BASE_URL = server.url; // this process's runs; the child inherits it
  if (!postgresDown) database = await createTestDatabase();
});

afterAll(async () => {
  await server?.close();
  await database?.drop();
});

it.runIf(postgresDown !== undefined && inCI)("a PostgreSQL server answers (required in CI)", () => {
  expect.fail(`${SKIP_MESSAGE} (${postgresDown})`);
});

/** Poll `probe` until it is true; fail after `limitMs`. */
async function until(probe: () => Promise<boolean>, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether alpha's finished subtask is stored as a pending write of some checkpoint of the thread (any namespace). */
async function alphaPartSaved(checkpointer: BaseCheckpointSaver, threadId: string): Promise<boolean> {
  for await (const tuple of checkpointer.list({ configurable: { thread_id: threadId } })) {
    const saved = (tuple.pendingWrites ?? []).some(
      ([, channel, value]) =>
        channel === "results" && (value as { agent: string; status: string }[]).some((r) => r.agent === "alpha" && r.status === "completed"),
    );
    if (saved) return true;
  }
  return false;
}

describe.skipIf(postgresDown !== undefined)("threadId runs checkpointed to PostgreSQL", () => {
  const options = () => ({ checkpointer: database!.url });
  const saver = () => createCheckpointer({ connectionString: database!.url });
  const childRequest = (threadId: string) => JSON.stringify({ agents: AGENTS, options: options(), input: { ...INPUT, threadId } });

  it("resumes a crashed run in a second process without calling finished agents again, and lists its history", async () => {
    const threadId = `resume-${randomUUID()}`;
    betaAnswers = false;
    server.reset();
    const checkpointer = await saver();

    // 1st process: alpha finishes its subtask, beta hangs; the process is killed once alpha's part is in the database.
    const crashing = spawn(process.execPath, ["--import", "tsx", CHILD, childRequest(threadId)], { env: process.env, stdio: "ignore" });
    const exited = new Promise((resolve) => crashing.on("exit", resolve));
    try {
      await until(() => alphaPartSaved(checkpointer, threadId));
      await server.waitFor(() => server.chats.find((c) => c.model === "beta:1b" && c.status === "hung"));
    } finally {
      crashing.kill("SIGKILL");
      await exited;
    }
    const callsBefore = server.chats.length;

    // 2nd process: the same command again resumes the thread.
    betaAnswers = true;
    const { stdout } = await run(process.execPath, ["--import", "tsx", CHILD, childRequest(threadId)], { env: process.env });
    const result = JSON.parse(stdout) as OrchestrationResult;
    expect(result.taskId).toBe(threadId);
    expect(result.status).toBe("completed");
    expect(result.output).toBe("Both are fine; pick by deployment.");
    expect(result.results.map((r) => [r.agent, r.task, r.status])).toEqual(
      expect.arrayContaining([
        ["alpha", "Strengths of SQLite", "completed"],
        ["beta", "Strengths of PostgreSQL", "completed"],
      ]),
    );
    expect(result.results).toHaveLength(2);

    // The resumed run asked beta for its part and alpha only to merge: alpha's finished part came from the checkpoint.
    const resumedCalls = server.chats.slice(callsBefore);
    expect(resumedCalls.filter((c) => c.model === "beta:1b")).toHaveLength(1);
    const alphaCalls = resumedCalls.filter((c) => c.model === "alpha:1b");
    expect(alphaCalls).toHaveLength(1);
    expect(alphaCalls[0]!.messages?.[0]?.content).toBe(MERGE_SYSTEM);

    // The history, newest first, as any LangGraph user reads it: the checkpointer and getStateHistory.
    try {
      const graph = createOrchestratorGraph().compile({ checkpointer });
      const config = { configurable: { thread_id: threadId } };
      const history: StateSnapshot[] = [];
      for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
      expect(history[0]!.values).toMatchObject({ status: "completed", output: "Both are fine; pick by deployment." });
      expect(history[0]!.next).toEqual([]);
      // The checkpoint the second process resumed from: the parallel subgraph still to finish.
      expect(history.some((s) => s.next.includes("parallel"))).toBe(true);
      expect(history.at(-1)!.metadata?.source).toBe("input");
      const steps = history.map((s) => s.metadata?.step ?? 0);
      expect(steps).toEqual([...steps].sort((a, b) => b - a));

      const tuples = [];
      // The root graph's checkpoints (namespace ""); the mode subgraph keeps its own under "parallel:<task>".
      for await (const tuple of checkpointer.list({ configurable: { thread_id: threadId, checkpoint_ns: "" } })) tuples.push(tuple);
      expect(tuples.map((t) => t.checkpoint.id)).toEqual(history.map((s) => s.config.configurable?.checkpoint_id));
    } finally {
      await closeCheckpointer(checkpointer);
    }
  });

  it("returns a finished thread's result again without calling any agent", async () => {
    const threadId = `done-${randomUUID()}`;
    betaAnswers = true;
    const orchestrator = new AgentOrchestrator(AGENTS, options());
    const first = await orchestrator.orchestrate({ ...INPUT, threadId });
    expect(first.status).toBe("completed");
    await orchestrator.close();
    const callsBefore = server.chats.length;

    const again = new AgentOrchestrator(AGENTS, options());
    const second = await again.orchestrate({ ...INPUT, threadId });
    await again.close();
    expect(server.chats.length).toBe(callsBefore);
    expect(second.output).toBe(first.output);
    expect(second.results).toEqual(first.results);
  });
});
