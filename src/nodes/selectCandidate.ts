import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration, type Configuration } from "../configuration.js";
import { getChatAgent, resolveAgentSpec, type ChatAgent } from "../agents/resolve.js";
import { selectBest } from "../selection/index.js";
import type { AgentResultRecord } from "../state/schemas.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/** The judge: an agent by name, or a chat model given directly. */
function judgeOf(configuration: Configuration): ChatAgent | undefined {
  const { judge } = configuration;
  if (judge === undefined) return undefined;
  return typeof judge === "string" ? getChatAgent(configuration, judge) : resolveAgentSpec("judge", judge);
}

const variance = (values: number[]): number => {
  if (values.length === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
};

/** The completed candidates, one per task key, in order of first attempt. */
export function completedCandidates(results: AgentResultRecord[]): AgentResultRecord[] {
  return results.filter((r) => r.key.startsWith("candidate:") && r.status === "completed");
}

/**
 * Collaborative: keep the best candidate. `selectBest` scores them with the
 * rules, votes on extractable final answers, and asks the judge (both orders)
 * when one is configured; the scores' variance says how far apart they were.
 */
export async function selectCandidate(
  state: OrchestrationStateType,
  config: LangGraphRunnableConfig,
): Promise<OrchestrationUpdate> {
  const candidates = completedCandidates(state.results);
  if (candidates.length === 0) return { output: "" };
  const configuration = getConfiguration(config);
  const pick = await selectBest(
    { query: state.query, candidates: candidates.map((c) => c.output ?? ""), judge: judgeOf(configuration) },
    // The judge's calls in flight: the run's cap (LangGraph's own key is left uncapped, see agents/limits.ts).
    { ...config, maxConcurrency: configuration.maxConcurrency },
  );
  const winner = candidates[pick.index]!;
  return {
    output: winner.output ?? "",
    selection: {
      index: pick.index,
      scores: pick.scores,
      method: pick.method,
      reasons: pick.reasons,
      candidateKeys: candidates.map((c) => c.key),
    },
    qualityVariance: variance(pick.scores),
    usage: pick.usage,
    warnings: pick.warnings,
  };
}
