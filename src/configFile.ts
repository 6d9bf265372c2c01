/**
 * The config file (spec: "Config file"): `llmgenie.config.json` in the
 * working directory, or the file `--config` or `LLMGENIE_CONFIG` names. It
 * holds what flags cannot express: agents with instructions and MCP servers,
 * the MCP servers, and options. The CLI reads it, and so do the served graphs
 * (the file beside `langgraph.json`), which take their MCP servers only from
 * it and may call only the Ollama servers it declares (`options.hosts`).
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { JsonAgentSpecSchema } from "./agents/definitions.js";
import { McpServersSchema } from "./agents/mcp.js";
import { formatZodError } from "./configuration.js";
import { InvalidInputError, OrchestratorOptionsSchema } from "./input.js";

export const CONFIG_FILE_NAME = "llmgenie.config.json";
export const CONFIG_FILE_ENV = "LLMGENIE_CONFIG";

/** The options a JSON file can set (not `mcpServers`: that is a top-level key). */
const FileOptionsSchema = OrchestratorOptionsSchema.omit({ mcpServers: true, checkpointer: true }).strict();

export const ConfigFileSchema = z.strictObject({
  agents: z
    .record(z.string().min(1), JsonAgentSpecSchema)
    .refine((agents) => Object.keys(agents).length > 0, { message: "must name at least one agent" })
    .optional(),
  mcpServers: McpServersSchema.optional(),
  options: FileOptionsSchema.optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/**
 * Which config file applies: `explicit` (a `--config` flag), else
 * `LLMGENIE_CONFIG`, else `llmgenie.config.json` in `cwd` if there is one.
 */
export function findConfigFile(explicit?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const named = explicit ?? (env[CONFIG_FILE_ENV] || undefined);
  if (named) return resolve(cwd, named);
  const beside = resolve(cwd, CONFIG_FILE_NAME);
  return existsSync(beside) ? beside : undefined;
}

/**
 * Read and validate a config file.
 * @throws InvalidInputError naming the file and the field (`llmgenie.config.json: agents.x.mcp: …`)
 */
export function loadConfigFile(path: string): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new InvalidInputError(`${path}: cannot read the config file (${reason})`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidInputError(`${path}: ${formatZodError(parsed.error)}`);
  return parsed.data;
}
