import { ollamaBaseUrl, DEFAULT_AGENTS, type AgentSpec } from "../configuration.js";
import { embeddedModelSpec } from "../models/modelCache.js";
import { EMBEDDED_ROLES } from "./prompts.js";
import { noAnswerReason } from "../networkErrors.js";

/** How long the default switch waits for Ollama before running in-process instead. */
export const OLLAMA_PROBE_TIMEOUT_MS = 1_500;

/** Does any server answer at `baseUrl`? (Any HTTP answer counts: there is a server to send the agents to.) */
export async function ollamaAnswers(baseUrl = ollamaBaseUrl(), timeoutMs = OLLAMA_PROBE_TIMEOUT_MS, signal?: AbortSignal): Promise<boolean> {
  return (await noAnswerReason(new URL("/api/version", baseUrl), timeoutMs, { signal })) === undefined;
}

/**
 * The default agents on the embedded model: the roles of `EMBEDDED_ROLES`, as
 * `"embedded"` agent strings (so served graphs can carry them as JSON); an
 * embedded agent named after a role gets that role's system prompt.
 */
export const embeddedDefaultAgents = (): Record<string, string> =>
  Object.fromEntries(Object.keys(EMBEDDED_ROLES).map((name) => [name, "embedded"]));

export interface DefaultAgentChoice {
  agents: Record<string, AgentSpec>;
  /** True when no Ollama answered and the agents run in-process. */
  embedded: boolean;
  /** The Ollama server that was asked. */
  ollamaUrl: string;
  /** The embedded model, when `embedded`. */
  model?: string;
}

/**
 * The agents to use when none are given: the Ollama defaults when a server
 * answers at `OLLAMA_BASE_URL` (within `OLLAMA_PROBE_TIMEOUT_MS`), else the
 * default roles on the embedded model. Agents given explicitly never go
 * through here, so they never switch.
 */
export async function chooseDefaultAgents(signal?: AbortSignal): Promise<DefaultAgentChoice> {
  const ollamaUrl = ollamaBaseUrl();
  if (await ollamaAnswers(ollamaUrl, OLLAMA_PROBE_TIMEOUT_MS, signal)) return { agents: DEFAULT_AGENTS, embedded: false, ollamaUrl };
  const model = embeddedModelSpec();
  return { agents: embeddedDefaultAgents(), embedded: true, ollamaUrl, model };
}
