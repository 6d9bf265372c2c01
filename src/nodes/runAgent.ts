import type { LangGraphRunnableConfig, NodeError } from "@langchain/langgraph";
import { isGraphBubbleUp } from "@langchain/langgraph";
import { z } from "zod";
import { getConfiguration } from "../configuration.js";
import { getAgent } from "../agents/resolve.js";
import { withTimeLimit } from "../agents/invoke.js";
import { withRunSlot } from "../agents/limits.js";
import { AgentCallError, describeAgentError, httpStatusOf } from "../agents/errors.js";
import { TokenBudgetError, assertWithinBudget } from "../agents/budget.js";
import { McpServerError, mcpConnectionsOf } from "../agents/mcp.js";
import { ToolCallRecorder, type ToolEvent } from "../agents/toolCalls.js";
import { ToolCallLimitError, runAttempt, type AttemptAnswer } from "../agents/toolLoop.js";
import { callOnHost, hostOf } from "../agents/hosts.js";
import { allowListenerPerTask } from "../agents/signals.js";
import { EmbeddedRuntimeError } from "../models/errors.js";
import { InvalidModelError } from "../models/modelCache.js";
import { agentTracing } from "../agents/tracing.js";
import { AssignmentSchema, type AgentResultRecord } from "../state/schemas.js";
import type { OrchestrationUpdate } from "../state/state.js";

/** What `Send("runAgent", …)` carries: one assignment, nothing else of the state. */
export const RunAgentInput = z.object({ assignment: AssignmentSchema });
export type RunAgentInput = z.infer<typeof RunAgentInput>;

/** One agent call, as its `agent_queued` and `agent_start` events name it. */
export interface AgentCall {
  key: string;
  agent: string;
  model: string;
  /** The Ollama server the call goes to (`AgentResult.host`); absent for other chat models. */
  host?: string;
  task: string;
  attempt: number;
}

/** The fields of an `AgentResult` that say which call it records (all of `AgentCall` but the attempt number). */
export const resultFieldsOf = ({ key, agent, model, host, task }: AgentCall): Pick<AgentResultRecord, "key" | "agent" | "model" | "host" | "task"> => ({
  key,
  agent,
  model,
  ...(host ? { host } : {}),
  task,
});

/**
 * Progress events on the `custom` stream (the CLI renders them); tool calls
 * are `ToolEvent`s. A call is `agent_queued` until its host (cap, model
 * admission) and the run's `maxConcurrency` let it start: then `agent_start`.
 */
export type AgentEvent =
  | ({ event: "agent_queued" } & AgentCall)
  | ({ event: "agent_start" } & AgentCall)
  | {
      event: "agent_end";
      result: AgentResultRecord;
      /** What the answer is scored against (`attemptScore(result, question)`), for observers that show a score. */
      question?: string;
    }
  | ToolEvent;

/**
 * One agent, one task, one attempt: one model call, or for an agent with
 * tools (or a LangGraph agent) a tool loop as a subgraph of this node, its
 * tool calls recorded in `toolCalls`. The attempt waits for its host (the
 * Ollama server's cap and model admission, `src/agents/hosts.ts`), then for a
 * slot under the run's `maxConcurrency`, then runs under the agent time limit
 * (`agentTimeoutMs` of the run, else `defaultTimeLimitMs`), which starts once
 * it has the slot. A model error is thrown so LangGraph's `RetryPolicy` can
 * retry it; once retries are spent, `recordAgentFailure` (the node's
 * `errorHandler`) turns it into a failed `AgentResult`; so does a call
 * refused because the run's token budget is spent.
 */
