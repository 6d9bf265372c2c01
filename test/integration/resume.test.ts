/**
 * Resume after a crash: a child process runs `orchestrate` with a `threadId`
 * (SQLite checkpoints under a temp dir) and is killed with SIGKILL while some
 * agents have finished and another hangs. A new process calls again with the
 * same `threadId`: the run finishes, and the server's request log shows that
 * the agents that had finished were not called again. The mode graphs run as
 * subgraphs of the orchestrator graph, so this also checks that LangGraph
 * resumes the subgraph's pending tasks, not the whole subgraph.
 *
 * The Ollama server lives in this (test) process, so it outlives the child.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";
import type { StateSnapshot } from "@langchain/langgraph";
import { createOrchestratorGraph } from "../../src/graphs/orchestrator.js";
import { CANDIDATE_SYSTEM, STEP_SYSTEM, SUBTASK_SYSTEM } from "../../src/agents/prompts.js";
import { AgentOrchestrator, type OrchestrationResult, type OrchestratorOptions } from "../../src/index.js";
import { hang, startOllamaServer, type ChatRequest, type OllamaServer, type RequestRecord } from "../support/ollamaServer.js";

type Mode = "parallel" | "sequential" | "collaborative";

const ROOT = resolve(fileURLToPath(import.meta.url), "../../..");
const CHILD = join(ROOT, "test/support/orchestrateChild.ts");

const AGENTS = { alpha: "alpha:7b", beta: "beta:7b", gamma: "gamma:7b" };
const QUERY = "Write a short guide to error handling in a REST API";
const SUBTASKS = ["Explain status codes", "Explain error bodies", "Give an example"];
const TASK_SYSTEMS = new Set([SUBTASK_SYSTEM, STEP_SYSTEM, CANDIDATE_SYSTEM]);

const answer = (name: string) => (request: ChatRequest) =>
  `${name} answers: use 4xx for client errors, 5xx for server errors, and a JSON body with a message. (${request.call})`;

let server: OllamaServer;
let dir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  server = await startOllamaServer({
    models: { [AGENTS.alpha]: answer("alpha"), [AGENTS.beta]: hang(), [AGENTS.gamma]: answer("gamma") },
  });
});
beforeEach(() => {
  server.reset();
  dir = mkdtempSync(join(tmpdir(), "llmgenie-resume-"));
});
afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => server.close());

/** Start `orchestrate` in a child process; `done` resolves with its exit code and stdout. */
function startChild(mode: Mode, threadId: string) {
  const request = {
    agents: AGENTS,
    options: { checkpointPath: join(dir, "checkpoints.sqlite"), retry: { maxAttempts: 1 } },
    input: { query: QUERY, executionMode: mode, threadId, ...(mode === "collaborative" ? {} : { subtasks: SUBTASKS }) },
  };
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(request)], {
    cwd: ROOT,
    env: { ...process.env, OLLAMA_BASE_URL: server.url, LANGSMITH_TRACING: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolveDone) =>
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolveDone({ code, signal, stdout, stderr });
    }),
  );
  return { child, done };
}

/** Requests for agent work (subtask, step or candidate) by model tag. */
const taskCalls = (tag: string): RequestRecord[] =>
  server.chats.filter((r) => r.model === tag && TASK_SYSTEMS.has(String(r.messages?.[0]?.content)));

/**
 * How many agent attempts the checkpoint holds for the mode subgraph, read
 * through LangGraph's own state API with a second connection to the file (its
 * values include the writes of tasks that finished in the step still open).
 */
async function checkpointedResults(threadId: string): Promise<number> {
  const saver = SqliteSaver.fromConnString(join(dir, "checkpoints.sqlite"));
  try {
    const graph = createOrchestratorGraph().compile({ checkpointer: saver });
    const snapshot = await graph.getState({ configurable: { thread_id: threadId } }, { subgraphs: true });
    const sub = snapshot.tasks.find((t) => t.state && "values" in t.state)?.state as StateSnapshot | undefined;
    return sub?.values.results?.length ?? 0;
  } catch {
    return 0; // tables not created yet
  } finally {
    saver.db.close();
  }
}

