import { Command, Send } from "@langchain/langgraph";
import type { LangGraphRunnableConfig, NodeError } from "@langchain/langgraph";
import { DEFAULT_AGENT_TIMEOUT_MS, getConfiguration, type ServedConfigurationSchema } from "../configuration.js";
import { isRetryable } from "../agents/errors.js";
import { tokenMeterOf } from "../agents/budget.js";
import { RunAgentInput, recordAgentFailure, runAgent } from "../nodes/runAgent.js";
import { attemptsByKey } from "../state/results.js";
import type { Assignment } from "../state/schemas.js";
import type { OrchestrationStateType } from "../state/state.js";

/** Options every mode graph factory takes. */
export interface ModeGraphOptions {
  /**
   * Retries of a failed agent call, by LangGraph's `RetryPolicy` with
   * exponential backoff and jitter. Client errors (4xx, e.g. a model that is
   * not pulled) are not retried. Default: 3 attempts, 500 ms first interval.
   */
  retry?: { maxAttempts?: number; initialIntervalMs?: number };
  /**
   * Time limit of one agent call, from when it has a slot under
   * `maxConcurrency`; it then counts as failed. A run's
   * `configurable.agentTimeoutMs` wins. Default 120 000 ms.
   */
  agentTimeoutMs?: number;
  /**
   * Schema of the run configuration, declared as the graph's LangGraph
   * `context` schema: the graph validates its configuration with it at the
   * start of a run, and the LangGraph server reports it as the graph's
   * `config_schema` (Studio's assistant form). The served graphs use
   * `ServedConfigurationSchema`; default: none.
   */
  configSchema?: typeof ServedConfigurationSchema;
}

/**
 * The shared `runAgent` node, its time limit defaulting to the factory's
 * `agentTimeoutMs` (a run's `configurable.agentTimeoutMs` wins). The limit is
 * llmgenie's, not LangGraph's node `timeout`: that one would also count the
 * time a call waits for a slot under `maxConcurrency`.
 */
export const runAgentNode =
  (options: ModeGraphOptions = {}) =>
  (input: RunAgentInput, config: LangGraphRunnableConfig) =>
    runAgent(input, config, options.agentTimeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS);

/** Node options of the shared `runAgent` node: its input, retry and failure handler. */
export function runAgentNodeOptions(options: ModeGraphOptions = {}) {
  return {
    input: RunAgentInput,
    retryPolicy: {
      maxAttempts: options.retry?.maxAttempts ?? 3,
      initialInterval: options.retry?.initialIntervalMs ?? 500,
      backoffFactor: 2,
      jitter: true,
      retryOn: isRetryable,
      logWarning: false,
    },
    // LangGraph runs the handler as a node of its own, without runAgent's edges:
    // it must go on to the barrier itself, or a round where every agent failed would end the graph.
    errorHandler: (input: RunAgentInput, failure: NodeError, config?: LangGraphRunnableConfig) =>
      new Command({ update: recordAgentFailure(input, failure, config), goto: "joinAttempts" }),
  };
}

/** Builds the assignment for a task key and agent (used to hand a failed task to a fallback agent). */
export type Reassign = (state: OrchestrationStateType, key: string, agent: string) => Assignment;

/**
 * The first attempts a round of agent work sends: parallel, one per subtask;
 * sequential, the current step; collaborative, one candidate per agent. The
 * mode's fan-out sends them, and the barrier checks that each was made.
 */
export type Dispatch = (state: OrchestrationStateType, config: LangGraphRunnableConfig) => Assignment[] | Promise<Assignment[]>;

/**
 * Tasks whose latest attempt failed and whose first agent has a fallback not
 * yet tried on that task: each goes to the next agent in the chain. None
 * once the run's token budget is spent.
 */
export function fallbackAssignments(
  state: OrchestrationStateType,
  config: LangGraphRunnableConfig,
  reassign: Reassign,
): Assignment[] {
  const { fallbacks } = getConfiguration(config);
  const next: Assignment[] = [];
  for (const [key, attempts] of attemptsByKey(state.results)) {
    if (attempts.at(-1)!.status !== "failed") continue;
    const tried = new Set(attempts.map((a) => a.agent));
    const agent = (fallbacks[attempts[0]!.agent] ?? []).find((name) => !tried.has(name));
    if (agent) next.push({ ...reassign(state, key, agent), attempt: attempts.length + 1 });
  }
  return next.length > 0 && tokenMeterOf(config)?.refusal() ? [] : next;
}

/**
 * Dispatched tasks that reached the barrier without any attempt. LangGraph
 * 1.7.3 counts an agent call cut off by cancellation as done, so a resumed
 * thread would skip it (the call itself records no attempt, see
 * `recordAgentFailure`); such a task is sent again.
 */
export async function unattemptedAssignments(
  state: OrchestrationStateType,
  config: LangGraphRunnableConfig,
  dispatch: Dispatch,
): Promise<Assignment[]> {
  const attempted = attemptsByKey(state.results);
  return (await dispatch(state, config)).filter((assignment) => !attempted.has(assignment.key));
}

/**
 * After a round of agent work (the deferred `joinAttempts` barrier): tasks
 * the round dispatched but never attempted are sent again, failed tasks go to
 * their fallback agents, and once there are none of either, on to `next`.
 *
 * @param next - the node after the mode's agent work
 * @param dispatch - the round's first attempts (as the mode's fan-out sends them)
 * @param reassign - a task's assignment for a fallback agent
 */
export function routeAfterAttempts<Next extends string>(next: Next, dispatch: Dispatch, reassign: Reassign) {
  return async (state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<Send[] | Next> => {
    const sends = [...(await unattemptedAssignments(state, config, dispatch)), ...fallbackAssignments(state, config, reassign)];
    return sends.length ? sends.map((assignment) => new Send("runAgent", { assignment })) : next;
  };
}

/** Index in a task key such as `subtask:3`. */
export const indexOfKey = (key: string): number => Number(key.slice(key.lastIndexOf(":") + 1));
