/**
 * One run through the compiled auto-mode graph: resumes or replays a
 * checkpointed thread, meters tokens against the budget, streams the graph
 * (its values; for an observer or a run with a timeout, the agents' events and
 * subgraphs; for an observer, updates and tokens too), and turns what
 * it saw into the run's state — the final one, a pause for review, or what
 * the agents finished before the whole-run timeout.
 */
import { Command, type StreamMode } from "@langchain/langgraph";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { z } from "zod";
import { InvalidInputError, type OrchestrateInputSchema } from "../input.js";
import type { OrchestrationResult } from "../result.js";
import type { OrchestrationStateType } from "../state/state.js";
import type { ExecutionMode } from "../state/schemas.js";
import type { AgentEvent } from "../nodes/runAgent.js";
import type { PlanEvent } from "../nodes/planTasks.js";
import type { RouteEvent } from "../classification/learnedRoute.js";
import type { ReviewDecision } from "../nodes/reviewPlan.js";
import { AttemptTracker, partialOutput } from "../partialResult.js";
import { TokenMeter } from "../agents/budget.js";
import { totalUsage } from "../state/results.js";
import type { OrchestratorGraph } from "./graphs.js";
import { pendingReview } from "./thread.js";

/**
 * One chunk of a run's LangGraph stream (subgraphs included), as
 * `orchestrate`'s `onEvent` sees it: node `updates`, model tokens
 * (`messages`: chunk and metadata, which names the `agent` and `task`), and
 * `custom` progress events such as `AgentEvent`. `resume` says that a
 * `threadId` run continues from its checkpoint.
 */
export type OrchestrationEvent =
  | { mode: "updates"; namespace: string[]; data: Record<string, Partial<OrchestrationStateType>> }
  | { mode: "messages"; namespace: string[]; data: [AIMessageChunk, Record<string, unknown>] }
  | { mode: "custom"; namespace: string[]; data: AgentEvent | PlanEvent | RouteEvent }
  | { mode: "resume"; namespace: string[]; data: { threadId: string; next: string[] } };

/** `orchestrate`'s input once validated. */
export type OrchestrateRequest = z.infer<typeof OrchestrateInputSchema>;

/** The mode a run used: from its state, else the requested one, else the classifier's suggestion. */
export const modeOf = (state: Partial<OrchestrationStateType>, requested: ExecutionMode | undefined): ExecutionMode =>
  state.executionMode ?? requested ?? state.classification?.suggestedMode ?? "collaborative";

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error && signal.reason.name === "AbortError"
    ? signal.reason
    : Object.assign(new Error("The operation was aborted", { cause: signal.reason }), { name: "AbortError" });

/** How to run: the run's config and thread, and how its state becomes a result. */
export interface RunContext {
  /** The run's `RunnableConfig` (the token meter is added to it). */
  config: RunnableConfig;
  /** The thread the run is checkpointed on, if any. */
  threadId?: string;
  /** A person's decision, resuming a run paused for review. */
  decision?: ReviewDecision;
  onEvent?: (event: OrchestrationEvent) => void;
  /** The whole-run timeout (`runTimeoutMs`) and its signal. */
  runTimeout?: { signal: AbortSignal; ms: number };
  /** `tokenBudget`: input plus output tokens of the whole run. */
  tokenBudget?: number;
  /** The run's result for a state (and the error it ended with). */
  result: (state: Partial<OrchestrationStateType>, error?: string) => OrchestrationResult;
}

/** What `executeRun` did. */
export interface RunOutcome {
  result: OrchestrationResult;
  /** The thread had finished before: its stored result, returned without running anything (so not to be recorded again). */
  replayed: boolean;
}

/**
 * Run `request` through `graph`. A `threadId` run continues from its
 * checkpoint (a finished one is returned as stored); a run cut short by the
 * whole-run timeout keeps what its agents finished.
 *
 * @throws InvalidInputError when the thread holds another query; an `AbortError` when the request's signal aborts
 */