/** Poll until `probe` resolves truthy (the checkpoint is written by another process). */
async function eventually(probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each<[Mode, number]>([
  // parallel and collaborative: alpha and gamma finish, beta hangs in the same superstep;
  // sequential: alpha finishes step 1, beta hangs on step 2.
  ["parallel", 2],
  ["collaborative", 2],
  ["sequential", 1],
])("%s: a run killed with SIGKILL mid-way", (mode, finishedBeforeKill) => {
  it("resumes in a new process with the same threadId without calling finished agents again", { timeout: 90_000 }, async () => {
    const threadId = `resume-${mode}`;
    const first = startChild(mode, threadId);
    const hung = await server.waitFor(() => taskCalls(AGENTS.beta).find((r) => r.status === "hung"), 30_000);
    await eventually(async () => (await checkpointedResults(threadId)) >= finishedBeforeKill);

    first.child.kill("SIGKILL");
    const killed = await first.done;
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stdout).toBe(""); // it never got to a result
    await server.waitFor(() => hung.endedAt !== undefined);

    const before = { alpha: taskCalls(AGENTS.alpha).length, gamma: taskCalls(AGENTS.gamma).length };
    expect(before.alpha).toBe(1);
    server.setModel(AGENTS.beta, answer("beta"));

    const second = await startChild(mode, threadId).done;
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as OrchestrationResult;

    expect(result.status).toBe("completed");
    expect(result.taskId).toBe(threadId);
    // The finished agents' work came from the checkpoint: not one more task call.
    expect(taskCalls(AGENTS.alpha)).toHaveLength(before.alpha);
    if (mode !== "sequential") expect(taskCalls(AGENTS.gamma)).toHaveLength(before.gamma);
    // beta: the call the kill cut off, and the one that finished it.
    expect(taskCalls(AGENTS.beta).map((r) => r.status)).toEqual(["aborted", "completed"]);
    const byAgent = Object.fromEntries(result.results.map((r) => [r.agent, r]));
    expect(Object.keys(byAgent).sort()).toEqual(["alpha", "beta", "gamma"]);
    expect(result.results.every((r) => r.status === "completed")).toBe(true);
    expect(byAgent.alpha!.output).toMatch(/^alpha answers/);
    expect(byAgent.beta!.output).toMatch(/^beta answers/);

    // A third call returns the stored result without calling anything.
    const callsBefore = server.chats.length;
    const third = await startChild(mode, threadId).done;
    expect(JSON.parse(third.stdout)).toMatchObject({ status: "completed", output: result.output });
    expect(server.chats).toHaveLength(callsBefore);
  });
});

describe.each<Mode>(["parallel", "sequential", "collaborative"])("%s: a run stopped in this process", (mode) => {
  const orchestratorFor = (options: OrchestratorOptions = {}) =>
    new AgentOrchestrator(AGENTS, { checkpointPath: join(dir, "checkpoints.sqlite"), retry: { maxAttempts: 1 }, ...options });
  const input = (threadId: string) => ({
    query: QUERY,
    executionMode: mode,
    threadId,
    ...(mode === "collaborative" ? {} : { subtasks: SUBTASKS }),
  });

  let previousBaseUrl: string | undefined;
  beforeEach(() => {
    previousBaseUrl = process.env.OLLAMA_BASE_URL;
    process.env.OLLAMA_BASE_URL = server.url;
  });
  afterEach(() => {
    if (previousBaseUrl === undefined) delete process.env.OLLAMA_BASE_URL;
    else process.env.OLLAMA_BASE_URL = previousBaseUrl;
  });

  /** After the stop: beta answers now; the same thread finishes without calling alpha (or gamma) again. */
  async function expectResumed(threadId: string) {
    const before = { alpha: taskCalls(AGENTS.alpha).length, gamma: taskCalls(AGENTS.gamma).length };
    server.setModel(AGENTS.beta, answer("beta"));
    const resumer = orchestratorFor();
    try {
      const result = await resumer.orchestrate(input(threadId));
      expect(result.status, JSON.stringify(result.results)).toBe("completed");
      expect(taskCalls(AGENTS.alpha)).toHaveLength(before.alpha);
      if (mode !== "sequential") expect(taskCalls(AGENTS.gamma)).toHaveLength(before.gamma);
      expect(result.results.filter((r) => r.agent === "beta").map((r) => r.status)).toContain("completed");
    } finally {
      await resumer.close();
    }
  }

  it("aborted through `signal`: rejects with an AbortError, then the same threadId resumes", async () => {
    const threadId = `abort-${mode}`;
    const controller = new AbortController();
    const first = orchestratorFor();
    const settled = first.orchestrate({ ...input(threadId), signal: controller.signal }).then(
      () => undefined,
      (error: Error) => error,
    );
    await server.waitFor(() => taskCalls(AGENTS.beta).find((r) => r.status === "hung"), 10_000);
    await eventually(async () => (await checkpointedResults(threadId)) >= (mode === "sequential" ? 1 : 2));
    controller.abort();
    expect((await settled)?.name).toBe("AbortError");
    await first.close();
    await expectResumed(threadId);
  });

  it("cut by runTimeoutMs: a partial result, then the same threadId resumes", async () => {
    const threadId = `timeout-${mode}`;
    const first = orchestratorFor({ runTimeoutMs: 3_000 });
    const partial = await first.orchestrate(input(threadId));
    await first.close();
    expect(partial).toMatchObject({ status: "partial", error: "run timed out after 3000 ms" });
    await expectResumed(threadId);
  });
});
