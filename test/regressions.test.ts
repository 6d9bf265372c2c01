/**
 * Regressions found by the benchmarks (docs/benchmarks.md, "What was fixed").
 */
import { describe, expect, it } from "vitest";
import { AgentOrchestrator } from "../src/orchestrator.js";
import { buildHandoff, summarize } from "../src/nodes/handoff.js";
import { finalize } from "../src/nodes/finalize.js";
import { similarityMatrix, textSimilarity } from "../src/quality/similarity.js";
import type { OrchestrationStateType } from "../src/state/state.js";
import { FakeChatModel } from "./support/fakeModels.js";

describe("maxConcurrency: 1 (LangGraph 1.7.3 drops Send tasks after the first, langgraphjs#2656; llmgenie caps calls itself)", () => {
  it("runs every subtask of a parallel fan-out, one at a time", async () => {
    const worker = new FakeChatModel("part done", "worker", 5);
    const orchestrator = new AgentOrchestrator({ worker }, { maxConcurrency: 1 });
    const result = await orchestrator.orchestrate({
      query: "Review the service",
      executionMode: "parallel",
      subtasks: ["Check the handlers", "Check the cache", "Check the tests"],
    });
    expect(result.status).toBe("completed");
    expect(result.results.map((r) => r.task)).toEqual(["Check the handlers", "Check the cache", "Check the tests"]);
    expect(worker.calls).toHaveLength(4); // three parts and the merge
    expect(worker.maxInFlight).toBe(1);
  });
});

describe("handoff", () => {
  it('extracts "Decision:" lines', () => {
    const handoff = buildHandoff("Design", "a", "b", "We looked at options.\n\nDecision: keep sessions in Redis.\n- Decision: TTL of 17 minutes");
    expect(handoff.decisions).toEqual(["Decision: keep sessions in Redis.", "Decision: TTL of 17 minutes"]);
  });

  it("keeps sentences with specifics when an answer is over the budget, and numbers whole", () => {
    const generic = "This sentence is generic and carries nothing a later step needs. ";
    const text = `We introduce the FalconGateway. ${generic.repeat(30)}The error budget is 0.65 percent per month.`;
    const summary = summarize(text, 400);
    expect(summary.length).toBeLessThanOrEqual(400 + " […]".length);
    expect(summary).toContain("FalconGateway");
    expect(summary).toContain("The error budget is 0.65 percent per month.");
    expect(summary.endsWith("[…]")).toBe(true);
  });

  it("returns short prose whole", () => {
    expect(summarize("Short answer.\n\n```ts\nconst x = 1;\n```")).toBe("Short answer.");
  });
});

describe("similarityMatrix", () => {
  it("equals textSimilarity for every pair, with 1 on the diagonal", () => {
    const texts = ["the cache keeps sessions for ten minutes", "sessions stay in the cache ten minutes", "compile the parser", ""];
    const matrix = similarityMatrix(texts);
    texts.forEach((a, i) =>
      texts.forEach((b, j) => expect(matrix[i]![j]).toBeCloseTo(i === j ? 1 : textSimilarity(a, b), 12)),
    );
  });
});

describe("finalize", () => {
  it("names each failure once with the agents that hit it", async () => {
    const failed = (agent: string, error: string, i: number) => ({
      key: `subtask:${i}`,
      agent,
      model: "m",
      task: "t",
      status: "failed" as const,
      error,
      latencyMs: 1,
    });
    const results = Array.from({ length: 1000 }, (_, i) => failed(i % 2 ? "a" : "b", "cannot reach the model server", i));
    results.push(failed("c", "timed out after 5 ms", 1000));
    const update = await finalize({ results, output: "" } as unknown as OrchestrationStateType);
    expect(update.status).toBe("failed");
    expect(update.error).toBe("every agent failed: b, a: cannot reach the model server; c: timed out after 5 ms");
  });
});
