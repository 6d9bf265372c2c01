import { candidatePrompt } from "../agents/prompts.js";
import type { AgentResultRecord } from "../state/schemas.js";
import { validateAnswer } from "./validate.js";

/**
 * What an attempt's answer is scored against: its subtask or step, or for a
 * collaborative candidate the whole prompt it answered.
 */
export const questionOf = (task: string, query: string, context?: Record<string, unknown>): string =>
  task === "candidate" ? candidatePrompt(query, context) : task;

/**
 * An attempt's quality score (0..1), computed when asked: scoring every
 * answer as it arrives would put ~0.5 ms of CPU per call on the fan-out's
 * hot path, where nobody reads it.
 */
export const attemptScore = (result: Pick<AgentResultRecord, "output">, question: string): number =>
  validateAnswer(question, result.output ?? "").score;

/**
 * `result` with an enumerable `qualityScore` that is computed on first read
 * (then kept), as `JSON.stringify` and property access see a plain value.
 * Failed attempts get none.
 */
export function withLazyScore<T extends Pick<AgentResultRecord, "status" | "output" | "qualityScore">>(result: T, question: string): T {
  if (result.status !== "completed" || result.qualityScore !== undefined) return result;
  let score: number | undefined;
  return Object.defineProperty(result, "qualityScore", {
    enumerable: true,
    configurable: true,
    get: () => (score ??= attemptScore(result, question)),
  });
}
