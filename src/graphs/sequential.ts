import { END, START, Send, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { agentForIndex } from "../agents/assign.js";
import { STEP_SYSTEM, stepPrompt } from "../agents/prompts.js";
import { planSteps } from "../nodes/planTasks.js";
import { planRejected, reviewPlan } from "../nodes/reviewPlan.js";
import { joinAttempts } from "../nodes/joinAttempts.js";
import { handoff } from "../nodes/handoff.js";
import { validateQuality } from "../nodes/validateQuality.js";
import { finalize } from "../nodes/finalize.js";
import type { Assignment } from "../state/schemas.js";
import { ModeInput, OrchestrationOutput, OrchestrationState, type OrchestrationStateType } from "../state/state.js";
import { indexOfKey, routeAfterAttempts, runAgentNode, runAgentNodeOptions, type ModeGraphOptions } from "./agentWork.js";
import { withLlmgenieRuntime } from "./compile.js";

function stepAssignment(state: OrchestrationStateType, index: number, agent: string): Assignment {
  return {
    key: `step:${index}`,
    task: state.plan[index]!,
    agent,
    system: STEP_SYSTEM,
    prompt: stepPrompt(state.query, state.plan, index, state.handoffs, state.context),
    attempt: 1,
  };
}

/** The current step, for the next agent in turn (none after the last step). */
function currentStep(state: OrchestrationStateType, config: LangGraphRunnableConfig): Assignment[] {
  if (state.step >= state.plan.length) return [];
  return [stepAssignment(state, state.step, agentForIndex(getConfiguration(config), state.step))];
}

/** The next step goes to the next agent in turn; after the last step, score the output. */
function nextStep(state: OrchestrationStateType, config: LangGraphRunnableConfig): Send | "validateQuality" {
  const [assignment] = currentStep(state, config);
  return assignment ? new Send("runAgent", { assignment }) : "validateQuality";
}

/** A plan the reviewer rejected ends the run (already `failed`); otherwise the first step. */
const afterReview = (state: OrchestrationStateType, config: LangGraphRunnableConfig) =>
  planRejected(state) ? END : nextStep(state, config);

/**
 * Sequential mode: plan steps → (with `humanReview`) a person approves,
 * edits or rejects the plan → for each step, one agent does it (fallback
 * rounds if it fails) → a typed handoff that every later step sees → after
 * the last step, score its answer → finalize. The plan sets the number of steps.
 *
 * @param options - retry and per-agent timeout of the agent calls
 * @returns the graph builder; `.compile()` it, or add nodes first
 */
export function createSequentialGraph(options: ModeGraphOptions = {}) {
  const graph = new StateGraph(OrchestrationState, { input: ModeInput, output: OrchestrationOutput, context: options.configSchema })
    .addNode("planSteps", planSteps)
    .addNode("reviewPlan", reviewPlan)
    .addNode("runAgent", runAgentNode(options), runAgentNodeOptions(options))
    .addNode("joinAttempts", joinAttempts, { defer: true })
    .addNode("handoff", handoff)
    .addNode("validateQuality", validateQuality)
    .addNode("finalize", finalize)
    .addEdge(START, "planSteps")
    .addEdge("planSteps", "reviewPlan")
    .addConditionalEdges("reviewPlan", afterReview, ["runAgent", "validateQuality", END])
    .addEdge("runAgent", "joinAttempts")
    .addConditionalEdges(
      "joinAttempts",
      routeAfterAttempts("handoff", currentStep, (state, key, agent) => stepAssignment(state, indexOfKey(key), agent)),
      ["runAgent", "handoff"],
    )
    .addConditionalEdges("handoff", nextStep, ["runAgent", "validateQuality"])
    .addEdge("validateQuality", "finalize")
    .addEdge("finalize", END);
  return withLlmgenieRuntime(graph);
}
