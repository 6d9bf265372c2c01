import { z } from "zod";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { RunnableConfig } from "@langchain/core/runnables";
import { AgentSpecSchema, DEFAULT_MAX_TOOL_CALLS, ServedAgentSpecSchema, isChatModel } from "./agents/definitions.js";
import { RUN_SCOPE_KEY } from "./runScope.js";

/** The agent set used when none is given (spec: interface.md). */
export const DEFAULT_AGENTS: Record<string, string> = {
  mistral: "mistral:7b-instruct",
  codellama: "codellama:7b-instruct",
  llama3: "llama3:latest",
};

export const DEFAULT_OLLAMA_BASE_URL = "http://127.0.0.1:11434";
export const DEFAULT_AGENT_TIMEOUT_MS = 120_000;
/** Cascade: an answer scoring below this (without tests that pass) goes to the next agent. */
export const DEFAULT_CASCADE_THRESHOLD = 0.7;
export const DEFAULT_TOOL_TIMEOUT_MS = 30_000;
/** LangGraph recursion limit of a run: deep enough for sequential plans of many steps with fallback rounds. */
export const RUN_RECURSION_LIMIT = 100_000;

/** Ollama base URL from `OLLAMA_BASE_URL`, read at call time so tests and users can change it. */
export const ollamaBaseUrl = (): string => process.env.OLLAMA_BASE_URL || DEFAULT_OLLAMA_BASE_URL;

export { AgentSpecSchema, type AgentSpec } from "./agents/definitions.js";

const positiveInt = z
  .number({ message: "must be a positive integer" })
  .int({ message: "must be a positive integer" })
  .positive({ message: "must be a positive integer" });

/** `hosts`: Ollama base URL → its limits (see `src/agents/hosts.ts`); `http://gpu:11434/` and `http://gpu:11434` name one host. */
export const HostsSchema = z
  .record(
    z.string().min(1),
    z
      .object({
        maxParallel: positiveInt.optional().describe("Calls in flight to this host at most (default 4)"),
        maxModels: positiveInt.optional().describe("Models this host holds in memory at once (default 1)"),
      })
      .strict(),
  );

/** A model by Ollama tag (or, for the judge, an agent name) or a LangChain chat model. */
export const ChatModelSpecSchema = z.custom<string | BaseChatModel>(
  (value) => (typeof value === "string" && value.trim().length > 0) || isChatModel(value),
  { message: "must be a non-empty Ollama model tag or a LangChain chat model" },
);

/**
 * Run-time configuration, read from `config.configurable` (and a run's
 * `context`). Graphs served by the LangGraph server get it from the
 * assistant's config (Studio's form) and the run's own, the
 * `AgentOrchestrator` from its options.
 */
export const ConfigurationSchema = z.object({
  agents: z
    .record(z.string().min(1), AgentSpecSchema)
    .refine((agents) => Object.keys(agents).length > 0, { message: "must name at least one agent" })
    .default(DEFAULT_AGENTS)
    .describe("Agents by name: Ollama model tags, agent definitions (or chat models and LangGraph agents from code)"),
  judge: ChatModelSpecSchema.optional().describe(
    "Agent name or model that judges collaborative candidates; omitted: rules only",
  ),
  classifier: z
    .string()
    .default("rules")
    .describe('"rules" (instant, default), "llm" (first agent) or an agent name'),
  planner: z
    .string()
    .optional()
    .describe("Agent that plans subtasks and merges parallel results; default: the first agent"),
  fallbacks: z
    .record(z.string(), z.array(z.string()))
    .default({})
    .describe("Per agent, the agents that take over its task when it fails"),
  humanReview: z
    .boolean()
    .default(false)
    .describe("Sequential: pause after the plan for a person to approve, edit or reject it"),
  maxConcurrency: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Agent calls in flight at once; default: unlimited"),
  agentTimeoutMs: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(`Time limit of one agent call in ms; then it counts as failed. Default ${DEFAULT_AGENT_TIMEOUT_MS}`),
  tokenBudget: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Tokens (input + output, all calls) a run may use; then no new model call starts and the run ends partial"),
  cascade: z
    .array(z.string().min(1))
    .min(1)
    .optional()
    .describe("Cascade mode: agent names, cheapest first; default: all agents in their order"),
  cascadeThreshold: z
    .number()
    .min(0)
    .max(1)
    .default(DEFAULT_CASCADE_THRESHOLD)
    .describe(`Cascade mode: an answer scoring below this goes to the next agent (unless tests decide). Default ${DEFAULT_CASCADE_THRESHOLD}`),
  maxToolCalls: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_MAX_TOOL_CALLS)
    .describe(`Tool calls one agent attempt may make; more fails the attempt. Default ${DEFAULT_MAX_TOOL_CALLS}`),
  toolTimeoutMs: z
    .number()
    .int()
    .positive()
    .default(DEFAULT_TOOL_TIMEOUT_MS)
    .describe(`Time limit of one tool call in ms; then the model is told it timed out. Default ${DEFAULT_TOOL_TIMEOUT_MS}`),
  hosts: HostsSchema.default({}).describe(
    "Per Ollama base URL: { maxParallel, maxModels }, e.g. { \"http://127.0.0.1:11434\": { \"maxParallel\": 2 } }",
  ),
});
export type Configuration = z.infer<typeof ConfigurationSchema>;

