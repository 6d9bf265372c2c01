/**
 * Validation of `selectBest` input with zod. Errors name the field
 * ("candidates: must contain at least one candidate") so a caller can fix the
 * call without reading a stack trace.
 */
import { z } from "zod";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { ChatAgent } from "../agents/resolve.js";
import type { SelectBestInput } from "./types.js";

/** A LangChain chat model: has `invoke` and `withStructuredOutput`. */
export function isChatModel(value: unknown): value is BaseChatModel {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as BaseChatModel).invoke === "function" &&
    typeof (value as BaseChatModel).withStructuredOutput === "function"
  );
}

/** An agent already resolved by `resolveAgentSpec`: `{ name, modelName, model }`. */
export function isResolvedAgent(value: unknown): value is ChatAgent {
  const agent = value as ChatAgent;
  return typeof value === "object" && value !== null && typeof agent.name === "string" && typeof agent.modelName === "string" && isChatModel(agent.model);
}

const SandboxSchema = z.strictObject({
  timeoutMs: z.number().int().positive().max(600_000).optional(),
  memoryMb: z.number().int().min(16).max(16_384).optional(),
  concurrency: z.number().int().positive().max(64).optional(),
});

export const SelectBestInputSchema = z.strictObject({
  query: z.string({ error: "must be a string" }).refine((q) => q.trim().length > 0, "must not be empty"),
  candidates: z.array(z.string({ error: "must be a string" }), { error: "must be an array of strings" }).min(1, "must contain at least one candidate"),
  tests: z.string({ error: "must be a string of JavaScript" }).optional(),
  judge: z
    .custom<BaseChatModel | ChatAgent>((v) => isChatModel(v) || isResolvedAgent(v), { message: "must be a LangChain chat model or a resolved agent" })
    .optional(),
  executeCode: z.boolean({ error: "must be a boolean" }).optional(),
  sandbox: SandboxSchema.optional(),
});

function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "input";
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

/** Parse and validate; throws `Error("<field>: <problem>")` on the first problem. */
export function parseSelectBestInput(input: unknown): SelectBestInput {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new Error("input: must be an object with query and candidates");
  const parsed = SelectBestInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === "unrecognized_keys" ? ` (${issue.keys.join(", ")})` : "";
    throw new Error(`${pathOf(issue.path)}: ${issue.message}${keys}`);
  }
  return parsed.data as SelectBestInput;
}
