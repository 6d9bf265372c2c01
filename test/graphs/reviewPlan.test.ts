/**
 * Human review of the sequential plan, from code: the `humanReview` option
 * pauses the run after planning (a LangGraph `interrupt`, checkpointed), and
 * `resume` continues it with a person's decision.
 */
import { describe, expect, it } from "vitest";
import { Command, INTERRUPT, MemorySaver, isInterrupted } from "@langchain/langgraph";
import { createSequentialGraph } from "../../src/graphs/sequential.js";
import { AgentOrchestrator, InvalidInputError } from "../../src/index.js";
import { parseReviewDecision } from "../../src/nodes/reviewPlan.js";
import { FakeChatModel } from "../support/fakeModels.js";

const QUERY = "Build a URL shortener";
const PLANNED = ["Design the API", "Write the code"];

/** A lead that plans (structured output) on its first call and answers after; a second agent that answers. */
function team() {
  const lead = new FakeChatModel((_prompt, call) => (call === 0 ? { json: { steps: PLANNED } } : "Lead's step answer, done."), "lead-model");
  const dev = new FakeChatModel("Dev's step answer, done.", "dev-model");
  return { lead, dev };
}

function reviewed(agents = team()) {
  const orchestrator = new AgentOrchestrator(agents, { humanReview: true, checkpointer: new MemorySaver(), retry: { maxAttempts: 1 } });
  return { orchestrator, ...agents };
}

