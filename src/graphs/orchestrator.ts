import { END, START, StateGraph } from "@langchain/langgraph";
import { classify } from "../nodes/classify.js";
import { OrchestrationInput, OrchestrationOutput, OrchestrationState, type OrchestrationStateType } from "../state/state.js";
import type { ExecutionMode } from "../state/schemas.js";
import { createParallelGraph } from "./parallel.js";
import { createSequentialGraph } from "./sequential.js";
import { createCollaborativeGraph } from "./collaborative.js";
import { createCascadeGraph, type CascadeGraphOptions } from "./cascade.js";
import { modeTracing } from "../tracing.js";
import { withLlmgenieRuntime } from "./compile.js";

/** Follow the mode the caller gave, or the one the classifier suggested. */
const routeToMode = (state: OrchestrationStateType): ExecutionMode =>
  state.executionMode ?? state.classification?.suggestedMode ?? "collaborative";

/**
 * Auto mode: classify the query → run the chosen mode as a subgraph (so
 * Studio shows its inside) → the mode graph finalizes the result and metrics.
 * A given `executionMode` is kept; the classification still informs planning.
 *
 * @param options - retry and per-agent timeout, passed to every mode graph; `executeCode` for cascade tests
 * @returns the graph builder; `.compile()` it, or add nodes first
 */
export function createOrchestratorGraph(options: CascadeGraphOptions = {}) {
  const graph = new StateGraph(OrchestrationState, { input: OrchestrationInput, output: OrchestrationOutput, context: options.configSchema })
    .addNode("classify", classify)
    .addNode("collaborative", createCollaborativeGraph(options).compile({ name: "collaborative" }).withConfig(modeTracing("collaborative")))
    .addNode("parallel", createParallelGraph(options).compile({ name: "parallel" }).withConfig(modeTracing("parallel")))
    .addNode("sequential", createSequentialGraph(options).compile({ name: "sequential" }).withConfig(modeTracing("sequential")))
    .addNode("cascade", createCascadeGraph(options).compile({ name: "cascade" }).withConfig(modeTracing("cascade")))
    .addEdge(START, "classify")
    .addConditionalEdges("classify", routeToMode, ["parallel", "sequential", "collaborative", "cascade"])
    .addEdge("cascade", END)
    .addEdge("parallel", END)
    .addEdge("sequential", END)
    .addEdge("collaborative", END);
  return withLlmgenieRuntime(graph);
}
