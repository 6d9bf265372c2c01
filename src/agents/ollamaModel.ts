/**
 * The `ChatOllama` llmgenie builds for an agent given as an Ollama tag.
 *
 * `ChatOllama` checks a call's `signal` only between stream chunks, and then
 * calls `client.abort()`, which aborts every stream of its client. A request
 * that hangs before its first chunk therefore stays open after a timeout or a
 * cancellation, and aborting one call would cut off every other call on the
 * same model. Here each call streams through an Ollama client of its own
 * whose fetch is bound to the call's signal: the socket closes as soon as the
 * signal aborts, and only that call's.
 */
import type { BaseMessage } from "@langchain/core/messages";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { ChatGenerationChunk } from "@langchain/core/outputs";
import { ChatOllama, type ChatOllamaCallOptions, type ChatOllamaInput } from "@langchain/ollama";
import { ollamaBaseUrl } from "../configuration.js";

/**
 * `fetch`, its requests ended when `signal` aborts. The Ollama client's own
 * signal is replaced, not joined: it aborts only through `client.abort()`,
 * which `ChatOllama` calls once the call's signal has aborted, and this
 * client serves one call. (`AbortSignal.any` per request cost more than the
 * rest of this binding.)
 */
const fetchBoundTo =
  (signal: AbortSignal): typeof fetch =>
  (input, init) =>
    fetch(input, { ...init, signal });

/** The Ollama client class `ChatOllama` uses (no dependency of our own on `ollama`). */
type ClientClass = new (config: { host: string; headers?: ChatOllamaInput["headers"]; fetch: typeof fetch }) => ChatOllama["client"];

/** A `ChatOllama` whose calls close their own request when their signal aborts (see above). */
class SignalBoundChatOllama extends ChatOllama {
  constructor(private readonly fields: ChatOllamaInput) {
    super(fields);
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"] & ChatOllamaCallOptions,
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const { signal } = options;
    if (!signal) return yield* super._streamResponseChunks(messages, options, runManager);
    // This model as it is, but for the client: one for this call, its fetch bound to the call's signal.
    const Client = this.client.constructor as ClientClass;
    const client = new Client({ host: this.baseUrl, headers: this.fields.headers, fetch: fetchBoundTo(signal) });
    const forThisCall = Object.create(this, { client: { value: client } }) as this;
    yield* super._streamResponseChunks.call(forThisCall, messages, options, runManager);
  }
}

/**
 * Models by base URL and tag. Every agent call resolves its model; one
 * instance per tag and server serves them all, as each call streams through
 * a client of its own.
 */
const models = new Map<string, SignalBoundChatOllama>();

/** The model for an Ollama tag on `baseUrl` (default `OLLAMA_BASE_URL`). */
export function ollamaModel(tag: string, baseUrl = ollamaBaseUrl()): ChatOllama {
  const key = `${baseUrl}\n${tag}`;
  let model = models.get(key);
  if (!model) {
    if (models.size >= 256) models.clear();
    model = new SignalBoundChatOllama({ model: tag, baseUrl });
    models.set(key, model);
  }
  return model;
}
