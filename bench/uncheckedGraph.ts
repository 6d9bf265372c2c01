/**
 * The parallel mode graph with LangGraph's check of node updates turned off:
 * its ratio to the mode graph is what the zod state costs on the fan-out's
 * path (LangGraph 1.7.3 validates every node's update against a
 * `StateSchema`; a graph on `Annotation` state is not checked). A measuring
 * instrument only: it swaps the schema LangGraph reads at run time (a field
 * LangGraph does not export) for one whose `validateInput` passes updates as
 * they are; the graph's input is still checked (`ModeInput`).
 */
import { createParallelGraph } from "../src/graphs/parallel.js";
import { OrchestrationState } from "../src/state/state.js";

export function createUncheckedParallelGraph() {
  const builder = createParallelGraph();
  const unchecked = Object.create(OrchestrationState, { validateInput: { value: async (update: unknown) => update } }) as typeof OrchestrationState;
  (builder as unknown as { _schemaRuntimeDefinition: unknown })._schemaRuntimeDefinition = unchecked;
  return builder.compile();
}
