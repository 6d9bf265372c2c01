import { END, START, Send, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { agentForIndex } from "../agents/assign.js";
import { STEP_SYSTEM, stepPrompt } from "../agents/prompts.js";
import { planSteps } from "../nodes/planTasks.js";
import { planRejected, reviewPlan } from "../nodes/reviewPlan.js";
import { runAgent } from "../nodes/runAgent.js";
import { joinAttempts } from "../nodes/joinAttempts.js";
import { handoff } from "../nodes/handoff.js";
import { validateQuality } from "../nodes/validateQuality.js";
import { finalize } from "../nodes/finalize.js";
import type { Assignment } from "../state/schemas.js";
import { ModeInput, OrchestrationOutput, OrchestrationState, type OrchestrationStateType } from "../state/state.js";
import { indexOfKey, routeAfterAttempts, runAgentNodeOptions, type ModeGraphOptions } from "./agentWork.js";

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

/** The next step goes to the next agent in turn; after the last step, score the output. */
function nextStep(state: OrchestrationStateType, config: LangGraphRunnableConfig): Send | "validateQuality" {
  if (state.step >= state.plan.length) return "validateQuality";
  const agent = agentForIndex(getConfiguration(config), state.step);
  return new Send("runAgent", { assignment: stepAssignment(state, state.step, agent) });
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
  return new StateGraph(OrchestrationState, { input: ModeInput, output: OrchestrationOutput, context: options.configSchema })
    .addNode("planSteps", planSteps)
    .addNode("reviewPlan", reviewPlan)
    .addNode("runAgent", runAgent, runAgentNodeOptions(options))
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
      routeAfterAttempts("handoff", (state, key, agent) => stepAssignment(state, indexOfKey(key), agent)),
      ["runAgent", "handoff"],
    )
    .addConditionalEdges("handoff", nextStep, ["runAgent", "validateQuality"])
    .addEdge("validateQuality", "finalize")
    .addEdge("finalize", END);
}
