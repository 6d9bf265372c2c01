/**
 * The graphs that `langgraph.json` registers for the LangGraph server and
 * Studio. Each export is a graph factory: the server calls it with the run's
 * config (assistant config merged with the run's), so every run gets a graph
 * built with that run's `configurable`:
 *
 * - `agents` (Ollama tags), `judge`, `classifier`, `planner`, `fallbacks`,
 *   `humanReview`: read by the nodes at run time, as for any caller;
 * - `agentTimeoutMs`: the agent time limit, also given to the factory as
 *   the graph's default;
 * - `maxConcurrency`: read when the run starts; the run gets its own cap
 *   on agent calls (`src/agents/limits.ts`).
 *
 * The graphs declare `ServedConfigurationSchema` as their context schema; the
 * server reports it as `config_schema`, which Studio renders as the
 * assistant's config form.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { RUN_RECURSION_LIMIT, ServedConfigurationSchema, getConfiguration } from "./configuration.js";
import type { ModeGraphOptions } from "./graphs/agentWork.js";
import { createOrchestratorGraph } from "./graphs/orchestrator.js";
import { createParallelGraph } from "./graphs/parallel.js";
import { createSequentialGraph } from "./graphs/sequential.js";
import { createCollaborativeGraph } from "./graphs/collaborative.js";

/** What a served graph's factory needs of a compiled graph. */
interface Compilable<Compiled> {
  compile(options: { name: string }): Compiled;
}

/**
 * A graph factory for the LangGraph server: builds `factory`'s graph with the
 * run-time options in `config.configurable` and compiles it as `name` (the
 * server attaches its own checkpointer and store).
 */
export function servedGraph<Compiled extends { withConfig(config: LangGraphRunnableConfig): Compiled }>(
  factory: (options: ModeGraphOptions) => Compilable<Compiled>,
  name: string,
): (config?: LangGraphRunnableConfig) => Compiled {
  return (config = {}) => {
    const { agentTimeoutMs } = getConfiguration(config);
    return factory({ agentTimeoutMs, configSchema: ServedConfigurationSchema })
      .compile({ name })
      .withConfig({ recursionLimit: RUN_RECURSION_LIMIT });
  };
}

/** Auto mode: classify, then the chosen mode as a subgraph. */
export const orchestrator = servedGraph(createOrchestratorGraph, "orchestrator");
export const parallel = servedGraph(createParallelGraph, "parallel");
export const sequential = servedGraph(createSequentialGraph, "sequential");
export const collaborative = servedGraph(createCollaborativeGraph, "collaborative");
