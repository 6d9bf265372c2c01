import { END, START, Send, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { assignSubtasks } from "../agents/assign.js";
import { hostPoolOf } from "../agents/hosts.js";
import { SUBTASK_SYSTEM, subtaskPrompt } from "../agents/prompts.js";
import { planSubtasks } from "../nodes/planTasks.js";
import { joinAttempts } from "../nodes/joinAttempts.js";
import { merge } from "../nodes/merge.js";
import { validateQuality } from "../nodes/validateQuality.js";
import { finalize } from "../nodes/finalize.js";
import type { Assignment } from "../state/schemas.js";
import { ModeInput, OrchestrationOutput, OrchestrationState, type OrchestrationStateType } from "../state/state.js";
import { indexOfKey, routeAfterAttempts, runAgentNode, runAgentNodeOptions, type ModeGraphOptions } from "./agentWork.js";
import { withLlmgenieRuntime } from "./compile.js";

function subtaskAssignment(state: OrchestrationStateType, index: number, agent: string): Assignment {
  const subtask = state.plan[index]!;
  return {
    key: `subtask:${index}`,
    task: subtask,
    agent,
    system: SUBTASK_SYSTEM,
    prompt: subtaskPrompt(state.query, subtask, state.context),
    attempt: 1,
  };
}

/**
 * One assignment per subtask, in plan order. Any agent may do any subtask:
 * they go to models their hosts already hold, spread over hosts (`assignSubtasks`).
 */
async function subtaskAssignments(state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<Assignment[]> {
  const agents = await assignSubtasks(getConfiguration(config), state.plan.length, hostPoolOf(config));
  return state.plan.map((_, i) => subtaskAssignment(state, i, agents[i]!));
}

/** One `Send` per subtask. */
const fanOut = async (state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<Send[]> =>
  (await subtaskAssignments(state, config)).map((assignment) => new Send("runAgent", { assignment }));

/**
 * Parallel mode (map-reduce): plan subtasks → one `runAgent` per subtask,
 * all at once (agent calls capped by the run's `maxConcurrency`) → fallback rounds for
 * failed subtasks → merge into one answer → score it → finalize.
 *
 * @param options - retry and per-agent timeout of the agent calls
 * @returns the graph builder; `.compile()` it, or add nodes first
 */
export function createParallelGraph(options: ModeGraphOptions = {}) {
  const graph = new StateGraph(OrchestrationState, { input: ModeInput, output: OrchestrationOutput, context: options.configSchema })
    .addNode("planSubtasks", planSubtasks)
    .addNode("runAgent", runAgentNode(options), runAgentNodeOptions(options))
    .addNode("joinAttempts", joinAttempts, { defer: true })
    .addNode("merge", merge)
    .addNode("validateQuality", validateQuality)
    .addNode("finalize", finalize)
    .addEdge(START, "planSubtasks")
    .addConditionalEdges("planSubtasks", fanOut, ["runAgent"])
    .addEdge("runAgent", "joinAttempts")
    .addConditionalEdges(
      "joinAttempts",
      routeAfterAttempts("merge", subtaskAssignments, (state, key, agent) => subtaskAssignment(state, indexOfKey(key), agent)),
      ["runAgent", "merge"],
    )
    .addEdge("merge", "validateQuality")
    .addEdge("validateQuality", "finalize")
    .addEdge("finalize", END);
  return withLlmgenieRuntime(graph);
}
