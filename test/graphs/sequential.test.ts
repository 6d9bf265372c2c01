import { describe, expect, it } from "vitest";
import { createSequentialGraph } from "../../src/graphs/sequential.js";
import { AgentOrchestrator } from "../../src/index.js";
import { buildHandoff } from "../../src/nodes/handoff.js";
import { FakeChatModel } from "../support/fakeModels.js";

const fast = { retry: { maxAttempts: 1 } };

/** Each step answers with a fact unique to the step number it was asked to do. */
const stepAnswer = (p: string) => {
  const step = /Now do step (\d+)/.exec(p)?.[1] ?? "?";
  return `Step ${step} done. Fact-${step}: the value is ${Number(step) * 111}.`;
};

describe("sequential graph", () => {
  it("has the chain topology: plan → runAgent → join → handoff ↺ → quality → finalize", async () => {
    const nodes = Object.keys((await createSequentialGraph().compile().getGraphAsync()).nodes);
    for (const node of ["planSteps", "runAgent", "joinAttempts", "handoff", "validateQuality", "finalize"]) {
      expect(nodes).toContain(node);
    }
  });

  it("runs as many steps as the plan has, in order, each seeing every earlier handoff", async () => {
    const a = new FakeChatModel(stepAnswer);
    const b = new FakeChatModel(stepAnswer);
    const steps = ["Gather", "Design", "Build", "Test", "Document"];
    const result = await new AgentOrchestrator({ a, b }, fast).orchestrate({
      query: "Ship a feature",
      executionMode: "sequential",
      subtasks: steps,
    });
    expect(result.status).toBe("completed");
    expect(result.results.map((r) => [r.task, r.agent])).toEqual([
      ["Gather", "a"],
      ["Design", "b"],
      ["Build", "a"],
      ["Test", "b"],
      ["Document", "a"],
    ]);
    const handoffs = result.metadata.handoffs!;
    expect(handoffs.map((h) => [h.from, h.to])).toEqual([
      ["a", "b"],
      ["b", "a"],
      ["a", "b"],
      ["b", "a"],
      ["a", "output"],
    ]);
    // The last step's prompt carries the facts of all four earlier steps, not just the last two.
    const lastPrompt = a.calls.at(-1)!.prompt;
    for (const n of [1, 2, 3, 4]) expect(lastPrompt).toContain(`Fact-${n}: the value is ${n * 111}`);
    expect(result.output).toBe("Step 5 done. Fact-5: the value is 555.");
    expect(result.metadata.coordinationType).toBe("synchronized");
  });

  it("plans its own steps when none are given (the last one finalizes)", async () => {
    const planner = new FakeChatModel((p) =>
      p.includes('{"steps"') ? { json: { steps: ["Design the API", "Implement it", "Review it"] } } : stepAnswer(p),
    );
    const result = await new AgentOrchestrator({ planner }, fast).orchestrate({
      query: "Create a REST API for user management",
      executionMode: "sequential",
    });
    expect(result.results.map((r) => r.task)).toEqual(["Design the API", "Implement it", "Review it"]);
    expect(planner.calls.at(-1)!.prompt).toContain("This is the last step");
  });

  it("records a failed step, tells the next step, and ends partial with the last good output", async () => {
    const good = new FakeChatModel(stepAnswer);
    const bad = new FakeChatModel(new Error("server error"));
    const result = await new AgentOrchestrator({ good, bad }, fast).orchestrate({
      query: "Three steps",
      executionMode: "sequential",
      subtasks: ["One", "Two", "Three", "Four"],
    });
    expect(result.status).toBe("partial");
    expect(result.results.map((r) => r.status)).toEqual(["completed", "failed", "completed", "failed"]);
    expect(result.metadata.handoffs![1]!.summary).toContain("This step failed: server error");
    expect(good.calls[1]!.prompt).toContain("This step failed: server error");
    expect(result.output).toBe("Step 3 done. Fact-3: the value is 333.");
    expect(result.coordinationEfficiency).toBe(0.5);
  });

  it("builds typed handoffs: code verbatim, decisions, open questions", () => {
    const output = [
      "We decided to use Express for routing.",
      "Decision: store users in Postgres.",
      "```ts\nexport const app = express();\n```",
      "Should admins be able to delete users?",
    ].join("\n");
    const handoff = buildHandoff("Design", "a", "b", output);
    expect(handoff.keyOutputs).toEqual(["```ts\nexport const app = express();\n```"]);
    expect(handoff.decisions).toEqual(["We decided to use Express for routing.", "Decision: store users in Postgres."]);
    expect(handoff.openQuestions).toEqual(["Should admins be able to delete users?"]);
    expect(handoff.summary).not.toContain("express()");
  });
});
