import type { Terminal } from "./terminal.js";

/** The variables LangChain reads to turn tracing on (any of them set to "true"). */
const TRACING_FLAGS = ["LANGSMITH_TRACING_V2", "LANGCHAIN_TRACING_V2", "LANGSMITH_TRACING", "LANGCHAIN_TRACING"];

/** Bound on sending the last trace batches, so an unreachable endpoint cannot hold the CLI for minutes. */
export const TRACE_FLUSH_TIMEOUT_MS = 5_000;

/** Whether LangChain will trace this process's runs to LangSmith. */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return TRACING_FLAGS.some((name) => env[name] === "true");
}

/** The LangSmith endpoint traces go to. */
export const langsmithEndpoint = (env: NodeJS.ProcessEnv = process.env): string =>
  env.LANGSMITH_ENDPOINT || env.LANGCHAIN_ENDPOINT || "https://api.smith.langchain.com";

/**
 * Send pending LangSmith traces before the process exits (a short script
 * otherwise loses them), waiting at most `timeoutMs`; says so when some may
 * be lost. Does nothing when tracing is off.
 */
export async function flushTraces(stderr: Terminal, timeoutMs = TRACE_FLUSH_TIMEOUT_MS): Promise<void> {
  if (!tracingEnabled()) return;
  // Loaded here, not at the top: usage errors answer without loading LangChain.
  const { flushTraces: sendPendingTraces } = await import("../tracing.js");
  if (!(await sendPendingTraces({ timeoutMs }))) {
    stderr.write(
      `llmgenie: LangSmith traces were not all sent within ${timeoutMs / 1000}s (${langsmithEndpoint()}); some may be missing\n`,
    );
  }
}
