import type { AgentSpec } from "../configuration.js";
import { findConfigFile, loadConfigFile } from "../configFile.js";
import { InvalidInputError, checkAgentReferences, parseOrThrow, OrchestratorOptionsSchema, type OrchestratorOptions } from "../input.js";
import { parseAgents, parseKeyValues } from "./args.js";

/** What a command runs with: agents and options from the flags and the config file. */
export interface CliConfig {
  /** The flags' agents, else the file's; undefined when neither names any (the defaults apply). */
  agents?: Record<string, AgentSpec>;
  options: OrchestratorOptions;
  /** The config file used, if any. */
  file?: string;
}

/**
 * Agents and options for `run` and `doctor`: `--agent` flags replace the
 * file's agents (and the defaults); the file's `mcpServers` and `options`
 * apply either way. A bad file is an `InvalidInputError` naming the file and
 * the field (exit 2).
 *
 * @param configFlag - the `--config` flag, if given
 * @param agentFlags - the `--agent name=model` flags, if given
 */
export function loadCliConfig(configFlag: string | undefined, agentFlags: string[] | undefined, env: NodeJS.ProcessEnv = process.env): CliConfig {
  const file = findConfigFile(configFlag, env);
  const fromFile = file ? loadConfigFile(file) : {};
  const agents = parseKeyValues("agent", agentFlags, "name=model") ?? fromFile.agents;
  const options: OrchestratorOptions = {
    ...fromFile.options,
    ...(fromFile.mcpServers ? { mcpServers: fromFile.mcpServers } : {}),
  };
  if (file) {
    // References across the file (an agent's MCP server, a fallback's agent) are the file's errors too.
    try {
      checkAgentReferences(agents ?? parseAgents(undefined), parseOrThrow(OrchestratorOptionsSchema, options), "options.");
    } catch (error) {
      if (error instanceof InvalidInputError) throw new InvalidInputError(`${file}: ${error.message}`);
      throw error;
    }
  }
  return { ...(agents ? { agents } : {}), options, ...(file ? { file } : {}) };
}

/** `name (model)` for progress lines, whatever form the agent takes. */
export function describeAgent(name: string, spec: AgentSpec): string {
  if (typeof spec === "string") return `${name} (${spec})`;
  const model = (spec as { model?: unknown }).model;
  const extras = [
    ...((spec as { mcp?: string[] }).mcp?.length ? [`mcp: ${(spec as { mcp: string[] }).mcp.join(", ")}`] : []),
    ...((spec as { baseUrl?: string }).baseUrl ? [`at ${(spec as { baseUrl: string }).baseUrl}`] : []),
  ];
  return `${name} (${typeof model === "string" ? model : "model"}${extras.length ? `; ${extras.join("; ")}` : ""})`;
}
