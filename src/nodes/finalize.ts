import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { budgetOverrun, budgetShortfall } from "../agents/budget.js";
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
 *
 * A shortfall makes a run with an output `partial` at best, and is its
 * `error`: a call the token budget refused, or an `error` a node set on the
 * way (a cascade whose answers all missed the bar).
 */
export async function finalize(state: OrchestrationStateType, config?: LangGraphRunnableConfig): Promise<OrchestrationUpdate> {
  const shortfall = [budgetShortfall(config), state.error].filter(Boolean).join("; ");
  const tasks = [...attemptsByKey(state.results).values()];
  const done = tasks.filter((attempts) => attempts.some((a) => a.status === "completed")).length;
  if (tasks.length > 0 && done === tasks.length && state.output.trim() && !shortfall) {
    const overrun = budgetOverrun(config);
    return overrun ? { status: "completed", warnings: [overrun] } : { status: "completed" };
  }
  if (done > 0 && state.output.trim()) return shortfall ? { status: "partial", error: shortfall } : { status: "partial" };
  const reasons = failureSummary(state);
  const failure = tasks.length === 0 ? "no agent was run" : `every agent failed: ${reasons || "no output"}`;
  return { status: "failed", error: shortfall ? `${shortfall}; ${failure}` : failure };
}
