import { describe, expect, it } from "vitest";
import { runScenarios } from "../examples/scenarios.js";
import { AgentOrchestrator } from "../src/index.js";
import { FakeChatModel } from "./support/fakeModels.js";

/** Agents that plan when asked for JSON steps and otherwise answer on topic. */
const agent = (name: string) =>
  new FakeChatModel((p) => {
    if (p.includes('{"steps"')) return { json: { steps: ["Design the endpoints", "Implement the handlers", "Review the code"] } };
    if (p.includes("combined answer")) return "Combined report: funding is up, competition is dense, opportunities are in vertical AI.";
    return `${name}: a complete, relevant answer about ${p.split("\n")[0]!.slice(0, 60)}.`;
  }, `${name}:7b`);

describe("the seed guide's four usage scenarios", () => {
  it("run end to end with the documented result fields", async () => {
    const orchestrator = new AgentOrchestrator(
      { mistral: agent("mistral"), codellama: agent("codellama"), llama3: agent("llama3") },
      { retry: { maxAttempts: 1 } },
    );
    const { codePipeline, research, creativeWriting, problemSolving } = await runScenarios(orchestrator);

    expect(codePipeline).toMatchObject({ status: "completed", metadata: { executionMode: "sequential", coordinationType: "synchronized", autoModeSelection: false } });
    expect(codePipeline.results.map((r) => r.task)).toEqual(["Design the endpoints", "Implement the handlers", "Review the code"]);
    expect(codePipeline.metadata.handoffs).toHaveLength(3);
    expect(codePipeline.agentsUsed).toEqual(["mistral", "codellama", "llama3"]);

    expect(research).toMatchObject({ status: "completed", coordinationEfficiency: 1, metadata: { executionMode: "parallel", coordinationType: "independent" } });
    expect(research.results.map((r) => r.task)).toEqual([
      "Research current AI startup funding trends",
      "Analyze competitor landscape",
      "Evaluate market opportunities",
    ]);
    expect(research.output).toContain("Combined report");

    expect(creativeWriting).toMatchObject({ status: "completed", metadata: { executionMode: "collaborative", coordinationType: "hierarchical" } });
    expect(creativeWriting.results).toHaveLength(3);
    expect(creativeWriting.metadata.consensusAnalysis?.consensus).toMatch(/^(high|medium|low)$/);
    expect(creativeWriting.metadata.qualityVariance).toBeGreaterThanOrEqual(0);
    expect(creativeWriting.qualityScore).toBeGreaterThan(0);

    expect(problemSolving.metadata.autoModeSelection).toBe(true);
    expect(problemSolving.metadata.classification?.taskType).toBe("debugging");
    expect(problemSolving.status).toBe("completed");

    for (const result of [codePipeline, research, creativeWriting, problemSolving]) {
      expect(result.qualityScore).toBeGreaterThanOrEqual(0);
      expect(result.qualityScore).toBeLessThanOrEqual(1);
      expect(result.metadata.usage!.inputTokens).toBeGreaterThan(0);
      expect(result.results.every((r) => r.latencyMs >= 0 && r.usage)).toBe(true);
    }
  });
});
