/**
 * What the benchmark's models answer, and with which latency. Answers are
 * realistic in size (a few hundred characters, streamed token-ish chunks),
 * so every figure includes ChatOllama's NDJSON parsing.
 */
import { reply, type ReplyBehaviour } from "../test/support/ollamaScript.js";

/** A typical agent answer (~500 characters). */
export const AGENT_ANSWER = [
  "The request handler validates the input, looks the record up by id and returns it as JSON.",
  "Errors map to 400 for bad input and 404 for a missing record; anything else is logged and returned as 500.",
  "The cache sits in front of the database with a 60 second TTL, so repeated reads stay cheap.",
  "```ts\nexport function parseId(raw: string): number {\n  const id = Number(raw);\n  if (!Number.isInteger(id) || id <= 0) throw new Error(\"bad id\");\n  return id;\n}\n```",
  "Decision: keep validation at the edge so the service layer can trust its arguments.",
].join("\n\n");

/** The merged answer of a parallel run. */
export const MERGED_ANSWER = `Combined answer.\n\n${AGENT_ANSWER}`;

/**
 * A reply that takes `latencyMs` on the server: `chunks` chunks, evenly
 * spaced (the first after one interval, as a model's first token comes after
 * its prompt evaluation).
 */
export function timedReply(content: string, latencyMs: number, chunks = 5): ReplyBehaviour {
  const count = latencyMs > 0 ? chunks : 1;
  return reply(content, { chunks: count, chunkDelayMs: latencyMs / count });
}

/** The last line of every merge prompt (`mergePrompt` in src/agents/prompts.ts): how a rule spots a merge call. */
export const MERGE_PROMPT_MARK = "Write the combined answer.";

/** Subtask names: distinct, short, as a user or planner writes them. */
export const subtasks = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `Part ${i + 1}: analyse component ${i + 1} of the service`);

/** `count` agents with distinct Ollama tags (all served by the server's default script). */
export const ollamaAgents = (count: number, prefix = "bench"): Record<string, string> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`agent${i + 1}`, `${prefix}-${i + 1}:latest`]));

/**
 * The `hosts` option for the loopback server at `url` with its cap lifted:
 * the server answers any number of calls at once, and these suites measure
 * orchestration, not the default cap of 4 per Ollama host (the hosts suite,
 * § 8, measures caps).
 */
export const uncappedHost = (url: string) => ({ [url]: { maxParallel: 1_000_000 } });
