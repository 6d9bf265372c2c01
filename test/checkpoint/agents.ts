import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { hang, type ChatRequest, type ModelScript } from "../support/ollamaServer.js";

/** Two Ollama agents for checkpoint tests: alpha answers (and merges); beta hangs until told to answer. */
export const AGENTS = { alpha: "alpha:1b", beta: "beta:1b" };

/** Their scripts for the loopback server; `betaAnswers()` is read at each call. */
export function agentScripts(betaAnswers: () => boolean): Record<string, ModelScript> {
  return {
    "alpha:1b": (request: ChatRequest) =>
      request.messages[0]?.content === MERGE_SYSTEM ? "Both are fine; pick by deployment." : "SQLite: one file, no server.",
    "beta:1b": () => (betaAnswers() ? "PostgreSQL: shared, concurrent, durable." : hang()),
  };
}
