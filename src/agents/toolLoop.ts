/**
 * How one attempt of an agent that acts runs inside the `runAgent` node: the
 * standard LangGraph tool-calling agent (`createAgent` from `langchain`) for
 * a model with tools, or the user's own LangGraph agent. Both run as
 * subgraphs of the node, so their model and tool calls stream, trace as
 * child runs, checkpoint under the node and see the run's signal.
 */
import { onAbort } from "./signals.js";
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { CallbackManager } from "@langchain/core/callbacks/manager";
import type { Assignment, Usage } from "../state/schemas.js";
import { addUsage } from "../state/state.js";
import { NO_USAGE, textOf, usageOf } from "./invoke.js";
import type { ChatAgent, ResolvedAgent } from "./resolve.js";
import { ToolCallCallbacks, ToolCallRecorder, toolCallRecording } from "./toolCalls.js";
import { McpServerError, type McpConnections } from "./mcp.js";

/** What an attempt ends with: the final answer (not the tool chatter), every model turn's tokens and Ollama load time. */
export interface AttemptAnswer {
  output: string;
  usage: Usage;
  /** Σ Ollama `load_duration` of the model turns (ms), when the model reports it. */
  modelLoadMs?: number;
}

/**
 * Ollama's `load_duration` of the model turns (nanoseconds, in
 * `response_metadata`: how long the server took to have the model ready),
 * summed, in ms; nothing when no turn reports one (other chat models).
 */
function modelLoadOf(turns: BaseMessage[]): Pick<AttemptAnswer, "modelLoadMs"> {
  let totalNs: number | undefined;
  for (const turn of turns) {
    const ns = (turn.response_metadata as { load_duration?: unknown } | undefined)?.load_duration;
    if (typeof ns === "number" && Number.isFinite(ns) && ns >= 0) totalNs = (totalNs ?? 0) + ns;
  }
  return totalNs === undefined ? {} : { modelLoadMs: Math.round(totalNs / 1e6) };
}

/** An attempt that would make more tool calls than allowed; not retried, fallbacks apply. */
export class ToolCallLimitError extends Error {
  override name = "ToolCallLimitError";
  constructor(readonly limit: number) {
    super(`exceeded maxToolCalls (${limit}): the agent asked for more tool calls than one attempt may make`);
  }
}

/** The last AI message's text and the tokens of every AI message after the input. */
function answerOf(messages: BaseMessage[], inputCount: number): AttemptAnswer {
  const turns = messages.slice(inputCount).filter((message) => AIMessage.isInstance(message));
  const last = turns.at(-1);
  if (!last) throw new Error("the agent returned no answer");
  return { output: textOf(last), usage: turns.reduce((sum, turn) => addUsage(sum, usageOf(turn)), NO_USAGE), ...modelLoadOf(turns) };
}

/**
 * A model with tools: `createAgent`'s model → tools → model loop, with the
 * tool-call limit (`toolCallLimitMiddleware`, exceeding it throws) and the
 * recording middleware (a failing tool answers the model instead of failing).
 *
 * @param agent - the agent and its chat model
 * @param tools - its tools: from code and from its MCP servers
 * @param system - its system prompt (instructions and task prompt)
 * @param prompt - the task
 * @param config - the `runAgent` node's config (signal, callbacks, checkpoint namespace)
 * @param limits - tool calls per attempt and the time limit of one tool call
 */
export async function runToolLoop(
  agent: ChatAgent,
  tools: StructuredToolInterface[],
  system: string | undefined,
  prompt: string,
  config: LangGraphRunnableConfig,
  recorder: ToolCallRecorder,
  limits: { maxToolCalls: number; toolTimeoutMs: number },
): Promise<AttemptAnswer> {
  const { ToolCallLimitExceededError, createAgent, toolCallLimitMiddleware } = await import("langchain");
  const loop = createAgent({
    model: agent.model,
    tools,
    ...(system ? { systemPrompt: system } : {}),
    middleware: [
      toolCallLimitMiddleware({ runLimit: limits.maxToolCalls, exitBehavior: "error" }),
      await toolCallRecording(recorder, limits.toolTimeoutMs),
    ],
    name: agent.name,
  });
  const input = [new HumanMessage(prompt)];
  try {
    const state = await loop.invoke({ messages: input }, config);
    recorder.restore(state.messages);
    return answerOf(state.messages, input.length);
  } catch (error) {
    if (error instanceof ToolCallLimitExceededError) throw new ToolCallLimitError(limits.maxToolCalls);
    throw error;
  }
}

