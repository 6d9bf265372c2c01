import type { OrchestrationUpdate } from "../state/state.js";

/**
 * Deferred barrier after a round of agent work: it runs once all the round's
 * `runAgent` tasks are done, so the routing on its edges (fallbacks or the
 * next node) sees every result of the round.
 */
export async function joinAttempts(): Promise<OrchestrationUpdate> {
  return {};
}
