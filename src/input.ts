import { z } from "zod";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { ChatModelSpecSchema, HostsSchema, formatZodError } from "./configuration.js";
import { McpServersSchema } from "./agents/mcp.js";
import { isAgentDefinition, isLangGraphAgent, type AgentSpec } from "./agents/definitions.js";
import { ExecutionModeSchema } from "./state/schemas.js";
import { isPostgresUrl } from "./checkpointer.js";
import { PricesSchema } from "./cost.js";
import type { RunStore } from "./store/types.js";

/** Longest accepted query, in characters. */
export const MAX_QUERY_CHARS = 100_000;
/** Most subtasks or steps one run accepts. */
export const MAX_SUBTASKS = 10_000;

/** Invalid input or options; the message names the field. The CLI exits 2 on it. */
export class InvalidInputError extends Error {
  override name = "InvalidInputError";
}

/**
 * Why `value` would not survive `JSON.stringify` intact (a function or
 * `undefined` dropped, a BigInt or cycle throwing, NaN turned into null, a Map
 * into {}), with the path to the offending part; undefined when it would.
 * Object properties that are `undefined` are fine: JSON leaves them out.
 */
export function jsonProblem(value: unknown, path: (string | number)[] = [], seen = new Set<object>()): { path: (string | number)[]; found: string } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { path, found: String(value) };
  if (typeof value === "bigint") return { path, found: "a BigInt" };
  if (typeof value === "function") return { path, found: "a function" };
  if (typeof value === "symbol") return { path, found: "a symbol" };
  if (value === undefined) return { path, found: "undefined" };
  const object = value as object;
  if (seen.has(object)) return { path, found: "a circular reference" };
  seen.add(object);
  try {
    if (Array.isArray(object)) {
      for (const [i, item] of object.entries()) {
        const problem = jsonProblem(item, [...path, i], seen);
        if (problem) return problem;
      }
      return undefined;
    }
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return jsonProblem(toJSON.call(object), path, seen); // Date and friends
    const proto = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) return { path, found: `a ${object.constructor?.name ?? "non-plain object"}` };
    for (const [key, item] of Object.entries(object)) {
      if (item === undefined) continue;
      const problem = jsonProblem(item, [...path, key], seen);
      if (problem) return problem;
    }
    return undefined;
  } finally {
    seen.delete(object);
  }
}

