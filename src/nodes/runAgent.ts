import type { LangGraphRunnableConfig, NodeError } from "@langchain/langgraph";
import { NodeTimeoutError, isGraphBubbleUp } from "@langchain/langgraph";
import { z } from "zod";
import { getConfiguration } from "../configuration.js";
import { getAgent } from "../agents/resolve.js";
import { AgentCallError, describeAgentError, httpStatusOf } from "../agents/errors.js";
import { McpServerError, mcpConnectionsOf } from "../agents/mcp.js";
import { ToolCallRecorder, type ToolEvent } from "../agents/toolCalls.js";
import { ToolCallLimitError, runAttempt, type AttemptAnswer } from "../agents/toolLoop.js";
import { validateAnswer } from "../quality/index.js";
import { AssignmentSchema, type AgentResultRecord } from "../state/schemas.js";
import type { OrchestrationUpdate } from "../state/state.js";

/** What `Send("runAgent", …)` carries: one assignment, nothing else of the state. */
export const RunAgentInput = z.object({ assignment: AssignmentSchema });
export type RunAgentInput = z.infer<typeof RunAgentInput>;

/** Progress events on the `custom` stream (the CLI renders them); tool calls are `ToolEvent`s. */
export type AgentEvent =
  | { event: "agent_start"; key: string; agent: string; model: string; task: string; attempt: number }
  | { event: "agent_end"; result: AgentResultRecord }
  | ToolEvent;

/**
 * One agent, one task, one attempt: one model call, or for an agent with
 * tools (or a LangGraph agent) a tool loop as a subgraph of this node, its
 * tool calls recorded in `toolCalls`. A model error is thrown so LangGraph's
 * `RetryPolicy` can retry it; once retries are spent, `recordAgentFailure`
 * (the node's `errorHandler`) turns it into a failed `AgentResult`.
 */
export async function runAgent(
  { assignment }: RunAgentInput,
  config: LangGraphRunnableConfig,
): Promise<OrchestrationUpdate> {
  const configuration = getConfiguration(config);
  const agent = getAgent(configuration, assignment.agent);
  config.writer?.({
    event: "agent_start",
    key: assignment.key,
    agent: agent.name,
    model: agent.modelName,
    task: assignment.task,
    attempt: assignment.attempt,
  } satisfies AgentEvent);
  const maxToolCalls = agent.maxToolCalls ?? configuration.maxToolCalls;
  const limitReached = new AbortController();
  const recorder = new ToolCallRecorder({ key: assignment.key, agent: agent.name }, config.writer, (count) => {
    if (count > maxToolCalls) limitReached.abort();
  });
  const started = performance.now();
  let answer: AttemptAnswer;
  try {
    answer = await runAttempt(
      agent,
      assignment,
      {
        ...config,
        runName: agent.name,
        tags: [...(config.tags ?? []), `agent:${agent.name}`],
        // LangSmith filters: which agent, model, task (and its key, e.g. `subtask:2`) and attempt.
        metadata: {
          ...config.metadata,
          agent: agent.name,
          model: agent.modelName,
          task: assignment.task,
          taskKey: assignment.key,
          attempt: assignment.attempt,
        },
      },
      { recorder, limitReached: limitReached.signal, maxToolCalls, toolTimeoutMs: configuration.toolTimeoutMs, mcp: mcpConnectionsOf(config) },
    );
  } catch (error) {
    // Cancellation, and an interrupt raised inside an agent's own graph, are LangGraph's to handle.
    if (config.signal?.aborted || isGraphBubbleUp(error)) throw error;
    throw new AgentCallError(describeAgentError(error, agent), performance.now() - started, httpStatusOf(error), {
      cause: error,
      toolCalls: recorder.records,
      // Over the limit or a server that cannot start: the same again would fail again; fallbacks may not.
      retryable: !(error instanceof ToolCallLimitError || error instanceof McpServerError),
    });
  }
  const { output, usage } = answer;
  const toolCalls = recorder.records;
  const result: AgentResultRecord = {
    key: assignment.key,
    agent: agent.name,
    model: agent.modelName,
    task: assignment.task,
    status: "completed",
    output,
    qualityScore: validateAnswer(assignment.task === "candidate" ? assignment.prompt : assignment.task, output).score,
    latencyMs: Math.round(performance.now() - started),
    usage,
    ...(toolCalls.length ? { toolCalls } : {}),
  };
  config.writer?.({ event: "agent_end", result } satisfies AgentEvent);
  return { results: [result] };
}

/** `errorHandler` of `runAgent`: the attempt becomes a failed result; the run goes on. */
export function recordAgentFailure(
  { assignment }: RunAgentInput,
  failure: NodeError,
  config?: LangGraphRunnableConfig,
): OrchestrationUpdate {
  // A cancelled run must stop, not be recorded as an agent failure.
  if (config?.signal?.aborted) throw failure.error;
  const { error } = failure;
  let agentModel = assignment.agent;
  try {
    agentModel = getAgent(getConfiguration(config), assignment.agent).modelName;
  } catch {
    // The agent itself is unknown: the error already says so.
  }
  const result: AgentResultRecord = {
    key: assignment.key,
    agent: assignment.agent,
    model: agentModel,
    task: assignment.task,
    status: "failed",
    error: error instanceof NodeTimeoutError ? `timed out after ${error.timeout} ms` : error.message,
    latencyMs: Math.round(
      error instanceof AgentCallError ? error.latencyMs : error instanceof NodeTimeoutError ? error.elapsed : 0,
    ),
    ...(error instanceof AgentCallError && error.toolCalls.length ? { toolCalls: error.toolCalls } : {}),
  };
  config?.writer?.({ event: "agent_end", result } satisfies AgentEvent);
  return { results: [result] };
}
