import { attemptScore, questionOf } from "../quality/attempt.js";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { cascadeAgents } from "../agents/assign.js";
import { tokenMeterOf } from "../agents/budget.js";
import { runCandidateTests } from "../selection/testStage.js";
import type { AgentResultRecord, CascadeStep } from "../state/schemas.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/** Task key of every cascade attempt: the rungs are attempts at one task, as fallbacks are. */
export const CASCADE_KEY = "cascade";

/** The cascade's attempts, one per rung, in order. */
export const cascadeAttempts = (results: AgentResultRecord[]): AgentResultRecord[] =>
  results.filter((result) => result.key === CASCADE_KEY);

export interface AssessAnswerOptions {
  /**
   * Run the input's `tests` against an answer's code in the sandbox (as
   * `selectBest`'s `executeCode`). Off: tests are not run and the quality
   * threshold decides; a served graph never turns it on, so nothing a caller
   * of the server sends starts a process.
   */
  executeCode?: boolean;
}

/** Does the latest answer clear the bar: the tests when they run, else the quality threshold. */
async function verdict(
  attempt: AgentResultRecord,
  state: OrchestrationStateType,
  threshold: number,
  executeCode: boolean,
  signal?: AbortSignal,
): Promise<{ passed: boolean; score?: number; testsPassed?: boolean; reason: string }> {
  if (attempt.status === "failed") return { passed: false, reason: `failed: ${attempt.error ?? "unknown error"}` };
  const score = attempt.qualityScore ?? attemptScore(attempt, questionOf(attempt.task, state.query, state.context));
  const quality = `quality ${score.toFixed(2)} ${score >= threshold ? "≥" : "<"} threshold ${threshold.toFixed(2)}`;
  if (state.tests?.trim()) {
    if (executeCode) {
      const [run] = await runCandidateTests([attempt.output ?? ""], state.tests, {}, signal);
      const testsPassed = run!.passed;
      return { passed: testsPassed, score, testsPassed, reason: testsPassed ? "tests passed" : `tests failed (${run!.summary})` };
    }
    return { passed: score >= threshold, score, reason: `${quality}; tests not run: code execution is off` };
  }
  return { passed: score >= threshold, score, reason: quality };
}

/**
 * Cascade: judge the latest rung's answer and record the step. Accepted: it
 * is the output. Missed the bar (or failed): the next agent is called, unless
 * none is left or the token budget is spent; then the best answer so far is
 * the output and `error` says that none met the bar.
 *
 * @param options - whether the input's tests may run
 * @returns the graph node
 */
export function assessAnswer(options: AssessAnswerOptions = {}) {
  return async (state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<OrchestrationUpdate> => {
    const configuration = getConfiguration(config);
    const attempts = cascadeAttempts(state.results);
    // No new attempt since the last verdict (a cancelled call records none): the rung is sent again.
    if (attempts.length <= state.cascadeSteps.length) return {};
    const attempt = attempts.at(-1)!;
    const { passed, reason, ...scores } = await verdict(
      attempt,
      state,
      configuration.cascadeThreshold,
      options.executeCode ?? false,
      config.signal,
    );
    const step = { agent: attempt.agent, model: attempt.model, ...scores };
    if (passed) return { cascadeSteps: [{ ...step, decision: "accepted", reason }], output: attempt.output ?? "" };

    const next = cascadeAgents(configuration)[attempts.length];
    const refusal = next === undefined ? undefined : tokenMeterOf(config)?.refusal();
    if (next !== undefined && !refusal) {
      return { cascadeSteps: [{ ...step, decision: "escalated", reason: `${reason}; next: ${next}` }] };
    }
    const steps: CascadeStep[] = [
      ...state.cascadeSteps,
      { ...step, decision: "rejected", reason: `${reason}; ${refusal ?? "no agent left"}` },
    ];
    // The best answer that came back: highest score, the later (stronger) agent on ties.
    let best: number | undefined;
    steps.forEach((s, i) => {
      if (s.score !== undefined && (best === undefined || s.score >= steps[best]!.score!)) best = i;
    });
    if (best === undefined) return { cascadeSteps: steps.slice(-1), output: "" };
    const kept = steps[best]!;
    return {
      cascadeSteps: steps.slice(-1),
      output: attempts[best]!.output ?? "",
      error: `no answer met the cascade's bar (${state.tests?.trim() && options.executeCode ? "tests" : `quality ≥ ${configuration.cascadeThreshold.toFixed(2)}`}); kept ${kept.agent}'s (quality ${kept.score!.toFixed(2)})`,
    };
  };
}
