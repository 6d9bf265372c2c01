import { resultFieldsOf, type AgentEvent } from "./nodes/runAgent.js";
import type { PlanEvent } from "./nodes/planTasks.js";
import { concatenateParts } from "./nodes/merge.js";
import { completedCandidates } from "./nodes/selectCandidate.js";
import type { AgentResultRecord, ExecutionMode } from "./state/schemas.js";
import { attemptScore, questionOf } from "./quality/attempt.js";
import { compareRanked } from "./selection/tiebreak.js";
import type { OrchestrationStateType } from "./state/state.js";

/**
 * Follows agent attempts on a run's `custom` stream (`agent_start` /
 * `agent_end`). A run cut short by `runTimeoutMs` stops mid-superstep, so the
 * graph's `values` never show the attempts that finished in that step; these
 * events do, and they also tell which calls were still in flight.
 */
export class AttemptTracker {
  /** The latest plan announced on the stream (a `plan` event): a run cut short may not have it in its state yet. */
  plan?: string[];
  private readonly ended: AgentResultRecord[] = [];
  private readonly inFlight = new Map<string, { event: Extract<AgentEvent, { event: "agent_start" }>; at: number }>();

  /** Feed every `custom` stream chunk; other chunks are ignored. */
  observe(chunk: unknown): void {
    const event = chunk as AgentEvent | PlanEvent | undefined;
    if (event?.event === "plan") this.plan = event.steps;
    else if (event?.event === "agent_start") this.inFlight.set(event.key, { event, at: performance.now() });
    else if (event?.event === "agent_end") {
      this.inFlight.delete(event.result.key);
      this.ended.push(event.result);
    }
  }

  /**
   * Every attempt of the run: those in `stored` (the last state seen), those
   * that ended after it, and the calls still in flight as failed with `reason`.
   */
  results(stored: AgentResultRecord[], reason: string): AgentResultRecord[] {
    const seen = new Set(stored.map((r) => JSON.stringify(r)));
    const ended = this.ended.filter((r) => !seen.has(JSON.stringify(r)));
    const cut = [...this.inFlight.values()].map(
      ({ event, at }): AgentResultRecord => ({
        ...resultFieldsOf(event),
        status: "failed",
        error: reason,
        latencyMs: Math.round(performance.now() - at),
      }),
    );
    return [...stored, ...ended, ...cut];
  }
}

/**
 * The best answer the finished work gives when a run stopped before its mode
 * produced one: parallel, the parts under their headings (as the merge
 * fallback does); sequential, the latest completed step; collaborative, the
 * completed candidate that scored highest, ties broken by content as
 * `selectBest` breaks them. "" when nothing finished.
 */
export function partialOutput(state: Partial<OrchestrationStateType>, mode: ExecutionMode): string {
  if (state.output?.trim()) return state.output;
  const results = state.results ?? [];
  const completed = results.filter((r) => r.status === "completed");
  if (completed.length === 0) return "";
  if (mode === "parallel" && state.plan?.length) return concatenateParts({ plan: state.plan, results });
  if (mode === "collaborative") {
    const question = questionOf("candidate", state.query ?? "", state.context);
    // Ties go by content, as in `selectBest`: the order the candidates finished in must not decide.
    const [best] = completedCandidates(results)
      .map((r) => ({ text: r.output ?? "", score: r.qualityScore ?? attemptScore(r, question) }))
      .sort(compareRanked);
    if (best) return best.text;
  }
  return completed.at(-1)!.output ?? "";
}
