import { attemptsByKey } from "../state/results.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/** Distinct failure messages, each with the agents that hit it. */
function failureSummary(state: OrchestrationStateType): string {
  // A Set per message, filled in place: thousands of failures with one cause stay linear.
  const byError = new Map<string, Set<string>>();
  for (const result of state.results) {
    if (result.status !== "failed") continue;
    const error = result.error ?? "unknown error";
    const agents = byError.get(error) ?? new Set<string>();
    agents.add(result.agent);
    byError.set(error, agents);
  }
  return [...byError].map(([error, agents]) => `${[...agents].join(", ")}: ${error}`).join("; ");
}

/**
 * Status from the tasks, not the attempts: `completed` when every task has a
 * completed attempt (a fallback may have done it), `partial` when some do and
 * there is an output, `failed` otherwise, with the reasons in `error`.
 */
export async function finalize(state: OrchestrationStateType): Promise<OrchestrationUpdate> {
  const tasks = [...attemptsByKey(state.results).values()];
  const done = tasks.filter((attempts) => attempts.some((a) => a.status === "completed")).length;
  if (tasks.length > 0 && done === tasks.length && state.output.trim()) return { status: "completed" };
  if (done > 0 && state.output.trim()) return { status: "partial" };
  const reasons = failureSummary(state);
  return {
    status: "failed",
    error: tasks.length === 0 ? "no agent was run" : `every agent failed: ${reasons || "no output"}`,
  };
}
