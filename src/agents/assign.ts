import { ConfigurationError, type Configuration } from "../configuration.js";

/** Round-robin over the agents in declaration order, so load is spread evenly. */
export function agentForIndex(configuration: Configuration, index: number): string {
  const names = Object.keys(configuration.agents);
  return names[index % names.length]!;
}

/**
 * Cascade order, cheapest first: the `cascade` option's agents, else every
 * agent in declaration order. Throws a `ConfigurationError` naming `cascade`
 * for a name that is not an agent.
 */
export function cascadeAgents(configuration: Configuration): string[] {
  const names = Object.keys(configuration.agents);
  const ladder = configuration.cascade ?? names;
  const unknown = ladder.find((name) => !names.includes(name));
  if (unknown !== undefined) {
    throw new ConfigurationError(`cascade: unknown agent "${unknown}" (agents: ${names.join(", ")})`);
  }
  return ladder;
}
