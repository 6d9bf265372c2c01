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
 * `mcpServers` or a `command` anywhere is refused, naming the key. Nor may a
 * caller make the server send requests where it likes: an agent's `baseUrl`
 * must be a host the server declares (`OLLAMA_BASE_URL`, the config file's
 * `hosts` and its agents' `baseUrl`s), and the file's `hosts` limits hold
 * whatever a run's own `hosts` says.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { ConfigurationError, RUN_RECURSION_LIMIT, ServedConfigurationSchema, getConfiguration, ollamaBaseUrl } from "./configuration.js";
import { chooseDefaultAgents } from "./agents/defaultAgents.js";
import { embeddedModelOf } from "./agents/embedded.js";
import { MCP_CONNECTIONS_KEY, McpConnections } from "./agents/mcp.js";
import { findConfigFile, loadConfigFile, type ConfigFile } from "./configFile.js";
import { HOST_POOL_KEY, HostPool, hostKey } from "./agents/hosts.js";
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
/** Keys the server sets for its runs (the hosts under the config file's limits), never a run. */
const SERVER_KEYS = new Set([HOST_POOL_KEY]);

/**
 * Refuse a run configuration that tries to define an MCP server or a
 * command, or to replace what the server sets (its host pool), at any depth
 * of `configurable` or `context`.
 * @throws ConfigurationError naming the key's path
 */
function rejectForbiddenKeys(config: LangGraphRunnableConfig): void {
  const visit = (value: unknown, path: string): void => {
    if (typeof value !== "object" || value === null) return;
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}.${key}`;
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ConfigurationError(
          `${at}: a run's configuration cannot define MCP servers or commands; MCP servers come from the server's config file (llmgenie.config.json beside langgraph.json)`,
        );
      }
      if (SERVER_KEYS.has(key)) throw new ConfigurationError(`${at}: set by the server for its runs; a run's configuration cannot set it`);
      visit(item, at);
    }
  };
  visit(config.configurable, "configurable");
  visit((config as { context?: unknown }).context, "context");
}

/** What the server's config file sets: the file, and the hosts it declares, under its limits. */
interface ServedSetup {
  path: string | undefined;
  file: ConfigFile;
  /** The served runs' hosts: the file's limits hold whatever a run's `hosts` says. */
  hostPool: HostPool;
}

/** The server's config file (`llmgenie.config.json` beside `langgraph.json`, or `LLMGENIE_CONFIG`), read once per path. */
let served: ServedSetup | undefined;
function servedSetup(): ServedSetup {
  const path = findConfigFile();
  if (served === undefined || served.path !== path) {
    const file = path ? loadConfigFile(path) : {};
    served = { path, file, hostPool: new HostPool(file.options?.hosts) };
  }
  return served;
}

/** The MCP servers of the server's config file, connected on first use, shared by every run. */
let servedMcp: McpConnections | undefined;
function servedMcpConnections(): McpConnections {
  if (!servedMcp) {
    servedMcp = new McpConnections(servedSetup().file.mcpServers ?? {});
    // A stdio server also ends when our stdin closes; this covers an orderly exit.
    process.once("beforeExit", () => void servedMcp?.close());
  }
  return servedMcp;
}

/** The Ollama servers the server declares, as host keys: `OLLAMA_BASE_URL`, the config file's `hosts` and its agents' `baseUrl`s. */
function declaredHosts(file: ConfigFile): Set<string> {
  const agentUrls = Object.values(file.agents ?? {}).flatMap((spec) => (typeof spec === "object" && spec.baseUrl ? [spec.baseUrl] : []));
  return new Set([ollamaBaseUrl(), ...Object.keys(file.options?.hosts ?? {}), ...agentUrls].map(hostKey));
}

/**
 * A graph factory for the LangGraph server: refuses configurations that
 * define processes or send agents to hosts the server does not declare,
 * builds `factory`'s graph with the run-time options in
 * `config.configurable` and compiles it as `name` (the server attaches its
 * own checkpointer and store), with the server's MCP servers and hosts.
 */
export function servedGraph<Compiled extends { withConfig(config: LangGraphRunnableConfig): Compiled }>(
  factory: (options: ModeGraphOptions) => Compilable<Compiled>,
  name: string,
): (config?: LangGraphRunnableConfig) => Promise<Compiled> {
  return async (config = {}) => {
    rejectForbiddenKeys(config);
    const { agents, agentTimeoutMs, tokenBudget } = getConfiguration(config);
    const { file, hostPool } = servedSetup();
    checkServedAgents(agents, declaredHosts(file));
    // No agents in the run or assistant config: the default set, on the embedded model when no Ollama answers.
    const defaults = agentsGiven(config) ? undefined : await chooseDefaultAgents();
    return factory({ agentTimeoutMs, configSchema: ServedConfigurationSchema })
      .compile({ name })
      .withConfig({
        recursionLimit: RUN_RECURSION_LIMIT,
        ...(tokenBudget ? { callbacks: [new TokenMeter(tokenBudget)] } : {}),
        configurable: {
          [MCP_CONNECTIONS_KEY]: servedMcpConnections(),
          [HOST_POOL_KEY]: hostPool,
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
 * server at a caller's request. Likewise an agent's `baseUrl` must be one of
 * the `hosts` the server declares: the server sends no request to an address
 * its caller picks.
 */
function checkServedAgents(agents: Record<string, unknown>, hosts: Set<string>): void {
  for (const [name, spec] of Object.entries(agents)) {
    const definition = typeof spec === "object" && spec !== null ? (spec as { model?: unknown; baseUrl?: unknown }) : undefined;
    const model = definition ? definition.model : spec;
    if (typeof model === "string" && model.trim() !== "embedded" && embeddedModelOf(model)) {
      const field = definition ? `agents.${name}.model` : `agents.${name}`;
      throw new ConfigurationError(`${field}: a run cannot choose the embedded model file ("${model}"); use "embedded" (the server's LLMGENIE_MODEL)`);
    }
    if (typeof definition?.baseUrl === "string" && !hosts.has(hostKey(definition.baseUrl))) {
      throw new ConfigurationError(
        `agents.${name}.baseUrl: "${definition.baseUrl}" is not a host this server declares; the server's operator declares Ollama servers in the "hosts" option of its config file (llmgenie.config.json beside langgraph.json) or OLLAMA_BASE_URL`,
      );
    }
  }
}

/** Auto mode: classify, then the chosen mode as a subgraph. */
export const orchestrator = servedGraph(createOrchestratorGraph, "orchestrator");
export const parallel = servedGraph(createParallelGraph, "parallel");
export const sequential = servedGraph(createSequentialGraph, "sequential");
export const collaborative = servedGraph(createCollaborativeGraph, "collaborative");
export const cascade = servedGraph(createCascadeGraph, "cascade");
