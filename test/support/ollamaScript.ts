/**
 * Scripts for the fake Ollama server (`ollamaServer.ts`): what each model
 * answers to `POST /api/chat`, with which latency, or how it fails.
 */

/** A chat message as Ollama receives it. */
export interface OllamaMessage {
  role: string;
  content: string;
  images?: string[];
  tool_calls?: unknown[];
  [key: string]: unknown;
}

/** What a script sees of one `/api/chat` request. */
export interface ChatRequest {
  /** Server-wide request id (same as the `RequestRecord`). */
  id: number;
  /** How many earlier chat requests this model got since start or `reset()` (0-based). */
  call: number;
  model: string;
  messages: OllamaMessage[];
  /** `"json"` or a JSON schema (what `withStructuredOutput` sends), if any. */
  format?: unknown;
  options?: Record<string, unknown>;
  tools?: unknown[];
  stream: boolean;
  /** Content of the last `user` message ("" if none). */
  lastUserMessage: string;
  /** All message contents joined with newlines, for matching on prompt text. */
  prompt: string;
  /** The parsed request body as sent. */
  body: Record<string, unknown>;
}

/** Per-chunk timing. Total latency ≈ `firstChunkDelayMs + (chunks - 1) × chunkDelayMs`. */
export interface Latency {
  /** Wait before the response headers and the first chunk (default: `chunkDelayMs`). */
  firstChunkDelayMs?: number;
  /** Wait before each further chunk (default 0). The `done` line follows the last chunk at once. */
  chunkDelayMs?: number;
}

/** Stream a reply. */
export interface ReplyBehaviour extends Latency {
  kind: "reply";
  /** Reply text (or use `json`). */
  content?: string;
  /** Reply with `JSON.stringify(json)` as the text. */
  json?: unknown;
  /**
   * How to split the text: a count (that many chunks, split at token
   * boundaries, exactly as many lines even if some are empty) or the chunks
   * themselves. Default: one chunk per token, as Ollama does.
   */
  chunks?: number | string[];
  /** Override `prompt_eval_count` (default: `countTokens` over all message contents). */
  promptEvalCount?: number;
  /** Override `eval_count` (default: `countTokens(text)`). */
  evalCount?: number;
  /** `done_reason` (default `"stop"`). */
  doneReason?: string;
  /** Tool calls of this turn, sent as `message.tool_calls` after the text (see `toolScript.ts`). */
  toolCalls?: OllamaToolCall[];
}

/** A tool call as Ollama sends it in `message.tool_calls`. */
export interface OllamaToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

/**
 * Fail like Ollama: an HTTP error with body `{"error": message}` (default
 * status 500), or, with `afterChunks`, a 200 stream that sends that many
 * chunks of `content` and then an `{"error": message}` line.
 */
export interface ErrorBehaviour {
  kind: "error";
  message: string;
  status?: number;
  afterChunks?: number;
  content?: string;
  /** Wait before answering (or before the first chunk with `afterChunks`). */
  delayMs?: number;
}

/** Answer as Ollama does for a model that is not pulled (404). */
export interface NotFoundBehaviour {
  kind: "notFound";
  delayMs?: number;
}

/**
 * Send `afterChunks` chunks of `content` (default 1), then stop before the
 * `done` line: `"destroy"` (default) destroys the socket mid-response,
 * `"end"` ends the HTTP response cleanly without `done`.
 */
export interface CutBehaviour extends Latency {
  kind: "cut";
  content?: string;
  afterChunks?: number;
  mode?: "destroy" | "end";
}

/**
 * Never finish: without `afterChunks` the response headers are never sent;
 * with it, headers and that many chunks of `content` are sent and the stream
 * stalls. The request stays open until the client closes the connection
 * (status `"aborted"`) or the server is reset or closed (`"terminated"`).
 */
export interface HangBehaviour extends Latency {
  kind: "hang";
  afterChunks?: number;
  content?: string;
}

/** One answer to one chat request. */
export type Behaviour = ReplyBehaviour | ErrorBehaviour | NotFoundBehaviour | CutBehaviour | HangBehaviour;

/** A plain string is short for `reply(string)`. */
export type Answer = string | Behaviour;

/** Decide per request, e.g. by `request.format`, `request.lastUserMessage` or `request.call`. */
export type ScriptFunction = (request: ChatRequest) => Answer | Promise<Answer>;

/**
 * What a model does on each chat request:
 * - a string or a `Behaviour`: the same answer every time;
 * - a function: called per request;
 * - an array: a queue, one entry (string, behaviour or function) per call, in
 *   order; once it is used up the server answers 500 "script exhausted".
 */
export type ModelScript = Answer | ScriptFunction | ReadonlyArray<Answer | ScriptFunction>;

/** Stream `content`. */
export function reply(content: string, options: Omit<ReplyBehaviour, "kind" | "content" | "json"> = {}): ReplyBehaviour {
  return { kind: "reply", content, ...options };
}

/** Stream `JSON.stringify(value)`, e.g. for `format` (structured output) requests. */
export function jsonReply(value: unknown, options: Omit<ReplyBehaviour, "kind" | "content" | "json"> = {}): ReplyBehaviour {
  return { kind: "reply", json: value, ...options };
}

/** HTTP error (default 500) with `{"error": message}`; see `ErrorBehaviour`. */
export function fail(message: string, options: Omit<ErrorBehaviour, "kind" | "message"> = {}): ErrorBehaviour {
  return { kind: "error", message, ...options };
}

/** 404 "model not found, try pulling it first". */
export function notFound(options: Omit<NotFoundBehaviour, "kind"> = {}): NotFoundBehaviour {
  return { kind: "notFound", ...options };
}

/** A stream that stops before `done`; see `CutBehaviour`. */
export function cutOff(content = "partial answer", options: Omit<CutBehaviour, "kind" | "content"> = {}): CutBehaviour {
  return { kind: "cut", content, ...options };
}

/** A request that never finishes; see `HangBehaviour`. */
export function hang(options: Omit<HangBehaviour, "kind"> = {}): HangBehaviour {
  return { kind: "hang", ...options };
}

const TOKEN = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/** Rough token count: words, numbers and punctuation marks each count one. */
export function countTokens(text: string): number {
  return text.match(TOKEN)?.length ?? 0;
}

/** Split text into tokens that keep their leading whitespace (they join back to `text`). */
export function tokenize(text: string): string[] {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(TOKEN)) {
    const end = match.index + match[0].length;
    pieces.push(text.slice(last, end));
    last = end;
  }
  if (last < text.length) {
    if (pieces.length > 0) pieces[pieces.length - 1] += text.slice(last);
    else pieces.push(text.slice(last));
  }
  return pieces;
}

/** Split text into exactly `count` chunks at token boundaries (some may be empty). */
export function splitInto(text: string, count: number): string[] {
  const n = Math.max(1, Math.floor(count));
  const tokens = tokenize(text);
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    const from = Math.round((i * tokens.length) / n);
    const to = Math.round(((i + 1) * tokens.length) / n);
    chunks.push(tokens.slice(from, to).join(""));
  }
  return chunks;
}
