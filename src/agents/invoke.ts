import type { BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { DEFAULT_AGENT_TIMEOUT_MS, formatZodError, getConfiguration } from "../configuration.js";
import type { z } from "zod";
import type { Usage } from "../state/schemas.js";
import type { ChatAgent } from "./resolve.js";
import { assertWithinBudget } from "./budget.js";
import { AgentTimeoutError } from "./errors.js";
import { callOnHost } from "./hosts.js";
import { onAbort } from "./signals.js";

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };

/** Token counts from a LangChain message's `usage_metadata` (absent → zeros). */
export function usageOf(message: unknown): Usage {
  const meta = (message as { usage_metadata?: { input_tokens?: number; output_tokens?: number } })
    ?.usage_metadata;
  return { inputTokens: meta?.input_tokens ?? 0, outputTokens: meta?.output_tokens ?? 0 };
}

/** Message content as plain text (multi-part content joined). */
export function textOf(message: BaseMessage): string {
  const content = message.content;
  if (typeof content === "string") return content;
  return content
    .map((part) => (typeof part === "string" ? part : "text" in part ? String(part.text) : ""))
    .join("");
}

/**
 * Run a coordinator's model call (plan, merge, judge, LLM classification)
 * under the agent time limit (`agentTimeoutMs` of the run configuration).
 * The limit joins the run's signal in the config that `call` gets, which
 * Ollama agents bind their requests to (`ollamaModel.ts`), so hitting it
 * closes the request; the call then rejects with an `AgentTimeoutError`
 * ("timed out after N ms"). `defaultLimitMs` applies when the run sets no `agentTimeoutMs`.
 * A run whose token budget is spent does not start the call (`TokenBudgetError`).
 */
export async function withTimeLimit<T>(
  config: RunnableConfig,
  call: (config: RunnableConfig) => Promise<T>,
  defaultLimitMs = DEFAULT_AGENT_TIMEOUT_MS,
): Promise<T> {
  assertWithinBudget(config);
  const limitMs = getConfiguration(config).agentTimeoutMs ?? defaultLimitMs;
  config.signal?.throwIfAborted();
  // One controller and one timer per call, joined to the run's signal through its shared
  // listener: `AbortSignal.timeout` + `AbortSignal.any` cost several times more per call and
  // add a listener per call to the run's signal.
  const bound = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    bound.abort(new AgentTimeoutError(limitMs));
  }, limitMs);
  const stopFollowing = config.signal ? onAbort(config.signal, () => bound.abort(config.signal!.reason)) : undefined;
  const bounded = { ...config, signal: bound.signal };
  try {
    return await call(bounded);
  } catch (error) {
    if (timedOut && !config.signal?.aborted) throw new AgentTimeoutError(limitMs);
    throw error;
  } finally {
    clearTimeout(timer);
    stopFollowing?.();
  }
}

export interface StructuredAnswer<T> {
  value: T;
  usage: Usage;
}

/**
 * Ask an agent for output that matches `schema` (Ollama's `format` JSON schema
 * under `ChatOllama`). Throws when the model fails or answers off-schema, so
 * callers can take their heuristic path and say so.
 */
export async function invokeStructured<S extends z.ZodType>(
  agent: ChatAgent,
  schema: S,
  messages: BaseMessage[],
  config?: RunnableConfig,
  name?: string,
): Promise<StructuredAnswer<z.infer<S>>> {
  const runnable = agent.model.withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, {
    includeRaw: true,
    ...(name ? { name } : {}),
  });
  const { hosts } = getConfiguration(config);
  const { raw, parsed } = await withTimeLimit(config ?? {}, (bounded) =>
    callOnHost(agent, hosts, bounded, () => runnable.invoke(messages, bounded)),
  );
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    // One line, fit for a warning: what was wrong, or the start of the prose that came instead of JSON.
    const text = textOf(raw as BaseMessage).replace(/\s+/g, " ").trim();
    const why =
      parsed === null || typeof parsed !== "object"
        ? `no JSON object in ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`
        : formatZodError(checked.error);
    throw new Error(`${agent.name} answered off-schema: ${why}`);
  }
  return { value: checked.data, usage: usageOf(raw) };
}
