/**
 * The `store` option, feedback and learned auto mode from code, against the
 * loopback Ollama server: runs are recorded, feedback is validated and
 * changes the record, learned routing runs the strategy the record favours
 * (a `single:` winner calls that agent alone: request log) and falls back to
 * the rules with fewer than five records.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AgentOrchestrator, InvalidInputError, closeCheckpointer, createCheckpointer, openRunStore, type OrchestrationEvent, type RunStore } from "../../src/index.js";
import { useOllamaServer } from "../support/ollamaServer.js";
import { sampleRun } from "./sampleRun.js";

const server = await useOllamaServer({
  models: {
    "alpha:1b": "```js\nfunction reverse(s) { return [...s].reverse().join(''); }\n```",
    "beta:1b": "```js\nconst reverse = (s) => s.split('').reverse().join('');\n```",
  },
});
const AGENTS = { alpha: "alpha:1b", beta: "beta:1b" };
const CODE_QUERY = "Write a function that reverses a string";

let open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open) await item.close();
  open = [];
});

async function freshStore(): Promise<{ path: string; store: RunStore }> {
  const path = join(mkdtempSync(join(tmpdir(), "llmgenie-learned-")), "runs.sqlite");
  const store = await openRunStore(path);
  open.push(store);
  return { path, store };
}

function orchestrator(store: RunStore | string, options: Record<string, unknown> = {}): AgentOrchestrator {
  const o = new AgentOrchestrator(AGENTS, { store, classifier: "learned", explorationRate: 0, ...options });
  open.push(o);
  return o;
}

/** The run store at `path`, opened anew (closed after the test). */
async function storeAt(path: string): Promise<RunStore> {
  const store = await openRunStore(path);
  open.push(store);
  return store;
}

/** `n` eval records of `strategy` on code_generation, `passed` of them passing. */
async function seed(store: RunStore, strategy: string, passed: number, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await store.recordRun(sampleRun(`${strategy}-${i}`, { strategy, checkPassed: i < passed, eval: { evalId: "seed", itemId: `${strategy}-${i}`, repeat: 0 } }));
  }
}

const models = () => server.chats.map((c) => c.model).sort();

describe("the store option", () => {
  it("records every run with its attempts; a path given is opened lazily and closed by close()", async () => {
    const { path } = await freshStore();
    const o = new AgentOrchestrator(AGENTS, { store: path });
    const result = await o.orchestrate({ query: CODE_QUERY, executionMode: "collaborative" });
    await o.close();
    const store = await openRunStore(path);
    open.push(store);
    const [run] = await store.listRuns();
    expect(run).toMatchObject({
      taskId: result.taskId, query: CODE_QUERY, taskType: "code_generation", mode: "collaborative", strategy: "collaborative",
      status: "completed", attemptCount: 2, latencyMs: result.executionTimeMs,
      inputTokens: result.metadata.usage!.inputTokens, outputTokens: result.metadata.usage!.outputTokens,
    });
    const stats = await store.agentStats();
    expect(stats.map((s) => [s.agent, s.taskType, s.attempts, s.successRate])).toEqual([["alpha", "code_generation", 1, 1], ["beta", "code_generation", 1, 1]]);
  });

  it("a finished thread run again is returned as stored and not recorded again: its record keeps its time and latency", async () => {
    const { path } = await freshStore();
    const checkpointer = await createCheckpointer({ path: join(mkdtempSync(join(tmpdir(), "llmgenie-learned-")), "checkpoints.sqlite") });
    open.push({ close: () => closeCheckpointer(checkpointer) });
    const input = { query: CODE_QUERY, executionMode: "collaborative" as const, threadId: "thread-once" };
    const first = new AgentOrchestrator(AGENTS, { store: path, checkpointer });
    open.push(first);
    const ran = await first.orchestrate(input);
    const [recorded] = await (await storeAt(path)).listRuns();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const calls = server.chats.length;
    const again = await first.orchestrate(input);
    expect(server.chats.length).toBe(calls);
    expect(again.output).toBe(ran.output);
    const runs = await (await storeAt(path)).listRuns();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ taskId: "thread-once", createdAt: recorded!.createdAt, latencyMs: ran.executionTimeMs });
  });

  it("a store that cannot be opened is a warning on the result, not a failure", async () => {
    // A folder that is a file: the database cannot be created.
    const file = join(mkdtempSync(join(tmpdir(), "llmgenie-learned-")), "not-a-folder");
    writeFileSync(file, "");
    const o = new AgentOrchestrator(AGENTS, { store: join(file, "runs.sqlite") });
    open.push(o);
    const result = await o.orchestrate({ query: CODE_QUERY, executionMode: "collaborative" });
    expect(result.status).toBe("completed");
    expect(result.metadata.warnings?.join("\n")).toMatch(/store: run not recorded: store: cannot open the run store at .*not-a-folder\/runs\.sqlite: .*(ENOTDIR|EEXIST)/);
  });
});

