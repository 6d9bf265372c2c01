import type { AgentResultRecord, Usage } from "./schemas.js";

/** Attempts grouped by task key, in order of first attempt. */
export function attemptsByKey(results: AgentResultRecord[]): Map<string, AgentResultRecord[]> {
  const byKey = new Map<string, AgentResultRecord[]>();
  for (const result of results) {
    const attempts = byKey.get(result.key);
    if (attempts) attempts.push(result);
    else byKey.set(result.key, [result]);
  }
  return byKey;
}

/** Per task key: the completed attempt if one completed, else the last attempt. */
export function outcomeByKey(results: AgentResultRecord[]): Map<string, AgentResultRecord> {
  const outcome = new Map<string, AgentResultRecord>();
  for (const result of results) {
    if (outcome.get(result.key)?.status !== "completed") outcome.set(result.key, result);
  }
  return outcome;
}

/** The completed attempt at a task, if any attempt completed. */
export function completedAttempt(results: AgentResultRecord[], key: string): AgentResultRecord | undefined {
  return results.find((result) => result.key === key && result.status === "completed");
}

/** The last attempt at a task. */
export function lastAttempt(results: AgentResultRecord[], key: string): AgentResultRecord | undefined {
  return results.findLast((result) => result.key === key);
}

/** Tokens of a run: its attempts' and its other calls' (`usage`: plan, merge, judge, classify). */
export function totalUsage(results: readonly Pick<AgentResultRecord, "usage">[], usage?: Usage): Usage {
  return results.reduce(
    (sum, r) => ({
      inputTokens: sum.inputTokens + (r.usage?.inputTokens ?? 0),
      outputTokens: sum.outputTokens + (r.usage?.outputTokens ?? 0),
    }),
    usage ?? { inputTokens: 0, outputTokens: 0 },
  );
}
