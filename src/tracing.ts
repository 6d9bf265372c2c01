import { awaitAllCallbacks } from "@langchain/core/callbacks/promises";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { ExecutionMode } from "./state/schemas.js";

/** Tag on every run llmgenie starts, to filter its traces in LangSmith. */
export const TRACE_TAG = "llmgenie";

/** How long `flushTraces` waits by default. */
export const DEFAULT_FLUSH_TIMEOUT_MS = 3_000;

/**
 * Tags and metadata of a mode graph's runs, so every run inside it (nodes,
 * agent calls) can be filtered by mode in LangSmith: tags `llmgenie` and
 * `mode:<mode>`, metadata `executionMode`. Apply with `.withConfig()` on
 * the compiled graph; LangGraph passes both down to every child run.
 */
export function modeTracing(mode: ExecutionMode): Pick<RunnableConfig, "tags" | "metadata"> {
  return { tags: [TRACE_TAG, `mode:${mode}`], metadata: { executionMode: mode } };
}

/**
 * Send the traces still queued to LangSmith, waiting at most `timeoutMs`
 * (default 3 s). A short-lived process (a CLI run, a script) loses its
 * traces unless it flushes before it exits; with an unreachable endpoint the
 * LangSmith client retries for minutes, so the wait is bounded. Without
 * tracing there is nothing queued and it resolves at once.
 *
 * The uploads that did not finish in time keep running (and keep the event
 * loop alive): a CLI should exit explicitly after this.
 *
 * @returns true when everything was sent, false when the time ran out
 *
 * @example
 * const result = await orchestrator.orchestrate("…");
 * await flushTraces();
 */
export async function flushTraces({ timeoutMs = DEFAULT_FLUSH_TIMEOUT_MS }: { timeoutMs?: number } = {}): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([awaitAllCallbacks().then(() => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
