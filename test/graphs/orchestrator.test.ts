import { describe, expect, it } from "vitest";
import { createOrchestratorGraph } from "../../src/graphs/orchestrator.js";
import { AgentOrchestrator, CoordinationType, ExecutionMode } from "../../src/index.js";
import { FakeChatModel } from "../support/fakeModels.js";

const fast = { retry: { maxAttempts: 1 } };
const echo = () => new FakeChatModel((p) => (p.includes('{"steps"') ? { json: { steps: ["First", "Second"] } } : "An answer."));

describe("orchestrator graph (auto mode)", () => {
  it("classifies, then routes to the mode graphs, which are subgraphs Studio can open", async () => {
    const graph = createOrchestratorGraph().compile();
    const nodes = Object.keys((await graph.getGraphAsync()).nodes);
    expect(nodes).toEqual(expect.arrayContaining(["classify", "parallel", "sequential", "collaborative"]));
    const xray = Object.keys((await graph.getGraphAsync({ xray: true })).nodes);
    expect(xray).toEqual(expect.arrayContaining(["parallel:runAgent", "sequential:handoff", "collaborative:selectCandidate"]));
  });

  it.each([
    ["Write a Python function to parse JSON", "collaborative"],
    ["Analyze the root cause of the outage step by step and recommend fixes", "sequential"],
  ])("auto mode: %s → %s", async (query, mode) => {
    const result = await new AgentOrchestrator({ a: echo(), b: echo() }, fast).orchestrate(query);
    expect(result.metadata.autoModeSelection).toBe(true);
    expect(result.metadata.executionMode).toBe(mode);
    expect(result.metadata.classification).toMatchObject({ confidence: expect.any(Number), reasoning: expect.any(String) });
    expect(result.status).toBe("completed");
  });

  it("keeps a given mode, still reports the classification, and maps the coordination type", async () => {
    const orchestrator = new AgentOrchestrator({ a: echo() }, fast);
    for (const [mode, coordination] of [
      [ExecutionMode.PARALLEL, CoordinationType.INDEPENDENT],
      [ExecutionMode.SEQUENTIAL, CoordinationType.SYNCHRONIZED],
      [ExecutionMode.COLLABORATIVE, CoordinationType.HIERARCHICAL],
    ] as const) {
      const result = await orchestrator.orchestrate({ query: "Write a haiku about rain", executionMode: mode });
      expect(result.metadata).toMatchObject({ executionMode: mode, coordinationType: coordination, autoModeSelection: false });
      expect(result.metadata.classification?.taskType).toBe("creative_writing");
    }
  });

  it("returns the exact result shape", async () => {
    const result = await new AgentOrchestrator({ a: echo() }, fast).orchestrate({ query: "Say hi", executionMode: "collaborative" });
    expect(Object.keys(result).sort()).toEqual(
      ["agentsUsed", "coordinationEfficiency", "executionTimeMs", "metadata", "output", "qualityScore", "results", "status", "taskId"].sort(),
    );
    expect(Object.keys(result.results[0]!).sort()).toEqual(
      ["agent", "latencyMs", "model", "output", "qualityScore", "status", "task", "usage"].sort(),
    );
    expect(result.taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.executionTimeMs).toBeGreaterThanOrEqual(0);
  });
});
