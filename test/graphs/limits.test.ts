/**
 * The run-wide cap on agent calls, on the LangGraph users install (1.7.3,
 * unpatched): whichever way a caller asks for `maxConcurrency`, every
 * dispatched task runs, and no more than the cap at once.
 */
import { describe, expect, it } from "vitest";
import { createCollaborativeGraph, createOrchestratorGraph, createParallelGraph, createSequentialGraph } from "../../src/index.js";
import type { RunnableConfig } from "@langchain/core/runnables";
import { runSlotsOf, withRunSlot, withRunSlots } from "../../src/agents/limits.js";
import { FakeChatModel } from "../support/fakeModels.js";

const SUBTASKS = ["one", "two", "three", "four"];

describe("maxConcurrency on a graph users compile themselves", () => {
  it.each([
    ["LangGraph's own key, 1", { maxConcurrency: 1 }, 1],
    ["LangGraph's own key, 2", { maxConcurrency: 2 }, 2],
    ["configurable.maxConcurrency, 1", { configurable: { maxConcurrency: 1 } }, 1],
  ])("runs all four subtasks with %s", async (_, extra, cap) => {
    const worker = new FakeChatModel("part done", "worker", 10);
    const graph = createParallelGraph().compile();
    const state = await graph.invoke(
      { query: "Review the service", subtasks: SUBTASKS },
      { ...extra, configurable: { agents: { worker }, ...(extra as { configurable?: object }).configurable } },
    );
    expect(state.status).toBe("completed");
    expect(state.results.map((r) => r.key)).toEqual(SUBTASKS.map((_, i) => `subtask:${i}`));
    expect(worker.maxInFlight).toBe(cap);
  });

  it("caps a collaborative run of many agents", async () => {
    const models = Array.from({ length: 6 }, (_, i) => new FakeChatModel(`answer ${i}`, `m${i}`, 10));
    let inFlight = 0;
    let peak = 0;
    for (const model of models) {
      const invoke = model.invoke.bind(model);
      model.invoke = (async (...args: Parameters<typeof invoke>) => {
        peak = Math.max(peak, ++inFlight);
        try {
          return await invoke(...args);
        } finally {
          inFlight--;
        }
      }) as typeof model.invoke;
    }
    const agents = Object.fromEntries(models.map((model, i) => [`a${i}`, model]));
    const state = await createCollaborativeGraph().compile().invoke({ query: "Name a colour" }, { configurable: { agents, maxConcurrency: 2 } });
    expect(state.results).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it("starts an agent's time limit once it has a slot, not while it waits", async () => {
    // Each call takes 60 ms; under a cap of 1 the fourth waits ~180 ms, longer than the 120 ms limit.
    const worker = new FakeChatModel("part done", "worker", 60);
    const graph = createParallelGraph({ agentTimeoutMs: 120, retry: { maxAttempts: 1 } }).compile();
    const state = await graph.invoke(
      { query: "Review the service", subtasks: SUBTASKS },
      { configurable: { agents: { worker }, maxConcurrency: 1 } },
    );
    expect(state.results.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
  });

  it("gives each run its own limiter, shared by a run's nested mode graph", async () => {
    const config = withRunSlots<RunnableConfig>({ configurable: { maxConcurrency: 3 } });
    // LangGraph's loop starts no more tasks than the cap, and never fewer than 2 (at 1 it drops tasks).
    expect(config.maxConcurrency).toBe(3);
    expect(withRunSlots<RunnableConfig>({ configurable: { maxConcurrency: 1 } }).maxConcurrency).toBe(2);
    const nested = withRunSlots({ ...config, maxConcurrency: 1 });
    expect(nested.configurable).toEqual(config.configurable);
    expect(nested.maxConcurrency).toBe(3);
    expect(withRunSlots({ configurable: { maxConcurrency: 3 } }).configurable).not.toEqual(config.configurable);
    const uncapped = withRunSlots<RunnableConfig>({});
    // Marked uncapped, so its calls skip the ambient-config lookup; a nested run with a cap still gets its own.
    expect(runSlotsOf(uncapped)).toBeUndefined();
    expect(runSlotsOf(withRunSlots({ ...uncapped, configurable: { ...uncapped.configurable, maxConcurrency: 2 } }))?.concurrency).toBe(2);
    expect(uncapped.maxConcurrency).toBe(Number.POSITIVE_INFINITY);
  });

  it("does not start a call whose run was cancelled while it waited", async () => {
    const controller = new AbortController();
    const config = { ...withRunSlots({ configurable: { maxConcurrency: 1 } }), signal: controller.signal };
    let started = 0;
    const first = withRunSlot(config, async () => {
      started++;
      controller.abort();
    });
    const second = withRunSlot(config, async () => void started++);
    await first;
    await expect(second).rejects.toMatchObject({ name: "AbortError" });
    expect(started).toBe(1);
  });
});

describe("drawings", () => {
  it("draws every mode graph and the orchestrator with its subgraphs (xray), without error-handler nodes", async () => {
    for (const graph of [createParallelGraph(), createSequentialGraph(), createCollaborativeGraph()]) {
      const nodes = Object.keys((await graph.compile().getGraphAsync()).nodes);
      expect(nodes.some((id) => id.includes("error_handler"))).toBe(false);
    }
    const drawing = await createOrchestratorGraph().compile().withConfig({ recursionLimit: 50 }).getGraphAsync({ xray: true });
    const ids = Object.keys(drawing.nodes);
    for (const mode of ["parallel", "sequential", "collaborative"]) expect(ids).toContain(`${mode}:runAgent`);
    expect(drawing.drawMermaid()).toContain("subgraph collaborative");
  });
});
