/**
 * Ollama's tool-calling protocol for the loopback server, as `ChatOllama`
 * speaks it: the request carries `tools`, a turn that calls tools answers
 * with `message.tool_calls`, and the follow-up request carries the results as
 * `tool` role messages. A scripted model calls the tools of round 1, then of
 * round 2 …, then answers from what the tools returned.
 *
 * ```ts
 * const researcher = toolScript({
 *   rounds: [[toolCall("lookup", { topic: "tides" })]],
 *   answer: (results) => `The tide table says: ${results[0]}`,
 * });
 * const server = await useOllamaServer({ models: { "researcher:7b": researcher } });
 * ```
 */
import type { ChatRequest, OllamaMessage, OllamaToolCall, ReplyBehaviour, ScriptFunction } from "./ollamaScript.js";

/** One tool call of a scripted turn. */
export function toolCall(name: string, args: Record<string, unknown> = {}): OllamaToolCall {
  return { function: { name, arguments: args } };
}

/** A turn that calls these tools (all in one turn: the client runs them in parallel). */
export function callTools(...calls: OllamaToolCall[]): ReplyBehaviour {
  return { kind: "reply", content: "", toolCalls: calls };
}

/** Messages of the current task: everything after the last `user` message. */
const sinceLastUser = (messages: OllamaMessage[]): OllamaMessage[] =>
  messages.slice(messages.findLastIndex((m) => m.role === "user") + 1);

/** What the tools returned so far in this task (`tool` role messages), in order. */
export function toolResults(request: { messages?: OllamaMessage[] }): string[] {
  return sinceLastUser(request.messages ?? [])
    .filter((m) => m.role === "tool")
    .map((m) => String(m.content ?? ""));
}

/** How many tool-calling turns this task has had. */
export function toolRounds(request: Pick<ChatRequest, "messages">): number {
  return sinceLastUser(request.messages).filter((m) => m.role === "assistant" && (m.tool_calls?.length ?? 0) > 0).length;
}

/** Names of the tools the request offered (`tools[].function.name`). */
export function offeredTools(request: Pick<ChatRequest, "tools">): string[] {
  return (request.tools ?? []).map((t) => String((t as { function?: { name?: unknown } }).function?.name ?? ""));
}

export interface ToolScriptOptions {
  /** The tool calls of each round, in order; or a function of the round number (undefined: answer now). */
  rounds: OllamaToolCall[][] | ((round: number, request: ChatRequest) => OllamaToolCall[] | undefined);
  /** The final answer, from the tools' results. Default: the results joined. */
  answer?: (results: string[], request: ChatRequest) => string;
  /** Requests that offer no tools (plans, merges, judges) are answered by this; default: `answer`. */
  withoutTools?: (request: ChatRequest) => string | ReplyBehaviour;
}

/** A model that calls tools for some rounds, then answers. */
export function toolScript(options: ToolScriptOptions): ScriptFunction {
  return (request) => {
    if (!request.tools?.length && options.withoutTools) return options.withoutTools(request);
    const round = toolRounds(request);
    const calls = typeof options.rounds === "function" ? options.rounds(round, request) : options.rounds[round];
    if (request.tools?.length && calls?.length) return callTools(...calls);
    const results = toolResults(request);
    return options.answer ? options.answer(results, request) : results.join("\n");
  };
}
