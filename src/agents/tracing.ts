/**
 * The run name, tags and metadata of an agent call: LangSmith filters by
 * agent, model, task and attempt, and the `messages` stream names the agent
 * and task. LangChain reads them only through callback handlers, so a call
 * that no handler sees goes without: building them and copying them through
 * each runnable of the model call cost about 9 µs a call, a fifth of what
 * llmgenie added per subtask to a zero-latency fan-out (docs/benchmarks.md § 8).
 */
import { CallbackManager } from "@langchain/core/callbacks/manager";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { Assignment } from "../state/schemas.js";
import type { ResolvedAgent } from "./resolve.js";

/**
 * Whether any callback handler would see the agent's call, as LangChain
 * itself decides for a chat model's call: the run's handlers (LangSmith, a
 * streamed run's events and tokens, a token budget), the model's own, and
 * those LangChain adds from the environment (LangSmith tracing, verbose).
 * An agent that runs a tool loop or a graph of its own always is.
 */
function isObserved(agent: ResolvedAgent, config: RunnableConfig): boolean {
  const { model } = agent;
  if (!model || agent.graph || agent.tools?.length || agent.mcp?.length) return true;
  return CallbackManager.configure(config.callbacks, model.callbacks, undefined, undefined, undefined, undefined, { verbose: model.verbose }) !== undefined;
}

/**
 * The agent call's run name, tags (the run's and `agent:<name>`) and
 * metadata (the run's, and which agent, model, task, task key such as
 * `subtask:2`, and attempt); none when no handler would see the call.
 *
 * @param config - the `runAgent` node's config
 */
export function agentTracing(
  agent: ResolvedAgent,
  assignment: Pick<Assignment, "task" | "key" | "attempt">,
  config: RunnableConfig,
): Pick<RunnableConfig, "runName" | "tags" | "metadata"> {
  if (!isObserved(agent, config)) return {};
  return {
    runName: agent.name,
    tags: [...(config.tags ?? []), `agent:${agent.name}`],
    metadata: {
      ...config.metadata,
      agent: agent.name,
      model: agent.modelName,
      task: assignment.task,
      taskKey: assignment.key,
      attempt: assignment.attempt,
    },
  };
}
