/** What a checkpointed thread says about its run: the plan it waits on, the mode it asked for. */
import type { RunnableConfig } from "@langchain/core/runnables";
import type { PlanReviewRequest } from "../nodes/reviewPlan.js";
import type { ExecutionMode } from "../state/schemas.js";
import type { OrchestratorGraph } from "./graphs.js";

/** The plan a paused thread waits on (the `reviewPlan` interrupt, inside a mode subgraph), if any. */
export async function pendingReview(graph: OrchestratorGraph, config: RunnableConfig): Promise<PlanReviewRequest | undefined> {
  const snapshot = await graph.getState(config);
  return snapshot.tasks
    .flatMap((task) => task.interrupts)
    .map((pending) => pending.value as PlanReviewRequest | undefined)
    .find((value) => Array.isArray(value?.plan));
}

/** The mode a thread's first input asked for (undefined: auto), from its input checkpoint. */
export async function requestedMode(graph: OrchestratorGraph, config: RunnableConfig): Promise<ExecutionMode | undefined> {
  let input: { executionMode?: ExecutionMode } | undefined;
  for await (const snapshot of graph.getStateHistory(config, { filter: { source: "input" } })) {
    input = snapshot.tasks.find((task) => task.name === "__start__")?.result as typeof input;
  }
  return input?.executionMode;
}
