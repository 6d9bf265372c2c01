import { END, START, Send, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { cascadeAgents } from "../agents/assign.js";
import { CASCADE_SYSTEM, candidatePrompt } from "../agents/prompts.js";
import { joinAttempts } from "../nodes/joinAttempts.js";
import { CASCADE_KEY, assessAnswer } from "../nodes/assessAnswer.js";
import { validateQuality } from "../nodes/validateQuality.js";
import { finalize } from "../nodes/finalize.js";
import { ModeInput, OrchestrationOutput, OrchestrationState, type OrchestrationStateType } from "../state/state.js";
import { runAgentNode, runAgentNodeOptions, type ModeGraphOptions } from "./agentWork.js";
import { withLlmgenieRuntime } from "./compile.js";

/** Options of the cascade graph: those of every mode, and whether the input's tests may run. */
export interface CascadeGraphOptions extends ModeGraphOptions {
  /** Run the input's `tests` in the sandbox to judge answers (default false: the quality threshold decides). */
  executeCode?: boolean;
}

/** The next rung: the agent after the ones already tried, on the whole query. */
function nextRung(state: OrchestrationStateType, config: LangGraphRunnableConfig): Send {
  const rung = state.cascadeSteps.length;
  const agent = cascadeAgents(getConfiguration(config))[rung]!;
  return new Send("runAgent", {
    assignment: {
      key: CASCADE_KEY,
      task: "candidate",
      agent,
      system: CASCADE_SYSTEM,
      prompt: candidatePrompt(state.query, state.context),
      attempt: rung + 1,
    },
  });
}

/**
 * After a verdict: the next agent when the cascade escalated, else score the
 * output. A rung with no attempt (a call cut off by cancellation records none,
 * and a resumed run gets here without it) leaves the steps as they were, so
 * the same rung is sent again.
 */
const afterAssessment = (state: OrchestrationStateType, config: LangGraphRunnableConfig) =>
  state.cascadeSteps.length === 0 || state.cascadeSteps.at(-1)?.decision === "escalated"
    ? nextRung(state, config)
    : "validateQuality";

/**
 * Cascade mode (FrugalGPT-style): the cheapest agent answers first → its
 * answer is checked (the input's tests when they may run, else the quality
 * threshold `cascadeThreshold`) → accepted, or the next agent answers, and
 * so on → score the output → finalize. Each rung is one `runAgent` call; a
 * failed agent escalates too. `cascadeSteps` in the state records every step.
 *
 * @param options - retry and per-agent timeout of the agent calls; `executeCode` to run tests
 * @returns the graph builder; `.compile()` it, or add nodes first
 */
export function createCascadeGraph(options: CascadeGraphOptions = {}) {
  const graph = new StateGraph(OrchestrationState, { input: ModeInput, output: OrchestrationOutput, context: options.configSchema })
    .addNode("runAgent", runAgentNode(options), runAgentNodeOptions(options))
    .addNode("joinAttempts", joinAttempts, { defer: true })
    .addNode("assessAnswer", assessAnswer({ executeCode: options.executeCode }))
    .addNode("validateQuality", validateQuality)
    .addNode("finalize", finalize)
    .addConditionalEdges(START, nextRung, ["runAgent"])
    .addEdge("runAgent", "joinAttempts")
    .addEdge("joinAttempts", "assessAnswer")
    .addConditionalEdges("assessAnswer", afterAssessment, ["runAgent", "validateQuality"])
    .addEdge("validateQuality", "finalize")
    .addEdge("finalize", END);
  return withLlmgenieRuntime(graph);
}
