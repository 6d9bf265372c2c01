import { END, START, Send, StateGraph } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { CANDIDATE_SYSTEM, candidatePrompt } from "../agents/prompts.js";
import { joinAttempts } from "../nodes/joinAttempts.js";
import { selectCandidate } from "../nodes/selectCandidate.js";
import { consensus } from "../nodes/consensus.js";
import { validateQuality } from "../nodes/validateQuality.js";
import { finalize } from "../nodes/finalize.js";
import type { Assignment } from "../state/schemas.js";
import { ModeInput, OrchestrationOutput, OrchestrationState, type OrchestrationStateType } from "../state/state.js";
import { routeAfterAttempts, runAgentNode, runAgentNodeOptions, type ModeGraphOptions } from "./agentWork.js";
import { withLlmgenieRuntime } from "./compile.js";

/** A candidate's key is its first agent's, so a fallback answer stands in for it. */
function candidateAssignment(state: OrchestrationStateType, key: string, agent: string): Assignment {
  return {
    key,
    task: "candidate",
    agent,
    system: CANDIDATE_SYSTEM,
    prompt: candidatePrompt(state.query, state.context),
    attempt: 1,
  };
}

/** One candidate per agent: every agent answers the whole query. */
const candidateAssignments = (state: OrchestrationStateType, config: LangGraphRunnableConfig): Assignment[] =>
  Object.keys(getConfiguration(config).agents).map((agent) => candidateAssignment(state, `candidate:${agent}`, agent));

/** Every agent answers, concurrently. */
const fanOut = (state: OrchestrationStateType, config: LangGraphRunnableConfig): Send[] =>
  candidateAssignments(state, config).map((assignment) => new Send("runAgent", { assignment }));

/**
 * Collaborative mode: every agent answers → fallback rounds for failed
 * candidates → `selectBest` keeps the best (rules, votes, judge) → consensus
 * between candidates → score the output → finalize.
 *
 * @param options - retry and per-agent timeout of the agent calls
 * @returns the graph builder; `.compile()` it, or add nodes first
 */
export function createCollaborativeGraph(options: ModeGraphOptions = {}) {
  const graph = new StateGraph(OrchestrationState, { input: ModeInput, output: OrchestrationOutput, context: options.configSchema })
    .addNode("runAgent", runAgentNode(options), runAgentNodeOptions(options))
    .addNode("joinAttempts", joinAttempts, { defer: true })
    .addNode("selectCandidate", selectCandidate)
    // Not "consensus": that name is a state key, and LangGraph forbids a node of the same name.
    .addNode("measureConsensus", consensus)
    .addNode("validateQuality", validateQuality)
    .addNode("finalize", finalize)
    .addConditionalEdges(START, fanOut, ["runAgent"])
    .addEdge("runAgent", "joinAttempts")
    .addConditionalEdges("joinAttempts", routeAfterAttempts("selectCandidate", candidateAssignments, candidateAssignment), [
      "runAgent",
      "selectCandidate",
    ])
    .addEdge("selectCandidate", "measureConsensus")
    .addEdge("measureConsensus", "validateQuality")
    .addEdge("validateQuality", "finalize")
    .addEdge("finalize", END);
  return withLlmgenieRuntime(graph);
}