describe("sequential human review from code (AgentOrchestrator)", () => {
  it("pauses after planning: status interrupted, the plan in metadata.pendingReview, no agent called", async () => {
    const { orchestrator, lead, dev } = reviewed();
    const paused = await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-1" });
    expect(paused.status).toBe("interrupted");
    expect(paused.taskId).toBe("review-1");
    expect(paused.metadata.pendingReview).toEqual({ plan: PLANNED, query: QUERY });
    expect(paused.results).toEqual([]);
    expect(paused.error).toBeUndefined();
    expect(lead.calls).toHaveLength(1); // the planner only
    expect(dev.calls).toHaveLength(0);

    // Asking again shows the same pending plan; still nothing runs.
    const again = await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-1" });
    expect(again.status).toBe("interrupted");
    expect(again.metadata.pendingReview!.plan).toEqual(PLANNED);
    expect(lead.calls).toHaveLength(1);
  });

  it("approve: the planned steps run and the run completes", async () => {
    const { orchestrator } = reviewed();
    await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-2" });
    const result = await orchestrator.resume("review-2", { action: "approve" });
    expect(result.status).toBe("completed");
    expect(result.results.map((r) => [r.agent, r.task])).toEqual([
      ["lead", "Design the API"],
      ["dev", "Write the code"],
    ]);
    expect(result.output).toBe("Dev's step answer, done.");
    expect(result.metadata.executionMode).toBe("sequential");
    expect(result.metadata.autoModeSelection).toBe(false);
    expect(result.metadata.pendingReview).toBeUndefined();
  });

  it("resume takes a signal: aborted, it rejects with AbortError, calls no agent, and the plan still waits", async () => {
    const { orchestrator, dev } = reviewed();
    await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-abort" });
    await expect(orchestrator.resume("review-abort", { action: "approve" }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    expect(dev.calls).toHaveLength(0);
    expect((await orchestrator.resume("review-abort", { action: "approve" })).status).toBe("completed");
  });

  it("edit: the reviewer's steps replace the plan", async () => {
    const { orchestrator, dev } = reviewed();
    await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-3" });
    const plan = ["Sketch the schema", "Implement it", "Load-test it"];
    const result = await orchestrator.resume("review-3", { action: "edit", plan });
    expect(result.status).toBe("completed");
    expect(result.results.map((r) => r.task)).toEqual(plan);
    expect(result.metadata.handoffs!.map((h) => h.step)).toEqual(plan);
    expect(dev.calls[0]!.prompt).toContain("Implement it");
  });

  it("reject: the run ends failed with the reason and no agent is called", async () => {
    const { orchestrator, lead, dev } = reviewed();
    await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-4" });
    const result = await orchestrator.resume("review-4", { action: "reject", reason: "needs a security step" });
    expect(result.status).toBe("failed");
    expect(result.error).toBe("plan rejected by reviewer: needs a security step");
    expect(result.results).toEqual([]);
    expect(lead.calls).toHaveLength(1); // the planner only
    expect(dev.calls).toHaveLength(0);
  });

  it("without threadId the taskId is the thread to resume", async () => {
    const { orchestrator } = reviewed();
    const paused = await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", subtasks: ["Only step"] });
    expect(paused.status).toBe("interrupted");
    expect(paused.metadata.pendingReview).toEqual({ plan: ["Only step"], query: QUERY });
    const result = await orchestrator.resume(paused.taskId, { action: "approve" });
    expect(result.status).toBe("completed");
    expect(result.taskId).toBe(paused.taskId);
  });

  it("auto mode: the pause inside the sequential subgraph is surfaced the same way", async () => {
    const { orchestrator } = reviewed();
    const paused = await orchestrator.orchestrate({
      query: "First design a REST API for orders, then implement it, then review it",
      subtasks: ["Design", "Implement"],
      threadId: "review-auto",
    });
    // The rules classifier sends this query to sequential mode.
    expect(paused.metadata.executionMode).toBe("sequential");
    expect(paused.metadata.autoModeSelection).toBe(true);
    expect(paused.status).toBe("interrupted");
    expect(paused.metadata.pendingReview).toEqual({
      plan: ["Design", "Implement"],
      query: "First design a REST API for orders, then implement it, then review it",
    });
    const result = await orchestrator.resume("review-auto", { action: "approve" });
    expect(result.status).toBe("completed");
    expect(result.metadata.autoModeSelection).toBe(true);
  });

  it("rejects an invalid decision or a thread with nothing to review, naming the field", async () => {
    const { orchestrator } = reviewed();
    await orchestrator.orchestrate({ query: QUERY, executionMode: "sequential", threadId: "review-5" });
    await expect(orchestrator.resume("review-5", { action: "edit", plan: ["ok", " "] })).rejects.toThrow(
      new InvalidInputError("review decision: plan.1: must not be empty"),
    );
    await expect(orchestrator.resume("review-5", { action: "maybe" } as never)).rejects.toThrow(/review decision: action: /);
    await expect(orchestrator.resume("no-such-thread", { action: "approve" })).rejects.toThrow(
      /threadId: thread "no-such-thread" has no plan waiting for review/,
    );
    // The paused run is untouched by the refused decisions.
    expect((await orchestrator.resume("review-5", { action: "approve" })).status).toBe("completed");
  });

  it("without humanReview the review node passes the plan straight on", async () => {
    const { lead, dev } = team();
    const result = await new AgentOrchestrator({ lead, dev }, { checkpointer: new MemorySaver() }).orchestrate({
      query: QUERY,
      executionMode: "sequential",
      threadId: "no-review",
    });
    expect(result.status).toBe("completed");
    expect(result.results).toHaveLength(2);
  });
});

describe("sequential graph: reviewPlan node", () => {
  it("sits between planSteps and the first step", async () => {
    const drawing = await createSequentialGraph().compile().getGraphAsync();
    expect(drawing.edges).toContainEqual(expect.objectContaining({ source: "planSteps", target: "reviewPlan" }));
    expect(drawing.edges).toContainEqual(expect.objectContaining({ source: "reviewPlan", target: "runAgent" }));
    expect(drawing.edges).toContainEqual(expect.objectContaining({ source: "reviewPlan", target: "__end__" }));
  });

  it("interrupts with { plan, query } and resumes with Command({ resume })", async () => {
    const { lead, dev } = team();
    const graph = createSequentialGraph({ retry: { maxAttempts: 1 } }).compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "graph-review", agents: { lead, dev }, humanReview: true } };
    const paused = await graph.invoke({ query: QUERY, subtasks: ["One", "Two"] }, config);
    expect(isInterrupted(paused)).toBe(true);
    expect(isInterrupted(paused) && paused[INTERRUPT][0]!.value).toEqual({ plan: ["One", "Two"], query: QUERY });
    const done = await graph.invoke(new Command({ resume: { action: "edit", plan: ["Just one"] } }), config);
    expect(done.status).toBe("completed");
    expect(done.results.map((r) => r.task)).toEqual(["Just one"]);
  });

  it("asks again, with the reason, when the resume value is not a decision", async () => {
    const { lead, dev } = team();
    const graph = createSequentialGraph({ retry: { maxAttempts: 1 } }).compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "graph-refused", agents: { lead, dev }, humanReview: true } };
    await graph.invoke({ query: QUERY, subtasks: ["One"] }, config);
    const refused = await graph.invoke(new Command({ resume: { action: "reject", reason: "" } }), config);
    expect(isInterrupted(refused) && refused[INTERRUPT][0]!.value).toEqual({
      plan: ["One"],
      query: QUERY,
      error: "review decision: reason: must not be empty",
    });
    expect(lead.calls.length + dev.calls.length).toBe(0);
    const done = await graph.invoke(new Command({ resume: { action: "approve" } }), config);
    expect(done.status).toBe("completed");
    expect(done.results.map((r) => r.task)).toEqual(["One"]);
  });

  it("validates resume values with zod", () => {
    expect(parseReviewDecision({ action: "approve" })).toEqual({ action: "approve" });
    expect(parseReviewDecision({ action: "edit", plan: [" Trimmed "] })).toEqual({ action: "edit", plan: ["Trimmed"] });
    expect(parseReviewDecision({ action: "reject" })).toEqual({ action: "reject" });
    expect(() => parseReviewDecision({ action: "edit", plan: [] })).toThrow("review decision: plan: must have at least one step");
    expect(() => parseReviewDecision("yes")).toThrow(/review decision: /);
  });
});