export async function runAgent(
  { assignment }: RunAgentInput,
  config: LangGraphRunnableConfig,
  defaultTimeLimitMs?: number,
): Promise<OrchestrationUpdate> {
  allowListenerPerTask(config.signal);
  assertWithinBudget(config);
  const configuration = getConfiguration(config);
  const agent = getAgent(configuration, assignment.agent);
  const maxToolCalls = agent.maxToolCalls ?? configuration.maxToolCalls;
  const recorder = new ToolCallRecorder({ key: assignment.key, agent: agent.name }, config.writer);
  const tracing = agentTracing(agent, assignment, config);
  const host = hostOf(agent);
  const call: AgentCall = {
    key: assignment.key,
    agent: agent.name,
    model: agent.modelName,
    ...(host ? { host } : {}),
    task: assignment.task,
    attempt: assignment.attempt,
  };
  config.writer?.({ event: "agent_queued", ...call } satisfies AgentEvent);
  let started = performance.now();
  let answer: AttemptAnswer;
  try {
    answer = await callOnHost(agent, configuration.hosts, config, () => withRunSlot(config, () => {
      started = performance.now();
      config.writer?.({ event: "agent_start", ...call } satisfies AgentEvent);
      return withTimeLimit(
        config,
        (bounded) =>
          runAttempt(
            agent,
            assignment,
            { ...bounded, ...tracing },
            { recorder, maxToolCalls, toolTimeoutMs: configuration.toolTimeoutMs, mcp: mcpConnectionsOf(config) },
          ),
        defaultTimeLimitMs,
      );
    }));
  } catch (error) {
    // Cancellation, and an interrupt raised inside an agent's own graph, are LangGraph's to handle;
    // a call refused by the token budget (checked again once it has a slot) never started: no latency to record.
    if (config.signal?.aborted || isGraphBubbleUp(error) || error instanceof TokenBudgetError) throw error;
    throw new AgentCallError(describeAgentError(error, agent), performance.now() - started, httpStatusOf(error), {
      cause: error,
      toolCalls: recorder.records,
      // Over the limit, a server that cannot start, a model file that is missing or cannot load:
      // the same again would fail again; fallbacks may not.
      retryable: !(
        error instanceof ToolCallLimitError ||
        error instanceof McpServerError ||
        error instanceof EmbeddedRuntimeError ||
        error instanceof InvalidModelError
      ),
    });
  }
  const { output, usage, modelLoadMs } = answer;
  const toolCalls = recorder.records;
  // No quality score here: scoring every answer on the fan-out's hot path costs CPU nobody may read (`attemptScore`).
  const result: AgentResultRecord = {
    ...resultFieldsOf(call),
    status: "completed",
    output,
    latencyMs: Math.round(performance.now() - started),
    ...(modelLoadMs !== undefined ? { modelLoadMs } : {}),
    usage,
    ...(toolCalls.length ? { toolCalls } : {}),
  };
  const question = assignment.task === "candidate" ? assignment.prompt : assignment.task;
  config.writer?.({ event: "agent_end", result, question } satisfies AgentEvent);
  return { results: [result] };
}

/**
 * `errorHandler` of `runAgent`: the attempt becomes a failed result; the run
 * goes on. A call stopped by cancellation is no attempt: the cancelled run
 * stops, and when LangGraph 1.7.3 runs this handler for it again on resuming
 * the thread, it records nothing, so the barrier sends the task again
 * (`unattemptedAssignments`).
 */
export function recordAgentFailure(
  { assignment }: RunAgentInput,
  failure: NodeError,
  config?: LangGraphRunnableConfig,
): OrchestrationUpdate {
  if (config?.signal?.aborted) throw failure.error;
  const { error } = failure;
  // A signal's reason, as LangGraph hands it on: `AbortError`, or `TimeoutError` for `runTimeoutMs`.
  if (error.name === "AbortError" || error.name === "TimeoutError") return {};
  let agentModel = assignment.agent;
  let host: string | undefined;
  try {
    const agent = getAgent(getConfiguration(config), assignment.agent);
    agentModel = agent.modelName;
    host = hostOf(agent);
  } catch {
    // The agent itself is unknown: the error already says so.
  }
  const result: AgentResultRecord = {
    key: assignment.key,
    agent: assignment.agent,
    model: agentModel,
    ...(host ? { host } : {}),
    task: assignment.task,
    status: "failed",
    error: error.message,
    latencyMs: Math.round(error instanceof AgentCallError ? error.latencyMs : 0),
    ...(error instanceof AgentCallError && error.toolCalls.length ? { toolCalls: error.toolCalls } : {}),
  };
  config?.writer?.({ event: "agent_end", result } satisfies AgentEvent);
  return { results: [result] };
}
