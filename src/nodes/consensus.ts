import { similarityMatrix } from "../quality/similarity.js";
import type { Consensus } from "../state/schemas.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";
import { completedCandidates } from "./selectCandidate.js";

/** Two answers "agree" at or above this similarity. */
export const AGREEMENT_THRESHOLD = 0.5;

/**
 * Agreement between candidate answers: the mean pairwise similarity of their
 * normalised content (high ≥ 0.7, medium ≥ 0.4, else low); how many agents
 * agree with the selected answer; and outliers, the agents that agree with
 * no other candidate. Fewer than two answers: insufficient_data.
 */
export function analyseConsensus(answers: { agent: string; output: string }[], selectedIndex = 0): Consensus {
  if (answers.length < 2) {
    return { consensus: "insufficient_data", agreementLevel: 0, agentsAgreeing: answers.length, outliers: [] };
  }
  const n = answers.length;
  const sim = similarityMatrix(answers.map((a) => a.output));
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) total += sim[i]![j]!;
  const agreementLevel = total / ((n * (n - 1)) / 2);
  const agentsAgreeing = sim[selectedIndex]!.filter((s) => s >= AGREEMENT_THRESHOLD).length;
  const outliers = answers
    .filter((_, i) => sim[i]!.every((s, j) => i === j || s < AGREEMENT_THRESHOLD))
    .map((a) => a.agent);
  const consensus = agreementLevel >= 0.7 ? "high" : agreementLevel >= 0.4 ? "medium" : "low";
  return { consensus, agreementLevel: Number(agreementLevel.toFixed(4)), agentsAgreeing, outliers };
}

/** Collaborative: how far the candidates agree, relative to the one selected. */
export async function consensus(state: OrchestrationStateType): Promise<OrchestrationUpdate> {
  const answers = completedCandidates(state.results).map((c) => ({ agent: c.agent, output: c.output ?? "" }));
  return { consensus: analyseConsensus(answers, state.selection?.index ?? 0) };
}
