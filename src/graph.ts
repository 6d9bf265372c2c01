/**
 * The graphs that `langgraph.json` registers for the LangGraph server and
 * Studio. Each export is a graph factory: the server calls it with the run's
 * config (assistant config merged with the run's), so every run gets a graph
 * built with that run's `configurable`:
 *
 * - `agents` (Ollama tags, or `"embedded"`; none: the defaults, on the
 *   embedded model when no Ollama answers), `judge`, `classifier`, `planner`, `fallbacks`,
 *   `humanReview`: read by the nodes at run time, as for any caller;
 * - `agentTimeoutMs`: the agent time limit, also given to the factory as
 *   the graph's default;
 * - `maxConcurrency`: read when the run starts; the run gets its own cap
 *   on agent calls (`src/agents/limits.ts`).
 * - `tokenBudget`: a fresh `TokenMeter` for the run, bound to its callbacks.
 *
 * Code never runs here: the cascade's `tests` are not executed for a served
 * run (its quality threshold decides), since nothing a caller of the server
 * sends may start a process.
 *
 * The graphs declare `ServedConfigurationSchema` as their context schema; the
 * server reports it as `config_schema`, which Studio renders as the
 * assistant's config form.
 *
 * Security: a caller of the server must never start a process or read a
 * file. Agents may name MCP servers (`mcp`), but the servers come only from
 * the server's own config file (`llmgenie.config.json` beside
 * `langgraph.json`, or `LLMGENIE_CONFIG`); a run whose configuration carries
 * `mcpServers` or a `command` anywhere is refused, naming the key.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ConfigurationError, RUN_RECURSION_LIMIT, ServedConfigurationSchema, getConfiguration } from "./configuration.js";
import { chooseDefaultAgents } from "./agents/defaultAgents.js";
import { embeddedModelOf } from "./agents/embedded.js";
import { MCP_CONNECTIONS_KEY, McpConnections } from "./agents/mcp.js";
import { findConfigFile, loadConfigFile } from "./configFile.js";
import type { ModeGraphOptions } from "./graphs/agentWork.js";
import { createOrchestratorGraph } from "./graphs/orchestrator.js";
import { createParallelGraph } from "./graphs/parallel.js";
import { createSequentialGraph } from "./graphs/sequential.js";
import { createCollaborativeGraph } from "./graphs/collaborative.js";
import { createCascadeGraph } from "./graphs/cascade.js";
import { TokenMeter } from "./agents/budget.js";

/** What a served graph's factory needs of a compiled graph. */
interface Compilable<Compiled> {
  compile(options: { name: string }): Compiled;
}

/** Keys a run's configuration may never hold: they would define a process to start. */
const FORBIDDEN_KEYS = new Set(["mcpServers", "command", MCP_CONNECTIONS_KEY]);

/**
 * Refuse a run configuration that tries to define an MCP server or a
 * command, at any depth of `configurable` or `context`.
 * @throws ConfigurationError naming the key's path
 */
export function rejectProcessKeys(config: LangGraphRunnableConfig): void {
  const visit = (value: unknown, path: string): void => {
    if (typeof value !== "object" || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ConfigurationError(
          `${at}: a run's configuration cannot define MCP servers or commands; MCP servers come from the server's config file (llmgenie.config.json beside langgraph.json)`,
        );
      }
      visit(item, at);
    }
  };
  visit(config.configurable, "configurable");
  visit((config as { context?: unknown }).context, "context");
}

/** The MCP servers of the server's config file, connected on first use, shared by every run. */
let servedMcp: McpConnections | undefined;
function servedMcpConnections(): McpConnections {
  if (!servedMcp) {
    const file = findConfigFile();
    servedMcp = new McpConnections(file ? (loadConfigFile(file).mcpServers ?? {}) : {});
    // A stdio server also ends when our stdin closes; this covers an orderly exit.
    process.once("beforeExit", () => void servedMcp?.close());
  }
  return servedMcp;
}

/**
 * A graph factory for the LangGraph server: refuses configurations that
 * define processes, builds `factory`'s graph with the run-time options in
 * `config.configurable` and compiles it as `name` (the server attaches its
 * own checkpointer and store), with the server's MCP servers.
 */
export function servedGraph<Compiled extends { withConfig(config: LangGraphRunnableConfig): Compiled }>(
  factory: (options: ModeGraphOptions) => Compilable<Compiled>,
  name: string,
): (config?: LangGraphRunnableConfig) => Promise<Compiled> {
  return async (config = {}) => {
    rejectProcessKeys(config);
    const { agents, agentTimeoutMs, tokenBudget } = getConfiguration(config);
    checkServedAgents(agents);
    // No agents in the run or assistant config: the default set, on the embedded model when no Ollama answers.
    const defaults = agentsGiven(config) ? undefined : await chooseDefaultAgents();
    return factory({ agentTimeoutMs, configSchema: ServedConfigurationSchema })
      .compile({ name })
      .withConfig({
        recursionLimit: RUN_RECURSION_LIMIT,
        ...(tokenBudget ? { callbacks: [new TokenMeter(tokenBudget)] } : {}),
        configurable: {
          [MCP_CONNECTIONS_KEY]: servedMcpConnections(),
          ...(defaults?.embedded ? { agents: defaults.agents } : {}),
        },
      });
  };
}

/** Did the run (or its assistant) name agents, in `configurable` or `context`? */
const agentsGiven = (config: LangGraphRunnableConfig): boolean =>
  config.configurable?.agents != null || (config as { context?: { agents?: unknown } }).context?.agents != null;

/**
 * A run may use the server's embedded model (`"embedded"`), never name
 * another: `embedded:<path or URL>` would read a file or fetch a URL on the
 * server at a caller's request.
 */
function checkServedAgents(agents: Record<string, unknown>): void {
  for (const [name, spec] of Object.entries(agents)) {
    const model = typeof spec === "object" && spec !== null ? (spec as { model?: unknown }).model : spec;
    if (typeof model === "string" && model.trim() !== "embedded" && embeddedModelOf(model)) {
      const field = model === spec ? `agents.${name}` : `agents.${name}.model`;
      throw new ConfigurationError(`${field}: a run cannot choose the embedded model file ("${model}"); use "embedded" (the server's LLMGENIE_MODEL)`);
    }
  }
}

/** Auto mode: classify, then the chosen mode as a subgraph. */
export const orchestrator = servedGraph(createOrchestratorGraph, "orchestrator");
export const parallel = servedGraph(createParallelGraph, "parallel");
export const sequential = servedGraph(createSequentialGraph, "sequential");
export const collaborative = servedGraph(createCollaborativeGraph, "collaborative");
export const cascade = servedGraph(createCascadeGraph, "cascade");
