import { ConfigurationError, type Configuration } from "../configuration.js";
import { DEFAULT_MAX_PARALLEL, hostOf, hostOptions, type HostPool } from "./hosts.js";
import { normalizeModelTag } from "./residency.js";
import { resolveAgents, type ResolvedAgent } from "./resolve.js";

/** Round-robin over the agents in declaration order (sequential steps: each step its agent in turn). */
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

/** Where subtasks can go: one Ollama host (the agents chosen on it), or one other chat model. */
interface Lane {
  agents: string[];
  /** Calls it takes at once: the host's `maxParallel`; other chat models count as a default host. */
  capacity: number;
  assigned: number;
}

/**
 * The agents of one host that should take its subtasks: those whose models
 * it holds (no load at all); if it holds none, as many models as it can hold
 * (loaded once each); if it cannot tell (`/api/ps` unanswered), all of them.
 */
async function agentsOnHost(url: string, agents: ResolvedAgent[], configuration: Configuration, pool: HostPool): Promise<string[]> {
  const models = [...new Set(agents.map((a) => normalizeModelTag(a.modelName)))];
  if (models.length === 1) return agents.map((a) => a.name);
  const host = pool.host(url, hostOptions(configuration.hosts, url));
  const resident = await host.residency.get();
  const held = models.filter((m) => resident.has(m));
  const chosen = held.length ? held : host.residency.answered ? models.slice(0, host.modelCapacity) : models;
  return agents.filter((a) => chosen.includes(normalizeModelTag(a.modelName))).map((a) => a.name);
}

/**
 * Parallel mode, where any agent may do any subtask: the agent of each of
 * `count` subtasks. Subtasks go to models their hosts already hold, spread
 * over the hosts in proportion to their `maxParallel` (and over the chosen
 * agents of a host in turn); agents that are not Ollama models each take a
 * share like a host. With no hosts to weigh, this is round-robin.
 */
export async function assignSubtasks(configuration: Configuration, count: number, pool: HostPool): Promise<string[]> {
  const lanes: Lane[] = [];
  const hostLanes = new Map<string, { lane: Lane; agents: ResolvedAgent[] }>();
  for (const agent of resolveAgents(configuration)) {
    const url = hostOf(agent);
    if (!url) lanes.push({ agents: [agent.name], capacity: DEFAULT_MAX_PARALLEL, assigned: 0 });
    else if (hostLanes.has(url)) hostLanes.get(url)!.agents.push(agent);
    else {
      // The host's limit as the pool applies it (a served graph's config file fixes some).
      const lane = { agents: [], capacity: pool.host(url, hostOptions(configuration.hosts, url)).maxParallel, assigned: 0 };
      hostLanes.set(url, { lane, agents: [agent] });
      lanes.push(lane);
    }
  }
  for (const [url, { lane, agents }] of hostLanes) lane.agents = await agentsOnHost(url, agents, configuration, pool);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    // The lane that would be least loaded, relative to what it takes at once; the first on ties.
    let best = lanes[0]!;
    for (const lane of lanes) if ((lane.assigned + 1) / lane.capacity < (best.assigned + 1) / best.capacity) best = lane;
    names.push(best.agents[best.assigned % best.agents.length]!);
    best.assigned++;
  }
  return names;
}
