import { validateAnswer } from "../quality/index.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/** Score the final output against the query (0..1; 0 when there is no output). */
export async function validateQuality(state: OrchestrationStateType): Promise<OrchestrationUpdate> {
  const output = state.output.trim();
  return { qualityScore: output ? validateAnswer(state.query, output).score : 0 };
}
