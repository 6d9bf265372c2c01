/**
 * Which strategies an eval compares, and the eval's identity: a hash of the
 * dataset and the agents, so that running the same eval again resumes it
 * instead of starting over. Strategies are not part of it: each result is
 * stored per strategy, so adding one later reuses the others' results.
 */
import { createHash } from "node:crypto";
import type { AgentSpec } from "../configuration.js";
import { embeddedModelOf } from "../agents/embedded.js";
import { checkStrategy } from "../strategy.js";
import type { EvalItem } from "./dataset.js";

/** The default: the three modes and each agent alone. */
export const defaultStrategies = (agentNames: readonly string[]): string[] => [
  "parallel",
  "sequential",
  "collaborative",
  ...agentNames.map((name) => `single:${name}`),
];

/**
 * The strategies to run: `requested` (checked, duplicates dropped) or the default.
 *
 * @throws InvalidInputError naming `strategy` for an unknown strategy or agent
 */
export function resolveStrategies(requested: readonly string[] | undefined, agentNames: readonly string[]): string[] {
  if (!requested?.length) return defaultStrategies(agentNames);
  return [...new Set(requested.map((s) => checkStrategy(s.trim(), agentNames)))];
}

/** What an agent runs on, for the eval's identity: a tag, the embedded model an `"embedded"` agent runs, or a model's name. */
function modelIdentity(spec: AgentSpec): string {
  if (typeof spec === "string") {
    const embedded = embeddedModelOf(spec);
    return embedded ? `embedded:${embedded}` : spec;
  }
  const described = spec as unknown as { model?: unknown; modelName?: unknown; getName?: () => string };
  if (typeof described.model === "string") return described.model;
  if (typeof described.modelName === "string") return described.modelName;
  if (described.model && typeof described.model === "object") return modelIdentity(described.model as AgentSpec);
  return described.getName?.() ?? "model";
}

/** The eval's id: the same dataset items and agents (names and models) give the same id. */
export function evalIdOf(items: readonly EvalItem[], agents: Record<string, AgentSpec>): string {
  const identity = {
    items,
    agents: Object.entries(agents).map(([name, spec]) => [name, modelIdentity(spec)]).sort(),
  };
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 16);
}
