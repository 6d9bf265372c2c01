import { describe, expect, it } from "vitest";
import { createCollaborativeGraph } from "../../src/graphs/collaborative.js";
import { AgentOrchestrator } from "../../src/index.js";
import { analyseConsensus } from "../../src/nodes/consensus.js";
import { FakeChatModel } from "../support/fakeModels.js";

const fast = { retry: { maxAttempts: 1 } };
const GOOD =
  "Here is a palindrome check in TypeScript:\n\n```ts\nexport function isPalindrome(s: string): boolean {\n  const t = s.toLowerCase().replace(/[^a-z0-9]/g, \"\");\n  return t === [...t].reverse().join(\"\");\n}\n```\n\nIt ignores case and punctuation.";

describe("collaborative graph", () => {
  it("has the competition topology: runAgent (Send per agent) → join → select → measureConsensus → quality → finalize", async () => {
    const nodes = Object.keys((await createCollaborativeGraph().compile().getGraphAsync()).nodes);
    for (const node of ["runAgent", "joinAttempts", "selectCandidate", "measureConsensus", "validateQuality", "finalize"]) {
      expect(nodes).toContain(node);
    }
  });

  it("asks every agent at once and keeps the best answer, with scores and variance", async () => {
    const models = {
      refuser: new FakeChatModel("I'm sorry, but I can't help with that.", "m1", 40),
      coder: new FakeChatModel(GOOD, "m2", 40),
      lazy: new FakeChatModel("```ts\nfunction isPalindrome(s) {\n  // TODO\n}\n```", "m3", 40),
    };
    const result = await new AgentOrchestrator(models, fast).orchestrate({
      query: "Write a TypeScript function isPalindrome that checks whether a string is a palindrome",
      executionMode: "collaborative",
    });
    expect(result.status).toBe("completed");
    for (const model of Object.values(models)) expect(model.calls).toHaveLength(1);
    // All three were in flight together: each saw the others' calls start before its own ended.
    const spans = Object.values(models).map((m) => m.calls[0]!);
    expect(Math.max(...spans.map((s) => s.startedAt))).toBeLessThan(Math.min(...spans.map((s) => s.endedAt!)));
    expect(result.output).toBe(GOOD);
    expect(result.metadata.selection!.scores).toHaveLength(3);
    expect(result.metadata.selection!.index).toBe(1);
    expect(result.metadata.qualityVariance).toBeGreaterThan(0);
    expect(result.qualityScore).toBeGreaterThan(0.5);
    expect(result.results.every((r) => r.task === "candidate")).toBe(true);
    expect(result.metadata.coordinationType).toBe("hierarchical");
  });

  it("reports insufficient_data with a single agent", async () => {
    const result = await new AgentOrchestrator({ only: new FakeChatModel(GOOD) }, fast).orchestrate({
      query: "Write isPalindrome",
      executionMode: "collaborative",
    });
    expect(result.status).toBe("completed");
    expect(result.metadata.consensusAnalysis).toMatchObject({ consensus: "insufficient_data", agentsAgreeing: 1 });
  });

  it("keeps the surviving candidates when an agent fails", async () => {
    const result = await new AgentOrchestrator(
      { ok: new FakeChatModel(GOOD), broken: new FakeChatModel(new Error("HTTP 500")) },
      fast,
    ).orchestrate({ query: "Write isPalindrome", executionMode: "collaborative" });
    expect(result.status).toBe("partial");
    expect(result.output).toBe(GOOD);
    expect(result.coordinationEfficiency).toBe(0.5);
    expect(result.results.find((r) => r.agent === "broken")).toMatchObject({ status: "failed", error: "HTTP 500" });
  });

  it("lets a configured judge decide", async () => {
    const answerA = "Paris is the capital of France.";
    const answerB = "The capital of France is Paris, on the Seine.";
    // The judge always prefers the answer that mentions the Seine, in either order.
    const judge = new FakeChatModel((p) => {
      const answerInA = /<answer_A>([\s\S]*?)<\/answer_A>/.exec(p)?.[1] ?? "";
      return { json: { winner: answerInA.includes("Seine") ? "A" : "B", reason: "more specific" } };
    });
    const result = await new AgentOrchestrator({ a: new FakeChatModel(answerA), b: new FakeChatModel(answerB) }, { ...fast, judge }).orchestrate({
      query: "What is the capital of France?",
      executionMode: "collaborative",
    });
    expect(judge.calls.length).toBeGreaterThanOrEqual(2);
    expect(result.metadata.selection!.method).toBe("judge");
    expect(result.output).toBe(answerB);
  });

  it("measures consensus on normalised content, not raw word sets", () => {
    const same = analyseConsensus([
      { agent: "a", output: "The function returns the reversed string." },
      { agent: "b", output: "the FUNCTION returns the reversed strings!" },
      { agent: "c", output: "Returns the string, reversed, from the function." },
    ]);
    expect(same.consensus).toBe("high");
    expect(same.agentsAgreeing).toBe(3);
    const apart = analyseConsensus([
      { agent: "a", output: "Use PostgreSQL with a normalised schema." },
      { agent: "b", output: "Bake sourdough bread at a high temperature overnight." },
    ]);
    expect(apart.consensus).toBe("low");
    expect(apart.outliers).toEqual(["a", "b"]);
  });
});
