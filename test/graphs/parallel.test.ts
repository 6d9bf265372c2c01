import { describe, expect, it } from "vitest";
import { createParallelGraph } from "../../src/graphs/parallel.js";
import { AgentOrchestrator } from "../../src/index.js";
import { FakeChatModel } from "../support/fakeModels.js";

const fast = { retry: { maxAttempts: 1 } };

describe("parallel graph", () => {
  it("has the map-reduce topology: plan → runAgent (Send) → join → merge → quality → finalize", async () => {
    const graph = createParallelGraph().compile();
    const nodes = Object.keys((await graph.getGraphAsync()).nodes);
    for (const node of ["planSubtasks", "runAgent", "joinAttempts", "merge", "validateQuality", "finalize"]) {
      expect(nodes).toContain(node);
    }
  });

  it("runs every subtask at once, spreads them round-robin, and merges with attribution kept in results", async () => {
    const a = new FakeChatModel((p) => (p.includes("combined answer") ? "MERGED ANSWER" : "part by a"), "model-a", 50);
    const b = new FakeChatModel("part by b", "model-b", 50);
    const orchestrator = new AgentOrchestrator({ a, b }, fast);
    const result = await orchestrator.orchestrate({
      query: "Compare four databases",
      executionMode: "parallel",
      subtasks: ["Postgres", "MySQL", "SQLite", "MongoDB"],
    });
    expect(result.status).toBe("completed");
    expect(result.results.map((r) => [r.agent, r.task])).toEqual([
      ["a", "Postgres"],
      ["b", "MySQL"],
      ["a", "SQLite"],
      ["b", "MongoDB"],
    ]);
    // Both agents had both their subtasks in flight at the same time.
    expect(a.maxInFlight).toBe(2);
    expect(b.maxInFlight).toBe(2);
    expect(result.output).toBe("MERGED ANSWER");
    expect(a.calls.at(-1)!.prompt).toContain("written by b");
    expect(result.coordinationEfficiency).toBe(1);
    expect(result.metadata.coordinationType).toBe("independent");
    expect(result.metadata.usage!.inputTokens).toBeGreaterThan(0);
    expect(result.agentsUsed).toEqual(["a", "b"]);
  });

  it("honours maxConcurrency", async () => {
    const model = new FakeChatModel("part", "m", 30);
    const orchestrator = new AgentOrchestrator({ solo: model }, { ...fast, maxConcurrency: 2 });
    const result = await orchestrator.orchestrate({
      query: "Summarise six topics",
      executionMode: "parallel",
      subtasks: ["t1", "t2", "t3", "t4", "t5", "t6"],
    });
    expect(result.results).toHaveLength(6);
    expect(model.maxInFlight).toBe(2);
  });

  it("keeps the other agents' work when one fails: partial, failed entry recorded", async () => {
    const good = new FakeChatModel((p) => (p.includes("combined answer") ? "merged" : "a good part"));
    const bad = new FakeChatModel(new Error("model exploded"));
    const orchestrator = new AgentOrchestrator({ good, bad }, fast);
    const result = await orchestrator.orchestrate({ query: "Two parts", executionMode: "parallel", subtasks: ["one", "two", "three"] });
    expect(result.status).toBe("partial");
    const failed = result.results.filter((r) => r.status === "failed");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ agent: "bad", task: "two", error: "model exploded" });
    expect(result.coordinationEfficiency).toBeCloseTo(2 / 3);
    expect(result.output).toBe("merged");
  });

  it("hands a failed subtask to the fallback agent and records both attempts", async () => {
    const good = new FakeChatModel("fallback did it");
    const bad = new FakeChatModel(new Error("down"));
    const orchestrator = new AgentOrchestrator({ bad, good }, { ...fast, fallbacks: { bad: ["good"] } });
    const result = await orchestrator.orchestrate({ query: "One part", executionMode: "parallel", subtasks: ["only"] });
    expect(result.results.map((r) => [r.agent, r.status])).toEqual([
      ["bad", "failed"],
      ["good", "completed"],
    ]);
    expect(result.status).toBe("completed");
    expect(result.coordinationEfficiency).toBe(0.5);
    expect(result.output).toBe("fallback did it");
  });

  it("falls back to concatenation with attribution when the merge fails, and says so", async () => {
    const merger = new FakeChatModel((p) => (p.includes("combined answer") ? new Error("merge failed") : "first part"));
    const other = new FakeChatModel("second part");
    const orchestrator = new AgentOrchestrator({ merger, other }, fast);
    const result = await orchestrator.orchestrate({ query: "Two parts", executionMode: "parallel", subtasks: ["A", "B"] });
    expect(result.output).toContain("## A\n_by merger_\n\nfirst part");
    expect(result.output).toContain("## B\n_by other_\n\nsecond part");
    expect(result.metadata.warnings?.[0]).toMatch(/^merge: merger could not combine/);
  });

  it("plans subtasks with the planner agent's structured output", async () => {
    const planner = new FakeChatModel((p) =>
      p.includes('{"steps"') ? { json: { steps: ["Look at costs", "Look at risks"] } } : p.includes("combined answer") ? "merged" : "part",
    );
    const orchestrator = new AgentOrchestrator({ planner }, fast);
    const result = await orchestrator.orchestrate({ query: "Should we move to the cloud?", executionMode: "parallel" });
    expect(result.results.map((r) => r.task)).toEqual(["Look at costs", "Look at risks"]);
    expect(result.metadata.usage!.outputTokens).toBeGreaterThan(result.results.reduce((s, r) => s + r.usage!.outputTokens, 0));
  });

  it("uses a template plan when the planner answers off-schema, and says so", async () => {
    const planner = new FakeChatModel((p) => (p.includes('{"steps"') ? "I think you should do three things" : "part"));
    const orchestrator = new AgentOrchestrator({ planner }, fast);
    const result = await orchestrator.orchestrate({ query: "Write a function that parses CSV", executionMode: "parallel" });
    expect(result.results.map((r) => r.task)).toEqual(["Write the implementation", "Write the documentation", "Write the tests"]);
    expect(result.metadata.warnings?.some((w) => w.startsWith("planner: planner could not plan"))).toBe(true);
  });

  it("fails with the reasons when every agent fails", async () => {
    const orchestrator = new AgentOrchestrator({ x: new FakeChatModel(new Error("boom")) }, fast);
    const result = await orchestrator.orchestrate({ query: "Anything", executionMode: "parallel", subtasks: ["a", "b"] });
    expect(result.status).toBe("failed");
    expect(result.error).toBe("every agent failed: x: boom");
    expect(result.output).toBe("");
    expect(result.coordinationEfficiency).toBe(0);
  });
});
