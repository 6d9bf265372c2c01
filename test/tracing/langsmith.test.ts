/**
 * LangSmith tracing through LangSmith's own environment variables: a run in a
 * child process (as a script or the CLI) sends one trace to a loopback
 * server that records what the real `langsmith` client posts; its child runs
 * are named after our nodes and agents and carry metadata and tags to filter
 * on. And the flush before exit is bounded when the endpoint is unreachable.
 */
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { flushTraces, type OrchestrateInput, type OrchestrationResult } from "../../src/index.js";
import { startLangSmithServer, type LangSmithServer, type RecordedRun } from "../support/langsmithServer.js";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL("./tracedRun.ts", import.meta.url));
const AGENTS = { alpha: "alpha:1b", beta: "beta:1b" };
const PROJECT = "llmgenie-tracing-test";
const API_KEY = "lsv2_test_key";

let ollama: OllamaServer;
let langsmith: LangSmithServer;

beforeAll(async () => {
  ollama = await startOllamaServer({ defaultModel: "A short, complete answer about the topic." });
  langsmith = await startLangSmithServer();
});
afterAll(async () => {
  await ollama?.close();
  await langsmith?.close();
});
beforeEach(() => langsmith.reset());

/** Run `input` in a child process traced to `endpoint`; the whole child is killed after 20 s. */
async function tracedRun(input: OrchestrateInput, endpoint: string, timeoutMs?: number) {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", CHILD, JSON.stringify({ agents: AGENTS, input, timeoutMs })],
    {
      timeout: 20_000,
      env: {
        ...process.env,
        OLLAMA_BASE_URL: ollama.url,
        LANGSMITH_TRACING: "true",
        LANGSMITH_ENDPOINT: endpoint,
        LANGSMITH_API_KEY: API_KEY,
        LANGSMITH_PROJECT: PROJECT,
      },
    },
  );
  return JSON.parse(stdout) as { result: OrchestrationResult; flushed: boolean };
}

const names = (runs: RecordedRun[]) => runs.map((r) => r.name);

describe("a traced run", () => {
  it("sends one trace whose runs are named after the graph's nodes and agents, with metadata to filter on", async () => {
    const { result, flushed } = await tracedRun(
      {
        query: "Compare two caching strategies",
        executionMode: "parallel",
        subtasks: ["Describe write-through caching", "Describe write-back caching"],
      },
      langsmith.url,
    );
    expect(result.status).toBe("completed");
    expect(flushed).toBe(true);

    // One trace: a single root, every run in it, every run finished (posted and patched).
    const roots = langsmith.roots();
    expect(names(roots)).toEqual(["orchestrator"]);
    const root = roots[0]!;
    expect(langsmith.runs.every((r) => r.trace_id === root.id)).toBe(true);
    expect(langsmith.runs.every((r) => r.end_time !== undefined)).toBe(true);
    expect(root.session_name).toBe(PROJECT);
    // The real client: it asked for the server's info, then sent batches, with the API key.
    expect(langsmith.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(["GET /info", "POST /runs/multipart"]),
    );
    expect(langsmith.requests.filter((r) => r.path.startsWith("/runs")).every((r) => r.apiKey === API_KEY)).toBe(true);

    // The root: tagged llmgenie, with the result's taskId and the requested mode.
    expect(root.tags).toContain("llmgenie");
    expect(langsmith.metadataOf(root)).toMatchObject({ taskId: result.taskId, requestedMode: "parallel" });

    // Nodes: classify, then the parallel subgraph with its own nodes.
    expect(names(langsmith.childrenOf(root))).toEqual(expect.arrayContaining(["classify", "parallel"]));
    const parallel = langsmith.childrenOf(root).find((r) => r.name === "parallel")!;
    const inside = langsmith.descendantsOf(parallel);
    expect(names(inside)).toEqual(expect.arrayContaining(["runAgent", "merge", "validateQuality", "finalize"]));
    for (const r of inside) {
      expect(r.tags).toEqual(expect.arrayContaining(["llmgenie", "mode:parallel"]));
      expect(langsmith.metadataOf(r)).toMatchObject({ executionMode: "parallel", taskId: result.taskId });
    }

    // Agent calls: an LLM run named after the agent, under its runAgent node, with agent, model, task and attempt.
    const runAgentRuns = inside.filter((r) => r.name === "runAgent");
    expect(runAgentRuns).toHaveLength(2);
    const agentCalls = runAgentRuns.flatMap((r) => langsmith.childrenOf(r)).filter((r) => r.run_type === "llm");
    expect(names(agentCalls).sort()).toEqual(["alpha", "beta"]);
    for (const call of agentCalls) {
      const entry = result.results.find((r) => r.agent === call.name)!;
      expect(call.tags).toEqual(expect.arrayContaining([`agent:${call.name}`, "mode:parallel", "llmgenie"]));
      expect(langsmith.metadataOf(call)).toMatchObject({
        agent: call.name,
        model: AGENTS[call.name as keyof typeof AGENTS],
        task: entry.task,
        taskKey: expect.stringMatching(/^subtask:\d+$/),
        attempt: 1,
        executionMode: "parallel",
        langgraph_node: "runAgent",
      });
    }
  });

  it("in auto mode, marks the root 'auto' and every run inside the chosen mode with that mode", async () => {
    const { result } = await tracedRun({ query: "Write a haiku about autumn" }, langsmith.url);
    const [root] = langsmith.roots();
    expect(langsmith.metadataOf(root!)).toMatchObject({ requestedMode: "auto", taskId: result.taskId });
    const mode = result.metadata.executionMode;
    const modeRun = langsmith.childrenOf(root!).find((r) => r.name === mode)!;
    expect(modeRun).toBeDefined();
    const agentCalls = langsmith.descendantsOf(modeRun).filter((r) => r.run_type === "llm");
    expect(agentCalls.length).toBeGreaterThan(0);
    // Below the parent's node run: the mode subgraph's own run and everything in it.
    for (const run of langsmith.descendantsOf(modeRun)) {
      expect(run.tags).toContain(`mode:${mode}`);
      expect(langsmith.metadataOf(run)).toMatchObject({ executionMode: mode, taskId: result.taskId });
    }
  });
});

describe("flushTraces", () => {
  it("is bounded when the LangSmith endpoint is unreachable: the run completes and the process exits", async () => {
    // A loopback port with nothing listening: connections are refused, and the client would retry for minutes.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { result, flushed } = await tracedRun(
      { query: "Name three sorting algorithms", executionMode: "collaborative" },
      `http://127.0.0.1:${closedPort}`,
      1_000,
    );
    expect(result.status).toBe("completed");
    expect(flushed).toBe(false);
  });

  it("resolves true at once when nothing is traced", async () => {
    await expect(flushTraces({ timeoutMs: 10_000 })).resolves.toBe(true);
  });
});
