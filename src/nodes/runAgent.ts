import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig, NodeError } from "@langchain/langgraph";
import { NodeTimeoutError } from "@langchain/langgraph";
import { z } from "zod";
import { getConfiguration } from "../configuration.js";
import { getAgent } from "../agents/resolve.js";
import { textOf, usageOf } from "../agents/invoke.js";
import { AgentCallError, describeAgentError, httpStatusOf } from "../agents/errors.js";
import { callOnHost, hostOf } from "../agents/hosts.js";
import { AssignmentSchema, type AgentResultRecord } from "../state/schemas.js";
import type { OrchestrationUpdate } from "../state/state.js";

/** What `Send("runAgent", …)` carries: one assignment, nothing else of the state. */
export const RunAgentInput = z.object({ assignment: AssignmentSchema });
export type RunAgentInput = z.infer<typeof RunAgentInput>;

/** Progress events on the `custom` stream (the CLI renders them). */
export type AgentEvent =
  | { event: "agent_start"; key: string; agent: string; model: string; task: string; attempt: number }
  | {
      event: "agent_end";
      result: AgentResultRecord;
      /** What the answer is scored against (`attemptScore(result, question)`), for observers that show a score. */
      question?: string;
    };

/**
 * One agent, one task, one attempt. A model error is thrown so LangGraph's
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
  const messages = [
    ...(assignment.system ? [new SystemMessage(assignment.system)] : []),
    new HumanMessage(assignment.prompt),
  ];
  const started = performance.now();
  let reply;
  try {
    reply = await callOnHost(agent, configuration.hosts, config, () => agent.model.invoke(messages, {
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
    }));
  } catch (error) {
    if (config.signal?.aborted) throw error;
    throw new AgentCallError(describeAgentError(error, agent), performance.now() - started, httpStatusOf(error), {
      cause: error,
    });
  }
  const output = textOf(reply);
  const host = hostOf(agent);
  const result: AgentResultRecord = {
    key: assignment.key,
    agent: agent.name,
    model: agent.modelName,
    ...(host ? { host } : {}),
    task: assignment.task,
    status: "completed",
    output,
    latencyMs: Math.round(performance.now() - started),
    usage: usageOf(reply),
  };
  const question = assignment.task === "candidate" ? assignment.prompt : assignment.task;
  config.writer?.({ event: "agent_end", result, question } satisfies AgentEvent);
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
    error: error instanceof NodeTimeoutError ? `timed out after ${error.timeout} ms` : error.message,
    latencyMs: Math.round(
      error instanceof AgentCallError ? error.latencyMs : error instanceof NodeTimeoutError ? error.elapsed : 0,
    ),
  };
  config?.writer?.({ event: "agent_end", result } satisfies AgentEvent);
  return { results: [result] };
}