/** Longest timeout Node's timers accept (2^31 - 1 ms, ~24.8 days); longer ones would fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

const positiveInt = z
  .number({ message: "must be a positive integer" })
  .int({ message: "must be a positive integer" })
  .positive({ message: "must be a positive integer" });
const timeoutMs = positiveInt.max(MAX_TIMEOUT_MS, { message: `must be at most ${MAX_TIMEOUT_MS} ms` });

export const OrchestrateInputSchema = z.object({
  query: z
    .string({ message: "must be a string" })
    .refine((q) => q.trim().length > 0, { message: "must not be empty" })
    .refine((q) => q.length <= MAX_QUERY_CHARS, { message: `must be at most ${MAX_QUERY_CHARS} characters` }),
  executionMode: ExecutionModeSchema.optional(),
  subtasks: z
    .array(z.string({ message: "must be a string" }).refine((s) => s.trim().length > 0, { message: "must not be empty" }))
    .min(1, { message: "must not be empty when given" })
    .max(MAX_SUBTASKS, { message: `must have at most ${MAX_SUBTASKS} items` })
    .optional(),
  context: z
    .record(z.string(), z.unknown())
    .superRefine((context, ctx) => {
      const problem = jsonProblem(context);
      if (problem) ctx.addIssue({ code: "custom", path: problem.path, message: `must be JSON-serialisable (found ${problem.found})` });
    })
    .optional(),
  tests: z
    .string({ message: "must be a string of JavaScript" })
    .refine((t) => t.trim().length > 0, { message: "must not be empty when given" })
    .optional(),
  threadId: z.string().min(1, { message: "must not be empty" }).optional(),
  signal: z.instanceof(AbortSignal, { message: "must be an AbortSignal" }).optional(),
});
export type OrchestrateInput = z.input<typeof OrchestrateInputSchema>;

export const OrchestratorOptionsSchema = z.object({
  maxConcurrency: positiveInt.optional(),
  agentTimeoutMs: timeoutMs.optional(),
  runTimeoutMs: timeoutMs.optional(),
  retry: z
    .object({ maxAttempts: positiveInt.optional(), initialIntervalMs: positiveInt.optional() })
    .strict()
    .optional(),
  fallbacks: z.record(z.string(), z.array(z.string())).optional(),
  classifier: z.string().min(1).optional(),
  judge: ChatModelSpecSchema.optional(),
  planner: z.string().min(1).optional(),
  humanReview: z.boolean({ message: "must be true or false" }).optional(),
  checkpointer: z
    .custom<BaseCheckpointSaver | string>(
      (v) =>
        (typeof v === "string" && isPostgresUrl(v)) || typeof (v as BaseCheckpointSaver)?.getTuple === "function",
      { message: "must be a LangGraph checkpoint saver or a postgres:// connection string" },
    )
    .optional(),
  checkpointPath: z.string().min(1).optional(),
  tokenBudget: positiveInt.optional(),
  cascade: z
    .array(z.string({ message: "must be an agent name" }).min(1, { message: "must be an agent name" }), { message: "must be a list of agent names" })
    .min(1, { message: "must name at least one agent" })
    .optional(),
  cascadeThreshold: z
    .number({ message: "must be a number from 0 to 1" })
    .min(0, { message: "must be a number from 0 to 1" })
    .max(1, { message: "must be a number from 0 to 1" })
    .optional(),
  executeCode: z.boolean({ message: "must be true or false" }).optional(),
  prices: PricesSchema.optional(),
  store: z
    .custom<boolean | string | RunStore>(
      (v) => typeof v === "boolean" || (typeof v === "string" && v.trim().length > 0) || typeof (v as RunStore)?.recordRun === "function",
      { message: "must be true, a SQLite file path, a postgres:// connection string or a run store" },
    )
    .optional(),
  explorationRate: z.number({ message: "must be a number from 0 to 1" }).min(0, { message: "must be a number from 0 to 1" }).max(1, { message: "must be a number from 0 to 1" }).optional(),
  explorationSeed: z.number({ message: "must be an integer" }).int({ message: "must be an integer" }).optional(),
  mcpServers: McpServersSchema.optional(),
  maxToolCalls: positiveInt.optional(),
  toolTimeoutMs: timeoutMs.optional(),
  hosts: HostsSchema.optional(),
});
export type OrchestratorOptions = z.input<typeof OrchestratorOptionsSchema>;

/** Parse with a schema; on failure throw `InvalidInputError` naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const message = formatZodError(parsed.error);
  // "agents.x: …" for a bad entry, "agents: …" for the whole value (whose path is empty).
  throw new InvalidInputError(prefix ? message.replace(/(^|; )(\(input\)(?=:))?/g, (_, start, whole) => `${start}${prefix}${whole ? "" : "."}`) : message);
}

/**
 * Cross-field checks: every agent named in fallbacks, judge, planner or
 * cascade or classifier exists (and the coordinator roles have a chat model), and every
 * MCP server an agent names is in `mcpServers`.
 *
 * @param optionsPath - where the options sit, for the messages (`"options."` in a config file)
 */
export function checkAgentReferences(
  agents: Record<string, AgentSpec>,
  options: z.infer<typeof OrchestratorOptionsSchema>,
  optionsPath = "",
): void {
  const agentNames = Object.keys(agents);
  const servers = Object.keys(options.mcpServers ?? {});
  for (const [name, spec] of Object.entries(agents)) {
    if (!isAgentDefinition(spec)) continue;
    const bad = spec.mcp?.find((server) => !servers.includes(server));
    if (bad) throw new InvalidInputError(`agents.${name}.mcp: unknown MCP server "${bad}" (mcpServers: ${servers.join(", ") || "none"})`);
  }
  /** An option's error, at its path. */
  const invalid = (field: string, message: string) => new InvalidInputError(`${optionsPath}${field}: ${message}`);
  for (const role of ["judge", "planner", "classifier"] as const) {
    const name = options[role];
    if (typeof name === "string" && isLangGraphAgent(agents[name])) {
      throw invalid(role, `agent "${name}" is a LangGraph agent; ${role === "judge" ? "judging" : role === "planner" ? "planning" : "classifying"} needs a chat model or an agent defined by one`);
    }
  }
  const known = new Set(agentNames);
  const unknown = (name: string) => !known.has(name);
  const unknownAgent = (field: string, name?: string) =>
    invalid(field, `unknown agent${name === undefined ? "" : ` "${name}"`} (agents: ${agentNames.join(", ")})`);
  for (const [agent, chain] of Object.entries(options.fallbacks ?? {})) {
    if (unknown(agent)) throw unknownAgent(`fallbacks.${agent}`);
    const bad = chain.find(unknown);
    if (bad) throw unknownAgent(`fallbacks.${agent}`, bad);
  }
  if (typeof options.judge === "string" && unknown(options.judge)) throw unknownAgent("judge", options.judge);
  if (options.planner && unknown(options.planner)) throw unknownAgent("planner", options.planner);
  const badRung = options.cascade?.find(unknown);
  if (badRung !== undefined) throw unknownAgent("cascade", badRung);
  if (options.classifier && !["rules", "llm", "learned"].includes(options.classifier) && unknown(options.classifier)) {
    throw invalid("classifier", `must be "rules", "llm" or an agent name, or "learned"; got "${options.classifier}"`);
  }
}
