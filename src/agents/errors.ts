import type { ToolCallRecord } from "../state/schemas.js";
import type { ResolvedAgent } from "./resolve.js";
import { TokenBudgetError } from "./budget.js";
import { causeCode, noResponseReason } from "../networkErrors.js";

/** A call cut off by its time limit (`agentTimeoutMs`). */
export class AgentTimeoutError extends Error {
  override name = "AgentTimeoutError";
  constructor(readonly limitMs: number) {
    super(`timed out after ${limitMs} ms`);
  }
}

/**
 * An agent call failed; carries how long the failed attempt took, the tool
 * calls it made, and whether trying again could help.
 */
export class AgentCallError extends Error {
  override name = "AgentCallError";
  readonly toolCalls: ToolCallRecord[];
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly latencyMs: number,
    readonly status?: number,
    options?: { cause?: unknown; toolCalls?: ToolCallRecord[]; retryable?: boolean },
  ) {
    super(message, options);
    this.toolCalls = options?.toolCalls ?? [];
    this.retryable = options?.retryable ?? true;
  }
}

const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ECONNRESET", "EAI_AGAIN", "UND_ERR_SOCKET"]);

/** HTTP status of an Ollama `ResponseError` (or similar), if any. */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as { status_code?: unknown; status?: unknown; response?: { status?: unknown } };
  const status = e?.status_code ?? e?.status ?? e?.response?.status;
  return typeof status === "number" ? status : undefined;
}

/**
 * A message a user can act on: the server URL when it cannot be reached, the
 * `ollama pull` command when a model is missing, the limit when a call timed out.
 */
export function describeAgentError(error: unknown, agent: ResolvedAgent): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = causeCode(error);
  const where = agent.baseUrl ? ` at ${agent.baseUrl}` : "";
  if (code && UNREACHABLE_CODES.has(code)) return `cannot reach the model server${where} (${code})`;
  const noResponse = noResponseReason(error);
  if (noResponse) return `cannot reach the model server${where} (${noResponse})`;
  if (httpStatusOf(error) === 404 && /not found|pull/i.test(message)) {
    return `model "${agent.modelName}" is not available${where}: run \`ollama pull ${agent.modelName}\` (${message})`;
  }
  const status = httpStatusOf(error);
  return status ? `HTTP ${status}${where}: ${message}` : message;
}

/**
 * Retry transient failures only: not a missing model or bad request (4xx), not
 * a cancellation, not a call refused by the token budget, and not a call cut off by `agentTimeoutMs` (a server too slow
 * for the limit once is likely to be again; a fallback agent may take the task).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof AgentTimeoutError || (error as Error)?.cause instanceof AgentTimeoutError || error instanceof TokenBudgetError) return false;
  if (error instanceof AgentCallError && !error.retryable) return false;
  const status = error instanceof AgentCallError ? error.status : httpStatusOf(error);
  if (status !== undefined && status >= 400 && status < 500) return false;
  if ((error as Error)?.name === "AbortError") return false;
  return true;
}
