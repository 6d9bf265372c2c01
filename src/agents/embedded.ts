import { isAgentDefinition } from "./definitions.js";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { EmbeddedChatModel } from "../models/embeddedChatModel.js";
import { embeddedModelSpec, modelFilePath, modelSpecProblem } from "../models/modelCache.js";
import { EMBEDDED_ROLES } from "./prompts.js";

/** The agent string of the embedded model: `"embedded"` (the default model) or `"embedded:<model>"`. */
const EMBEDDED = /^embedded(?::(.+))?$/;

/** The model an `"embedded"` / `"embedded:<model>"` agent string names; undefined for an Ollama tag. */
export function embeddedModelOf(spec: string): string | undefined {
  const match = EMBEDDED.exec(spec.trim());
  if (!match) return undefined;
  return match[1]?.trim() || embeddedModelSpec();
}

/** Why an `embedded:<model>` agent string names no usable model (undefined when it does, or is no such string). */
export function embeddedSpecProblem(spec: string): string | undefined {
  const model = embeddedModelOf(spec);
  return model ? modelSpecProblem(model) : undefined;
}

/** The models of agent specs: an agent definition's `model`, else the spec itself. */
const modelsOf = (specs: Iterable<unknown>): unknown[] => [...specs].map((spec) => (isAgentDefinition(spec) ? spec.model : spec));

/** The embedded models (URI, URL or path) that `specs` run on, each once. */
export function embeddedModels(specs: Iterable<unknown>): string[] {
  const models = new Set<string>();
  for (const spec of modelsOf(specs)) {
    const model = typeof spec === "string" ? embeddedModelOf(spec) : spec instanceof EmbeddedChatModel ? spec.model : undefined;
    if (model) models.add(model);
  }
  return [...models];
}

/** The model files that `specs` run on in-process (for freeing them on `close()`). */
export function embeddedModelFiles(specs: Iterable<unknown>): string[] {
  const files = new Set<string>();
  for (const spec of modelsOf(specs)) {
    const model = typeof spec === "string" ? embeddedModelOf(spec) : undefined;
    if (model) files.add(modelFilePath(model));
    else if (spec instanceof EmbeddedChatModel) files.add(spec.modelFile);
  }
  return [...files];
}

/** The chat model of an `"embedded…"` agent string; an agent named after one of `EMBEDDED_ROLES` gets its system prompt. */
export const embeddedAgentModel = (model: string, agentName: string): BaseChatModel =>
  new EmbeddedChatModel({ model, ...(Object.hasOwn(EMBEDDED_ROLES, agentName) ? { instructions: EMBEDDED_ROLES[agentName] } : {}) });
