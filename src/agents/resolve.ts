import { ChatOllama } from "@langchain/ollama";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { ollamaBaseUrl, type AgentSpec, type Configuration } from "../configuration.js";
import { embeddedAgentModel, embeddedModelOf } from "./embedded.js";

export interface ResolvedAgent {
  name: string;
  /** Model tag or model name, as reported in `AgentResult.model`. */
  modelName: string;
  model: BaseChatModel;
  /** Where the model is served, for error messages (Ollama agents only). */
  baseUrl?: string;
}

/**
 * `ChatOllama` only notices an abort between stream chunks, so a hung request
 * would stay open. Tying each fetch to the signal of the LangGraph node that
 * issued it closes the socket on cancellation and when the agent time limit hits.
 */
const fetchBoundToNodeSignal: typeof fetch = (input, init) => {
  const nodeSignal: AbortSignal | undefined = AsyncLocalStorageProviderSingleton.getRunnableConfig()?.signal;
  if (!nodeSignal) return fetch(input, init);
  const signal = init?.signal ? AbortSignal.any([init.signal, nodeSignal]) : nodeSignal;
  return fetch(input, { ...init, signal });
};

/**
 * A `ChatOllama` for a tag. Not shared between calls: on an abort it calls
 * `client.abort()`, which would cancel every other stream of a shared client.
 */
export function ollamaModel(tag: string, baseUrl = ollamaBaseUrl()): ChatOllama {
  return new ChatOllama({ model: tag, baseUrl, fetch: fetchBoundToNodeSignal });
}

/** A display name for any chat model. */
export function modelNameOf(model: BaseChatModel): string {
  const m = model as unknown as { model?: string; modelName?: string };
  return m.model ?? m.modelName ?? model.getName();
}

export function resolveAgentSpec(name: string, spec: AgentSpec): ResolvedAgent {
  if (typeof spec === "string") {
    const embedded = embeddedModelOf(spec);
    if (embedded) return { name, modelName: spec, model: embeddedAgentModel(embedded, name) };
    const baseUrl = ollamaBaseUrl();
    return { name, modelName: spec, model: ollamaModel(spec, baseUrl), baseUrl };
  }
  const baseUrl = spec instanceof ChatOllama ? spec.baseUrl : undefined;
  return { name, modelName: modelNameOf(spec), model: spec, baseUrl };
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

/** Agent for planning, merging and LLM classification: `planner`, else the first agent. */
export function coordinatorAgent(configuration: Configuration): ResolvedAgent {
  return getAgent(configuration, configuration.planner ?? Object.keys(configuration.agents)[0]!);
}
