/**
 * The parallel mode graph with its agent node swapped for a bare model call:
 * no host admission, slot, time limit, progress events or tool-call records.
 * Between raw LangGraph and the mode graph, it shows what llmgenie's graph
 * shape costs on LangGraph (its state, nodes, barrier, retry and error
 * handling) apart from its agent call (§ 4, § 8).
 */
import { StateGraph } from "@langchain/langgraph";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { createParallelGraph } from "../src/graphs/parallel.js";
import { textOf, usageOf } from "../src/agents/invoke.js";
import type { RunAgentInput } from "../src/nodes/runAgent.js";
import { OrchestrationState, type OrchestrationUpdate } from "../src/state/state.js";

/** @param models - agent name → its chat model (the same agents the run's `configurable.agents` names) */
export function createBareAgentParallelGraph(models: Record<string, BaseChatModel>) {
  const callModel = async ({ assignment }: RunAgentInput): Promise<OrchestrationUpdate> => {
    const system = assignment.system ? [new SystemMessage(assignment.system)] : [];
    const reply = await models[assignment.agent]!.invoke([...system, new HumanMessage(assignment.prompt)]);
    const { key, agent, task } = assignment;
    return { results: [{ key, agent, model: agent, task, status: "completed", output: textOf(reply), latencyMs: 0, usage: usageOf(reply) }] };
  };
  const builder = createParallelGraph();
  // LangGraph wraps a node function as it adds it: take the wrapped call from a graph of its own,
  // and keep the mode graph's input schema, retry policy and error handler.
  const { runnable } = new StateGraph(OrchestrationState).addNode("runAgent", callModel).nodes.runAgent;
  builder.nodes.runAgent = { ...builder.nodes.runAgent, runnable };
  return builder.compile();
}