describe("feedback", () => {
  it("bad scores and unknown runs are InvalidInputErrors naming the field; a good one is stored", async () => {
    const { store } = await freshStore();
    await store.recordRun(sampleRun("known"));
    const o = orchestrator(store);
    for (const score of [-0.1, 1.5, Number.NaN, "0.5" as unknown as number]) {
      await expect(o.feedback("known", { score })).rejects.toThrow(/^score: must be a number from 0 to 1$/);
    }
    await expect(o.feedback("", { score: 1 })).rejects.toThrow(/^taskId: must not be empty$/);
    const unknown = o.feedback("missing", { score: 1 });
    await expect(unknown).rejects.toBeInstanceOf(InvalidInputError);
    await expect(unknown).rejects.toThrow(/^taskId: no run "missing" in the run store at sqlite:/);
    await o.feedback("known", { score: 0.75 });
    expect((await store.listRuns())[0]!.feedback).toBe(0.75);
  });
});

describe("learned auto mode", () => {
  it("runs the strategy the record favours for the task type; a single: winner calls that agent alone", async () => {
    const { store } = await freshStore();
    await seed(store, "single:beta", 9, 10);
    await seed(store, "collaborative", 6, 10);
    await seed(store, "parallel", 1, 1);
    const events: OrchestrationEvent[] = [];
    const result = await orchestrator(store).orchestrate(CODE_QUERY, { onEvent: (event) => events.push(event) });
    expect(result.status).toBe("completed");
    expect(result.metadata.autoModeSelection).toBe(true);
    expect(result.metadata.executionMode).toBe("collaborative");
    expect(result.metadata.classification?.taskType).toBe("code_generation");
    // Observers hear the choice first: inside the graph the mode is a given one.
    expect(events[0]).toMatchObject({
      mode: "custom",
      namespace: [],
      data: { event: "route", strategy: "single:beta", source: "learned", classification: result.metadata.classification },
    });
    expect(result.metadata.classification?.reasoning).toBe(
      "learned: single:beta passed 9/10 code_generation items; collaborative 6/10, parallel 1/1",
    );
    expect(result.agentsUsed).toEqual(["beta"]);
    expect(models()).toEqual(["beta:1b"]);
    // The run is recorded under the strategy that ran.
    const [run] = await store.listRuns({ limit: 1 });
    expect(run).toMatchObject({ taskId: result.taskId, strategy: "single:beta" });
  });

  it("a mode winner runs that mode with every agent", async () => {
    const { store } = await freshStore();
    await seed(store, "sequential", 5, 5);
    await seed(store, "single:alpha", 1, 5);
    const result = await orchestrator(store).orchestrate(CODE_QUERY);
    expect(result.metadata.executionMode).toBe("sequential");
    expect(result.metadata.classification?.reasoning).toBe("learned: sequential passed 5/5 code_generation items; single:alpha 1/5");
  });

  it("with fewer than 5 records of the task type the rules decide, and say so; records of other types do not count", async () => {
    const { store } = await freshStore();
    await seed(store, "single:beta", 4, 4);
    await store.recordRun(sampleRun("other", { taskType: "debugging", strategy: "single:beta", checkPassed: true, eval: { evalId: "seed", itemId: "other", repeat: 0 } }));
    const result = await orchestrator(store).orchestrate(CODE_QUERY);
    expect(result.metadata.autoModeSelection).toBe(true);
    expect(result.metadata.executionMode).toBe("collaborative");
    expect(result.metadata.classification?.reasoning).toMatch(/^learned: 4 record\(s\) of code_generation in the run store, 5 needed; rules chose collaborative \(.+\)$/);
    expect(models()).toEqual(["alpha:1b", "beta:1b"]);
  });

  it("feedback changes the record: a person's verdict on a run is the fifth record, and can outweigh a check", async () => {
    const { store } = await freshStore();
    await seed(store, "single:beta", 4, 4);
    const o = orchestrator(store);
    const ruled = await o.orchestrate(CODE_QUERY);
    expect(ruled.metadata.classification?.reasoning).toMatch(/^learned: 4 record/);
    await o.feedback(ruled.taskId, { score: 0.1 });
    server.reset();
    const learned = await o.orchestrate(CODE_QUERY);
    expect(learned.metadata.classification?.reasoning).toBe("learned: single:beta passed 4/4 code_generation items; collaborative 0/1");
    expect(models()).toEqual(["beta:1b"]);
    // Two bad verdicts on beta's passing eval runs (2/4 left) and a good one on the collaborative run (1/1): collaborative leads.
    await o.feedback("single:beta-0", { score: 0 });
    await o.feedback("single:beta-1", { score: 0 });
    await o.feedback(ruled.taskId, { score: 1 });
    const flipped = await o.orchestrate(CODE_QUERY);
    expect(flipped.metadata.classification?.reasoning).toBe("learned: collaborative passed 1/1 code_generation items; single:beta 2/4");
  });

  it("explores another strategy at the configured rate, reproducibly with a seed", async () => {
    const { store } = await freshStore();
    await seed(store, "single:beta", 5, 5);
    await seed(store, "parallel", 0, 5);
    const o = orchestrator(store, { explorationRate: 1, explorationSeed: 7 });
    const result = await o.orchestrate(CODE_QUERY);
    expect(result.metadata.classification?.reasoning).toMatch(/^learned \(exploring, rate 1\): tried (parallel|collaborative) instead of single:beta passed 5\/5 code_generation items; parallel 0\/5$/);
    const again = orchestrator(store, { explorationRate: 1, explorationSeed: 7 });
    expect((await again.orchestrate(CODE_QUERY)).metadata.classification?.reasoning).toBe(result.metadata.classification?.reasoning);
  });

  it("strategies this orchestrator cannot run (an agent it lacks) do not count", async () => {
    const { store } = await freshStore();
    await seed(store, "single:gamma", 10, 10);
    await seed(store, "single:alpha", 3, 5);
    const result = await orchestrator(store).orchestrate(CODE_QUERY);
    expect(result.metadata.classification?.reasoning).toBe("learned: single:alpha passed 3/5 code_generation items");
    expect(models()).toEqual(["alpha:1b"]);
  });

  it("an explicit executionMode is kept: no learned routing", async () => {
    const { store } = await freshStore();
    await seed(store, "single:beta", 5, 5);
    const result = await orchestrator(store).orchestrate({ query: CODE_QUERY, executionMode: "collaborative" });
    expect(result.metadata.autoModeSelection).toBe(false);
    expect(models()).toEqual(["alpha:1b", "beta:1b"]);
  });

  it("rejects bad exploration options naming the field", () => {
    expect(() => new AgentOrchestrator(AGENTS, { classifier: "learned", explorationRate: 2 })).toThrow(/^explorationRate: must be a number from 0 to 1$/);
    expect(() => new AgentOrchestrator(AGENTS, { store: 42 as unknown as string })).toThrow(/^store: must be true, a SQLite file path/);
  });
});
