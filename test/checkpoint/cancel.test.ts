/**
 * Cancel, then resume (Ctrl-C, then the same command with `--thread`): the
 * task that was cut off runs again and the finished one is not redone.
 * LangGraph 1.7.3 hands a task stopped by cancellation to the node's
 * `errorHandler` and counts it as done, so a resumed run would move past it;
 * the `joinAttempts` barrier sends a dispatched task with no attempt again.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, expect, it } from "vitest";
import { AgentOrchestrator, type OrchestrationEvent } from "../../src/index.js";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { AGENTS, agentScripts } from "./agents.js";

const INPUT = {
  query: "Compare SQLite and PostgreSQL as LangGraph checkpointers",
  executionMode: "parallel" as const,
  subtasks: ["Strengths of SQLite", "Strengths of PostgreSQL"],
  threadId: "cancelled-run",
};

let server: OllamaServer;
let dir: string;
/** beta hangs until the test lets it answer. */
let betaAnswers = false;

beforeAll(async () => {
  server = await startOllamaServer({
    models: agentScripts(() => betaAnswers),
  });
  process.env.OLLAMA_BASE_URL = server.url;
  dir = mkdtempSync(join(tmpdir(), "llmgenie-cancel-"));
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("re-runs the task a cancellation cut off, and only that one, when the thread resumes", async () => {
  const orchestrator = new AgentOrchestrator(AGENTS, { checkpointPath: join(dir, "checkpoints.sqlite") });
  const controller = new AbortController();
  let alphaDone!: () => void;
  const alphaSaved = new Promise<void>((resolve) => (alphaDone = resolve));
  const onEvent = (event: OrchestrationEvent) => {
    // A node's update is streamed after LangGraph has handed its writes to the checkpointer.
    const results = event.mode === "updates" ? event.data.runAgent?.results : undefined;
    if (results?.some((r) => r.agent === "alpha" && r.status === "completed")) alphaDone();
  };
  const cancelled = orchestrator.orchestrate({ ...INPUT, signal: controller.signal }, { onEvent });
  await alphaSaved;
  await server.waitFor(() => server.chats.find((c) => c.model === "beta:1b" && c.status === "hung"));
  controller.abort();
  await expect(cancelled).rejects.toMatchObject({ name: "AbortError" });
  // The cancelled loop finishes in the background; unpatched, it went on past beta's task here.
  // Nothing is asserted about time: with the fix the thread's state is the same however long this waits.
  await sleep(500);

  const callsBefore = server.chats.length;

  betaAnswers = true;
  const result = await orchestrator.orchestrate(INPUT);
  await orchestrator.close();

  expect(result.status).toBe("completed");
  expect(result.results.map((r) => [r.agent, r.task, r.status])).toEqual([
    ["alpha", "Strengths of SQLite", "completed"],
    ["beta", "Strengths of PostgreSQL", "completed"],
  ]);
  const resumedCalls = server.chats.slice(callsBefore);
  expect(resumedCalls.filter((c) => c.model === "beta:1b")).toHaveLength(1);
  expect(resumedCalls.filter((c) => c.model === "alpha:1b").map((c) => c.messages?.[0]?.content)).toEqual([MERGE_SYSTEM]);
});

