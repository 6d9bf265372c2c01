/**
 * Strategies: the ways a query can be run that `eval` compares and learned
 * auto mode chooses between. `auto` (the classifier picks the mode), one of
 * the execution modes, or `single:<agent>` (that agent alone, the baseline).
 * `strategyRun` is the one place a strategy becomes an orchestration.
 */
import type { AgentSpec } from "./configuration.js";
import { InvalidInputError } from "./input.js";

/** The strategies besides `single:<agent>`. */
export const MODE_STRATEGIES = ["auto", "parallel", "sequential", "collaborative", "cascade"] as const;

const SINGLE = "single:";

/** The agent of a `single:<agent>` strategy, else undefined. */
export const singleAgentOf = (strategy: string): string | undefined =>
  strategy.startsWith(SINGLE) ? strategy.slice(SINGLE.length) : undefined;

/**
 * Check a strategy name against the agents.
 *
 * @param field - the field or flag to name in the error
 * @throws InvalidInputError for an unknown strategy or agent
 */
export function checkStrategy(strategy: string, agentNames: readonly string[], field = "strategy"): string {
  const agent = singleAgentOf(strategy);
  if (agent !== undefined) {
    if (!agentNames.includes(agent)) throw new InvalidInputError(`${field}: unknown agent "${agent}" in "${strategy}" (agents: ${agentNames.join(", ")})`);
    return strategy;
  }
  if (!(MODE_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new InvalidInputError(`${field}: must be one of ${MODE_STRATEGIES.join(", ")} or single:<agent>, got "${strategy}"`);
  }
  return strategy;
}

/** How to run a strategy: with which agents, in which mode (none: auto). */
export interface StrategyRun {
  agents: Record<string, AgentSpec>;
  /** A mode name; the orchestrator validates it (a mode it lacks is an `InvalidInputError`). */
  executionMode?: string;
}

/**
 * The orchestration a strategy stands for. `single:<agent>` is collaborative
 * mode with that agent alone: one candidate, no planning or merging call.
 */
export function strategyRun(strategy: string, agents: Record<string, AgentSpec>): StrategyRun {
  const agent = singleAgentOf(strategy);
  if (agent !== undefined) return { agents: { [agent]: agents[agent]! }, executionMode: "collaborative" };
  if (strategy === "auto") return { agents };
  return { agents, executionMode: strategy };
}