/**
 * A LangGraph agent given as it is (`createAgent(...)`, a compiled graph):
 * invoked with the task as one human message; its tool runs are recorded
 * from callbacks, and its `maxToolCalls`-th call + 1 stops it.
 */
export async function runLangGraphAgent(
  agent: ResolvedAgent & { graph: NonNullable<ResolvedAgent["graph"]> },
  system: string | undefined,
  prompt: string,
  config: LangGraphRunnableConfig,
  recorder: ToolCallRecorder,
  maxToolCalls: number,
): Promise<AttemptAnswer> {
  // The agent has its own system prompt; llmgenie's task framing goes with the task.
  const input = [new HumanMessage(system ? `${system}\n\n${prompt}` : prompt)];
  const callbacks = new ToolCallCallbacks(recorder);
  const inherited = config.callbacks;
  // One controller for the run's signal and the limit (not `AbortSignal.any`, whose listeners Node 20 can lose).
  const stop = new AbortController();
  let limitReached = false;
  recorder.onStart = (count) => {
    if (count <= maxToolCalls) return;
    limitReached = true;
    stop.abort();
  };
  const { signal } = config;
  if (signal?.aborted) stop.abort(signal.reason);
  const unsubscribe = signal ? onAbort(signal, () => stop.abort(signal.reason)) : undefined;
  try {
    const state = await agent.graph.invoke(
      { messages: input },
      {
        ...config,
        // A nested graph takes its abort signal from the parent's `__pregel_abort_signals` over `signal`;
        // without them it uses `signal`, which carries the run's cancellation and the limit.
        configurable: Object.fromEntries(Object.entries(config.configurable ?? {}).filter(([key]) => key !== "__pregel_abort_signals")),
        signal: stop.signal,
        // A hard stop as well: a tool round takes at most a few steps.
        recursionLimit: (maxToolCalls + 2) * 4,
        callbacks:
          inherited instanceof CallbackManager ? inherited.copy([callbacks]) : [...(Array.isArray(inherited) ? inherited : []), callbacks],
      },
    );
    return answerOf(state.messages, input.length);
  } catch (error) {
    const overLimit = limitReached || (error as Error)?.name === "GraphRecursionError";
    if (overLimit && !config.signal?.aborted) throw new ToolCallLimitError(maxToolCalls);
    throw error;
  } finally {
    unsubscribe?.();
  }
}

/** What an attempt needs besides the agent and its task. */
export interface AttemptOptions {
  /** The tool calls of this attempt. */
  recorder: ToolCallRecorder;
  maxToolCalls: number;
  toolTimeoutMs: number;
  /** The MCP servers of the run's owner. */
  mcp?: McpConnections;
}

/**
 * One attempt of an agent at its assignment: a LangGraph agent as given; a
 * model with tools (its own and its MCP servers') in the tool loop; a plain
 * model in one call, as always.
 */
export async function runAttempt(
  agent: ResolvedAgent,
  assignment: Pick<Assignment, "system" | "prompt">,
  config: LangGraphRunnableConfig,
  options: AttemptOptions,
): Promise<AttemptAnswer> {
  const system = [agent.instructions, assignment.system].filter(Boolean).join("\n\n") || undefined;
  if (agent.graph) {
    return runLangGraphAgent({ ...agent, graph: agent.graph }, system, assignment.prompt, config, options.recorder, options.maxToolCalls);
  }
  const model = agent.model!;
  const servers = agent.mcp ?? [];
  if (servers.length && !options.mcp) throw new McpServerError(`MCP server "${servers[0]}" is not configured (no mcpServers)`);
  const tools = [...(agent.tools ?? []), ...(servers.length ? await options.mcp!.tools(servers) : [])];
  if (tools.length) {
    return runToolLoop({ ...agent, model }, tools, system, assignment.prompt, config, options.recorder, options);
  }
  const reply = await model.invoke([...(system ? [new SystemMessage(system)] : []), new HumanMessage(assignment.prompt)], config);
  return { output: textOf(reply), usage: usageOf(reply), ...modelLoadOf([reply]) };
}
