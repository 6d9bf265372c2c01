import { ChatOllama } from "@langchain/ollama";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { ollamaBaseUrl, type AgentSpec, type Configuration } from "../configuration.js";
import { embeddedAgentModel, embeddedModelOf } from "./embedded.js";
import { isAgentDefinition, isLangGraphAgent, type LangGraphAgent } from "./definitions.js";
import { ollamaModel } from "./ollamaModel.js";

export interface ResolvedAgent {
  name: string;
  /** Model tag or model name, as reported in `AgentResult.model`. */
  modelName: string;
  /** The chat model; absent only for a LangGraph agent that does not expose one. */
  model?: BaseChatModel;
  /** Where the model is served: its Ollama server (Ollama agents only), for limits and error messages. */
  baseUrl?: string;
  /** The agent's own system prompt, before the task prompt. */
  instructions?: string;
  /** Tools given in code. */
  tools?: StructuredToolInterface[];
  /** MCP servers whose tools it may use. */
  mcp?: string[];
  /** Its own tool-call limit per attempt, if it sets one. */
  maxToolCalls?: number;
  /** A LangGraph agent run as given (a Runnable over `{ messages }`). */
  graph?: LangGraphAgent;
}

/** An agent that has a chat model: what planning, merging, judging and classifying need. */
export type ChatAgent = ResolvedAgent & { model: BaseChatModel };

/** A display name for any chat model. */
export function modelNameOf(model: BaseChatModel): string {
  const m = model as unknown as { model?: string; modelName?: string };
  return m.model ?? m.modelName ?? model.getName();
}

/** A model given as a tag (on `baseUrl`, default `OLLAMA_BASE_URL`), `embedded[:<model>]` (in-process; the agent's name picks its role), or a chat model. */
function resolveModel(name: string, spec: string | BaseChatModel, baseUrl?: string): Pick<ChatAgent, "modelName" | "model" | "baseUrl"> {
  if (typeof spec === "string") {
    const embedded = embeddedModelOf(spec);
    if (embedded) return { modelName: spec, model: embeddedAgentModel(embedded, name) };
    const url = baseUrl ?? ollamaBaseUrl();
    return { modelName: spec, model: ollamaModel(spec, url), baseUrl: url };
  }
  return { modelName: modelNameOf(spec), model: spec, baseUrl: spec instanceof ChatOllama ? spec.baseUrl : undefined };
}

/** A LangGraph agent; a `createAgent` agent lends its chat model for planning and judging. */
function resolveGraph(name: string, graph: LangGraphAgent): ResolvedAgent {
  const own = (graph as { options?: { model?: unknown } }).options?.model;
  const model = typeof own === "object" && own !== null && typeof (own as BaseChatModel)._llmType === "function" ? (own as BaseChatModel) : undefined;
  const graphName = (graph as { name?: unknown; getName?: () => string }).name;
  return {
    name,
    modelName: model ? modelNameOf(model) : typeof graphName === "string" && graphName ? graphName : "langgraph-agent",
    ...(model ? { model, ...(model instanceof ChatOllama ? { baseUrl: model.baseUrl } : {}) } : {}),
    graph,
  };
}

/** An agent from its spec: a tag or chat model, a definition, or a LangGraph agent. */
export function resolveAgentSpec(name: string, spec: string | BaseChatModel): ChatAgent;
export function resolveAgentSpec(name: string, spec: AgentSpec): ResolvedAgent;
export function resolveAgentSpec(name: string, spec: AgentSpec): ResolvedAgent {
  if (typeof spec === "string" || (!isAgentDefinition(spec) && !isLangGraphAgent(spec))) {
    return { name, ...resolveModel(name, spec as string | BaseChatModel) };
  }
  if (isLangGraphAgent(spec)) return resolveGraph(name, spec);
  return {
    name,
    ...resolveModel(name, spec.model, spec.baseUrl),
    ...(spec.instructions ? { instructions: spec.instructions } : {}),
    tools: spec.tools ?? [],
    mcp: spec.mcp ?? [],
    ...(spec.maxToolCalls !== undefined ? { maxToolCalls: spec.maxToolCalls } : {}),
  };
}

/** The configured agents, in declaration order. */
export function resolveAgents(configuration: Configuration): ResolvedAgent[] {
  return Object.entries(configuration.agents).map(([name, spec]) => resolveAgentSpec(name, spec));
}

/** Look an agent up by name, or explain which names exist. */
export function getAgent(configuration: Configuration, name: string): ResolvedAgent {
  const spec = configuration.agents[name];
  if (spec === undefined) {
    throw new Error(`unknown agent "${name}" (agents: ${Object.keys(configuration.agents).join(", ")})`);
  }
  return resolveAgentSpec(name, spec);
}

/** The agent by name, if it has a chat model (coordinator roles need one). */
export function getChatAgent(configuration: Configuration, name: string): ChatAgent {
  const agent = getAgent(configuration, name);
  if (!agent.model) throw new Error(`agent "${name}" is a LangGraph agent without a chat model; it cannot plan, merge, judge or classify`);
  return agent as ChatAgent;
}

/**
 * Agent for planning, merging and LLM classification: `planner`, else the
 * first agent that has a chat model.
 */
export function coordinatorAgent(configuration: Configuration): ChatAgent {
  if (configuration.planner) return getChatAgent(configuration, configuration.planner);
  const first = resolveAgents(configuration).find((agent) => agent.model);
  if (!first) throw new Error("no agent has a chat model to plan, merge or classify with");
  return first as ChatAgent;
}