export async function executeRun(graph: OrchestratorGraph, request: OrchestrateRequest, context: RunContext): Promise<RunOutcome> {
  const ran = (result: OrchestrationResult): RunOutcome => ({ result, replayed: false });
  const { config, threadId, decision, onEvent, runTimeout, tokenBudget, result } = context;
  let graphInput: Parameters<OrchestratorGraph["stream"]>[0] = {
    query: request.query,
    ...(request.subtasks ? { subtasks: request.subtasks } : {}),
    ...(request.context ? { context: request.context } : {}),
    ...(request.executionMode ? { executionMode: request.executionMode } : {}),
    ...(request.tests ? { tests: request.tests } : {}),
  };
  let stored: Partial<OrchestrationStateType> = {};
  if (threadId) {
    const snapshot = await graph.getState(config);
    stored = snapshot.values as Partial<OrchestrationStateType>;
    if (stored.query !== undefined && stored.query !== request.query) {
      throw new InvalidInputError(`threadId: thread "${threadId}" holds a run for another query`);
    }
    if (snapshot.next.length > 0) {
      // Resume where the run stopped (a run paused for review, with the decision).
      graphInput = decision ? new Command({ resume: decision }) : null;
      onEvent?.({ mode: "resume", namespace: [], data: { threadId, next: [...snapshot.next] } });
    }
    else if (stored.status) return { result: result(stored), replayed: true };
  }

  // The budget counts what a resumed run used before, too.
  if (tokenBudget) {
    const used = totalUsage(stored.results ?? [], stored.usage);
    config.callbacks = [new TokenMeter(tokenBudget, used.inputTokens + used.outputTokens)];
  }

  const latest = new Map<string, Partial<OrchestrationStateType>>();
  const attempts = new AttemptTracker();
  let paused = false;
  try {
    // Observers get updates, tokens and the agents' events; a run with a whole-run timeout follows
    // the agents' events and every subgraph's state, to keep what finished (AttemptTracker). Each
    // chunk costs the stream a step of its own (a few per agent call): a run nobody watches and
    // no timeout can cut short streams only its own state.
    const track = runTimeout !== undefined;
    const streamMode: StreamMode[] = [
      "values",
      ...(onEvent ? (["updates", "messages"] as const) : []),
      ...(onEvent || track ? (["custom"] as const) : []),
    ];
    const subgraphs = onEvent !== undefined || track;
    const stream = await graph.stream(graphInput, { ...config, streamMode, subgraphs });
    for await (const chunk of stream as AsyncIterable<[string[], string, unknown] | [string, unknown]>) {
      // Without subgraphs a chunk has no namespace: it is the run's own.
      const [namespace, mode, data] = subgraphs ? (chunk as [string[], string, unknown]) : [[], ...(chunk as [string, unknown])] as const;
      // A pause is announced by a values chunk that holds only `__interrupt__`, not state.
      if (mode === "values" && "__interrupt__" in (data as object)) paused = true;
      else if (mode === "values") latest.set(namespace.join("|"), data as Partial<OrchestrationStateType>);
      else {
        if (mode === "custom") attempts.observe(data);
        onEvent?.({ mode, namespace, data } as OrchestrationEvent);
      }
    }
  } catch (error) {
    if (request.signal?.aborted) throw abortError(request.signal);
    if (!runTimeout?.signal.aborted) throw error;
    // Whole-run timeout: keep what the agents finished (the innermost state seen, and the attempts
    // that ended in the step that was cut short); calls still in flight count as failed.
    const reason = `run timed out after ${runTimeout.ms} ms`;
    const seen: Partial<OrchestrationStateType> = [...latest.values()].reduce((acc, values) => ({ ...acc, ...values }), {});
    const plan = seen.plan?.length ? seen.plan : (attempts.plan ?? []);
    const state = { ...seen, plan, results: attempts.results(seen.results ?? [], reason) };
    const output = partialOutput(state, modeOf(state, request.executionMode));
    return ran(result({ ...state, output }, reason));
  }
  const finished = result(latest.get("") ?? {});
  const waitingOn = paused ? await pendingReview(graph, config) : undefined;
  if (!waitingOn) return ran(finished);
  const { error: _notFailed, ...waiting } = finished;
  return ran({ ...waiting, status: "interrupted", metadata: { ...finished.metadata, pendingReview: waitingOn } });
}