/**
 * The configuration a LangGraph server run can carry: JSON only, so agents
 * and the judge are Ollama tags or agent names, never model objects. The
 * served graphs declare it as their LangGraph `context` schema, which is what
 * the server reports as `config_schema` (Studio's assistant form).
 */
export const ServedConfigurationSchema = ConfigurationSchema.extend({
  agents: z
    .record(z.string().min(1), ServedAgentSpecSchema)
    .refine((agents) => Object.keys(agents).length > 0, { message: "must name at least one agent" })
    .default(DEFAULT_AGENTS)
    .describe(
      "Agents by name → Ollama model tag, e.g. { \"coder\": \"codellama:7b-instruct\" }, or { model, baseUrl?, instructions?, mcp? } (mcp: servers of the server's config file)",
    ),
  judge: z
    .string()
    .min(1)
    .optional()
    .describe("Agent (by name) that judges collaborative candidates; omitted: rules only"),
});

/** Keys of the run configuration, in schema order. */
const CONFIGURATION_KEYS = Object.keys(ConfigurationSchema.shape) as (keyof Configuration)[];

/**
 * The last parse in each run (keyed by the run's scope object, see
 * `src/runScope.ts`): every node of a run, and every task of a fan-out, reads
 * the same settings, each from a fresh `configurable` object LangGraph builds
 * per task. A hit needs every setting to be the very same value, so it
 * returns what parsing would; a new run parses afresh.
 */
const parsedConfigurations = new WeakMap<object, { picked: Partial<Record<string, unknown>>; parsed: Configuration }>();

/** Parse the run configuration (`context`, then `configurable`), naming the bad field on error. */
export function getConfiguration(config?: RunnableConfig): Configuration {
  // A LangGraph server run may carry the assistant's settings as runtime
  // `context` (Studio edits it through the graph's context schema);
  // `configurable` keys win over it.
  const context = (config as { context?: unknown } | undefined)?.context;
  const fromContext = typeof context === "object" && context !== null ? (context as Record<string, unknown>) : {};
  const configurable = config?.configurable ?? {};
  const picked: Partial<Record<string, unknown>> = {};
  for (const key of CONFIGURATION_KEYS) {
    const value = Object.hasOwn(configurable, key) ? configurable[key] : fromContext[key];
    if (value !== undefined && value !== null) picked[key] = value;
  }
  const scope: unknown = configurable[RUN_SCOPE_KEY];
  const run = typeof scope === "object" && scope !== null ? scope : undefined;
  const cached = run && parsedConfigurations.get(run);
  if (cached && sameSettings(cached.picked, picked)) return cached.parsed;
  const parsed = ConfigurationSchema.safeParse(picked);
  if (!parsed.success) throw new ConfigurationError(formatZodError(parsed.error));
  if (run) parsedConfigurations.set(run, { picked, parsed: parsed.data });
  return parsed.data;
}

const sameSettings = (a: Partial<Record<string, unknown>>, b: Partial<Record<string, unknown>>): boolean =>
  CONFIGURATION_KEYS.every((key) => a[key] === b[key]);

export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

/** "agents.foo: must be ..." — the dotted path first, so the field is named. */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join(".") || "(input)"}: ${issue.message}`)
    .join("; ");
}
