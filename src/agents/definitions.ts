/**
 * What an agent can be (spec: "Agents that act"): an Ollama tag, a chat
 * model, an `AgentDefinition` (a model with instructions, tools and MCP
 * servers), or a LangGraph agent (any Runnable over `{ messages }`, such as
 * `createAgent(...)` from `langchain` or a compiled `StateGraph`).
 */
import { embeddedSpecProblem } from "./embedded.js";
import { z } from "zod";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";

/** Tool calls one agent attempt may make unless the agent or the options say otherwise. */
export const DEFAULT_MAX_TOOL_CALLS = 10;

/** A model with its own instructions, tools and MCP servers. */
export interface AgentDefinition {
  /** An Ollama tag or any LangChain chat model. */
  model: string | BaseChatModel;
  /** This agent's Ollama server (default `OLLAMA_BASE_URL`); only for a tag. */
  baseUrl?: string;
  /** System prompt of this agent, placed before llmgenie's task prompt. */
  instructions?: string;
  /** LangChain tools (from code). */
  tools?: StructuredToolInterface[];
  /** Names of servers in the `mcpServers` option whose tools this agent may use. */
  mcp?: string[];
  /** Tool calls per attempt; default: the `maxToolCalls` option (10). */
  maxToolCalls?: number;
}

/** Any LangGraph agent: invoked with `{ messages }`, answers with `{ messages }`. */
export interface LangGraphAgent {
  invoke(input: { messages: BaseMessage[] }, config?: RunnableConfig): Promise<{ messages: BaseMessage[] }>;
}

/** An agent, in any of the forms llmgenie runs. */
export type AgentSpec = string | BaseChatModel | AgentDefinition | LangGraphAgent;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** A LangChain chat model: a Runnable with `_llmType` and `withStructuredOutput`, unlike an agent graph. */
export function isChatModel(value: unknown): value is BaseChatModel {
  return (
    isObject(value) &&
    typeof value.invoke === "function" &&
    typeof value._llmType === "function" &&
    typeof value.withStructuredOutput === "function"
  );
}

/** A plain `{ model, … }` object literal: not a class instance, and not a duck-typed Runnable. */
export function isAgentDefinition(value: unknown): value is AgentDefinition {
  if (!isObject(value) || typeof value.invoke === "function") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A LangGraph agent: an invokable class instance that is not a chat model —
 * a `ReactAgent` from `createAgent`, a compiled graph, or any Runnable.
 */
export function isLangGraphAgent(value: unknown): value is LangGraphAgent {
  if (!isObject(value) || typeof value.invoke !== "function" || isChatModel(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== Object.prototype && proto !== null;
}

/** A LangChain tool as `createAgent` runs it. */
const isTool = (value: unknown): value is StructuredToolInterface =>
  isObject(value) && typeof value.name === "string" && value.name.length > 0 && typeof value.invoke === "function";

const isHttpUrl = (value: string): boolean => {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
};

const SPEC_MESSAGE =
  'must be a non-empty Ollama model tag or a LangChain chat model (or an agent definition { model, … }, a LangGraph agent: a Runnable over { messages }, or "embedded[:<model>]")';

/** The fields of an `AgentDefinition`; an unknown key is an error, so typos do not pass silently. */
export const AgentDefinitionSchema = z.strictObject({
  model: z.custom<string | BaseChatModel>(
    (value) => (typeof value === "string" && value.trim().length > 0) || isChatModel(value),
    { message: "must be a non-empty Ollama model tag or a LangChain chat model" },
  ),
  baseUrl: z
    .string({ message: "must be an http(s) URL" })
    .refine(isHttpUrl, { message: "must be an http(s) URL" })
    .optional(),
  instructions: z.string({ message: "must be a string" }).optional(),
  tools: z
    .array(z.custom<StructuredToolInterface>(isTool, { message: "must be a LangChain tool (with a name and invoke)" }), {
      message: "must be an array of LangChain tools",
    })
    .optional(),
  mcp: z.array(z.string().min(1, { message: "must not be empty" }), { message: "must be an array of MCP server names" }).optional(),
  maxToolCalls: z
    .number({ message: "must be a positive integer" })
    .int({ message: "must be a positive integer" })
    .positive({ message: "must be a positive integer" })
    .optional(),
});

/**
 * Any agent spec. A plain object is checked as an `AgentDefinition` field by
 * field, so a bad one is reported as `agents.<name>.<field>: …`.
 */
export const AgentSpecSchema = z.unknown().transform((value, ctx): AgentSpec => {
  if (typeof value === "string" && value.trim().length > 0) {
    const problem = embeddedSpecProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
    return value;
  }
  if (isChatModel(value) || isLangGraphAgent(value)) return value;
  if (isAgentDefinition(value)) {
    const parsed = AgentDefinitionSchema.safeParse(value);
    if (parsed.success) return parsed.data as AgentDefinition;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path as PropertyKey[], message: issue.message });
    return z.NEVER;
  }
  ctx.addIssue({ code: "custom", message: SPEC_MESSAGE });
  return z.NEVER;
});

/** An agent definition written as JSON (config file, served runs): a tag for the model, no tools from code. */
export const JsonAgentDefinitionSchema = AgentDefinitionSchema.omit({ tools: true }).extend({
  model: z.string({ message: "must be a non-empty Ollama model tag" }).trim().min(1, { message: "must be a non-empty Ollama model tag" }),
});

/**
 * An agent written as JSON: an Ollama tag or a definition, checked field by
 * field so an error names `agents.<name>.<field>`.
 */
export const JsonAgentSpecSchema = z.unknown().transform((value, ctx): string | z.infer<typeof JsonAgentDefinitionSchema> => {
  if (typeof value === "string" && value.trim().length > 0) return value.trim();
  if (isAgentDefinition(value)) {
    const parsed = JsonAgentDefinitionSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path as PropertyKey[], message: issue.message });
    return z.NEVER;
  }
  ctx.addIssue({ code: "custom", message: "must be an Ollama model tag or { model, baseUrl?, instructions?, mcp?, maxToolCalls? }" });
  return z.NEVER;
});

/**
 * An agent as a served graph's run configuration may give it: JSON only, no
 * tools from code; `mcp` names servers of the server's own config file.
 */
export const ServedAgentSpecSchema = z.union([
  z.string().trim().min(1),
  AgentDefinitionSchema.omit({ tools: true }).extend({
    model: z.string().trim().min(1).describe("Ollama model tag"),
    baseUrl: z.string().refine(isHttpUrl, { message: "must be an http(s) URL" }).optional().describe("This agent's Ollama server"),
    instructions: z.string().optional().describe("System prompt of this agent"),
    mcp: z.array(z.string().min(1)).optional().describe("MCP servers (defined on the server side) whose tools it may use"),
  }),
]);
