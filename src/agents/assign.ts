import type { Configuration } from "../configuration.js";

/** Round-robin over the agents in declaration order, so load is spread evenly. */
export function agentForIndex(configuration: Configuration, index: number): string {
  const names = Object.keys(configuration.agents);
  return names[index % names.length]!;
}
