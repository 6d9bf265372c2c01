/**
 * A loopback HTTP server that speaks enough of Ollama's API for `ChatOllama`
 * (and `ollama-js`): scripted `/api/chat` replies with latency, Ollama's error
 * bodies, cut-off and hanging streams, `/api/tags`, `/api/version` and `/`,
 * and a record of every request (timing, outcome, whether the client closed
 * the connection first).
 *
 * ```ts
 * const server = await startOllamaServer({
 *   models: {
 *     "mistral:7b-instruct": (req) => (req.format ? jsonReply({ ok: true }) : "Hello there"),
 *     "llama3:latest": reply("slow answer", { chunks: 1, chunkDelayMs: 100 }),
 *   },
 * });
 * const model = new ChatOllama({ model: "mistral:7b-instruct", baseUrl: server.url });
 * await model.invoke("hi");
 * server.requests[0]; // { model, messages, status: "completed", startedAt, endedAt, ... }
 * await server.close();
 * ```
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import {
  countTokens,
  fail,
  splitInto,
  tokenize,
  type Behaviour,
  type ChatRequest,
  type Latency,
  type ModelScript,
  type OllamaMessage,
} from "./ollamaScript.js";
import { SimulatedScheduler, type SchedulerOptions } from "./ollamaScheduler.js";

export * from "./ollamaScript.js";
export * from "./ollamaScheduler.js";

/**
 * - `in-flight`: being answered; `hung`: scripted to hang and still open;
 * - `completed`: the reply (with `done`) or GET answer was sent in full;
 * - `error`: an error answer was sent in full (see `httpStatus`);
 * - `cut`: the server stopped the stream before `done`, as scripted;
 * - `aborted`: the client closed the connection before the answer was complete;
 * - `terminated`: still open at `reset()` or `close()`, which destroyed it.
 */
export type RequestStatus = "in-flight" | "hung" | "completed" | "error" | "cut" | "aborted" | "terminated";

/** One HTTP request as the server saw it. Times: `performance.now()` ms (and `*Wall`: `Date.now()`). */
export interface RequestRecord {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  /** Chat requests: the body's fields. */
  readonly model?: string;
  /** Per-model call index (chat requests with a known model). */
  readonly call?: number;
  readonly messages?: OllamaMessage[];
  readonly format?: unknown;
  readonly options?: Record<string, unknown>;
  readonly tools?: unknown[];
  readonly stream?: boolean;
  readonly body?: unknown;
  /** The scripted behaviour used (chat requests). */
  readonly behaviour?: Behaviour["kind"];
  readonly status: RequestStatus;
  /** Status code sent, if headers were sent. */
  readonly httpStatus?: number;
  /** NDJSON content chunks written (the `done` line not counted). */
  readonly chunksSent: number;
  /** True when the client closed the connection before the answer was complete. */
  readonly closedByClient: boolean;
  readonly startedAt: number;
  readonly startedAtWall: number;
  /** When the first response bytes (headers) were written. */
  readonly firstByteAt?: number;
  /**
   * Chat requests: when the model was ready for it (the simulated scheduler
   * granted its runner; without one, once the request was read). The `done`
   * line's `load_duration` is `readyAt − startedAt`, as Ollama measures it.
   */
  readonly readyAt?: number;
  /** When the answer finished or the connection closed; unset while open. */
  readonly endedAt?: number;
  readonly endedAtWall?: number;
}

/** A step of the in-flight chat request count: from time `t` on, `inFlight` requests were open. */
export interface InFlightPoint {
  t: number;
  inFlight: number;
}

export interface OllamaServerOptions {
  /** The "pulled" models, by tag, and their scripts. A tag without `:` is stored as `tag:latest`. */
  models?: Record<string, ModelScript>;
  /**
   * Script for any other model tag, each tag with its own call counter; such
   * tags are not listed by `/api/tags`. Default: none, i.e. 404 "not found".
   */
  defaultModel?: ModelScript;
  /** Default latency for replies that set none (default: none). */
  latency?: Latency;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** What `GET /api/version` reports (default "0.9.0"). */
  version?: string;
  /** Simulate Ollama's model scheduler (loads, evictions, slots, `GET /api/ps`); default: none, every model always ready. */
  scheduler?: SchedulerOptions;
}

export interface OllamaServer {
  /** `http://127.0.0.1:<port>`, the `baseUrl` for `ChatOllama` / `OLLAMA_BASE_URL`. */
  readonly url: string;
  readonly port: number;
  /** Every request since start or `reset()`, in arrival order (live objects). */
  readonly requests: readonly RequestRecord[];
  /** The `/api/chat` requests among `requests`. */
  readonly chats: readonly RequestRecord[];
  /** The simulated model scheduler, with `scheduler` (its log of loads: `scheduler.loads`). */
  readonly scheduler?: SimulatedScheduler;
  /** Chat requests open right now. */
  readonly inFlight: number;
  /** Peak number of concurrently open chat requests since start or `reset()`. */
  readonly maxInFlight: number;
  /** Step function of open chat requests over time, from the records (one point per change). */
  inFlightTimeline(): InFlightPoint[];
  /** Add or replace a pulled model. */
  setModel(tag: string, script: ModelScript): void;
  /** Forget a model: it then answers 404 (unless `defaultModel` is set). */
  removeModel(tag: string): void;
  /**
   * Destroy open connections, forget the records and call counters, and
   * restore the models and default script given to `startOllamaServer`.
   */
  reset(): void;
  /**
   * Resolve with `probe()`'s value once it is truthy; re-checked whenever a
   * record changes. Rejects after `timeoutMs` (default 2000).
   */
  waitFor<T>(probe: () => T, timeoutMs?: number): Promise<Truthy<T>>;
  /** Destroy open connections and stop listening. */
  close(): Promise<void>;
}

/** `T` without its falsy members (what `waitFor` resolves with). */
export type Truthy<T> = Exclude<T, false | 0 | 0n | "" | null | undefined>;

type Outcome = "completed" | "error" | "cut" | "terminated";

interface Live {
  record: Mutable<RequestRecord>;
  res: ServerResponse;
  /** Aborted when the response closes, to stop pending waits. */
  controller: AbortController;
  /** What the server meant when it ends or destroys the response. */
  outcome?: Outcome;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface ModelState {
  script: ModelScript;
  calls: number;
}

const NDJSON = "application/x-ndjson";
const JSON_TYPE = "application/json; charset=utf-8";

const normalizeTag = (tag: string): string => (tag.includes(":") ? tag : `${tag}:latest`);

/** Start the server on a free loopback port. */
export async function startOllamaServer(options: OllamaServerOptions = {}): Promise<OllamaServer> {
  const host = options.host ?? "127.0.0.1";
  const version = options.version ?? "0.9.0";
  const defaultLatency = options.latency ?? {};
  const startedWall = new Date();
  const scheduler = options.scheduler ? new SimulatedScheduler(options.scheduler) : undefined;

  let models = new Map<string, ModelState>();
  /** Models answered by `defaultModel`, each with its own call counter. */
  let defaulted = new Map<string, ModelState>();
  const restoreScripts = () => {
    models = new Map(Object.entries(options.models ?? {}).map(([tag, script]) => [normalizeTag(tag), { script, calls: 0 }]));
    defaulted = new Map();
  };
  restoreScripts();

  let records: Mutable<RequestRecord>[] = [];
  const live = new Set<Live>();
  let nextId = 1;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  const lookup = (model: string): ModelState | undefined => {
    const pulled = models.get(model) ?? models.get(normalizeTag(model));
    if (pulled || options.defaultModel === undefined) return pulled;
    const tag = normalizeTag(model);
    let state = defaulted.get(tag);
    if (!state) defaulted.set(tag, (state = { script: options.defaultModel, calls: 0 }));
    return state;
  };

  // --- response helpers -----------------------------------------------------

  const finish = (l: Live, status: RequestStatus, closedByClient: boolean) => {
    if (l.record.endedAt !== undefined) return;
    l.record.endedAt = performance.now();
    l.record.endedAtWall = Date.now();
    l.record.status = status;
    l.record.closedByClient = closedByClient;
    l.controller.abort();
    live.delete(l);
    notify();
  };

  const writeHead = (l: Live, status: number, contentType: string) => {
    if (l.res.headersSent) return;
    l.res.writeHead(status, { "Content-Type": contentType });
    l.record.httpStatus = status;
    l.record.firstByteAt = performance.now();
  };

  const sendJson = (l: Live, status: number, body: unknown, outcome: Outcome) => {
    l.outcome = outcome;
    writeHead(l, status, JSON_TYPE);
    l.res.end(JSON.stringify(body));
  };

  const sendText = (l: Live, status: number, text: string, outcome: Outcome) => {
    l.outcome = outcome;
    writeHead(l, status, "text/plain; charset=utf-8");
    l.res.end(l.record.method === "HEAD" ? undefined : text);
  };

  /** Wait `ms` unless the response closes first; false if it closed. */
  const sleep = (l: Live, ms: number): Promise<boolean> | boolean => {
    if (l.controller.signal.aborted) return false;
    if (!(ms > 0)) return true;
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        l.controller.signal.removeEventListener("abort", onAbort);
        resolve(true);
      }, ms);
      l.controller.signal.addEventListener("abort", onAbort, { once: true });
    });
  };

  const chunkLine = (model: string, content: string) =>
    `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: "assistant", content }, done: false })}\n`;

  /** Write chunks with their delays; false if the client went away. */
  const streamChunks = async (l: Live, model: string, chunks: string[], latency: Latency): Promise<boolean> => {
    const per = latency.chunkDelayMs ?? defaultLatency.chunkDelayMs ?? 0;
    const first = latency.firstChunkDelayMs ?? defaultLatency.firstChunkDelayMs ?? per;
    for (let i = 0; i < chunks.length; i++) {
      if (!(await sleep(l, i === 0 ? first : per))) return false;
      writeHead(l, 200, NDJSON);
      l.res.write(chunkLine(model, chunks[i]!));
      l.record.chunksSent++;
      notify();
    }
    if (chunks.length === 0) {
      if (!(await sleep(l, first))) return false;
      writeHead(l, 200, NDJSON);
      l.res.flushHeaders();
    }
    return !l.controller.signal.aborted;
  };

  const chunksOf = (text: string, chunks: number | string[] | undefined): string[] =>
    Array.isArray(chunks) ? chunks : chunks === undefined ? tokenize(text) : splitInto(text, chunks);

  // --- /api/chat --------------------------------------------------------------

  const notFoundBody = (model: string) => ({ error: `model "${model}" not found, try pulling it first` });

  const runBehaviour = async (l: Live, request: ChatRequest, behaviour: Behaviour) => {
    const { model } = request;
    switch (behaviour.kind) {
      case "reply": {
        const text = behaviour.json !== undefined ? JSON.stringify(behaviour.json) : (behaviour.content ?? "");
        const chunks = chunksOf(text, behaviour.chunks);
        const evalCount = behaviour.evalCount ?? countTokens(text);
        const promptEvalCount =
          behaviour.promptEvalCount ?? request.messages.reduce((n, m) => n + countTokens(String(m.content ?? "")), 0);
        if (request.stream) {
          if (!(await streamChunks(l, model, chunks, behaviour))) return;
          if (behaviour.toolCalls?.length) {
            const message = { role: "assistant", content: "", tool_calls: behaviour.toolCalls };
            l.res.write(`${JSON.stringify({ model, created_at: new Date().toISOString(), message, done: false })}\n`);
          }
        } else {
          const per = behaviour.chunkDelayMs ?? defaultLatency.chunkDelayMs ?? 0;
          const first = behaviour.firstChunkDelayMs ?? defaultLatency.firstChunkDelayMs ?? per;
          if (!(await sleep(l, first + per * Math.max(0, chunks.length - 1)))) return;
        }
        const totalNs = Math.round((performance.now() - l.record.startedAt) * 1e6);
        const firstNs = l.record.firstByteAt === undefined ? totalNs : Math.round((l.record.firstByteAt - l.record.startedAt) * 1e6);
        const loadNs = Math.round((l.record.readyAt! - l.record.startedAt) * 1e6);
        const done = {
          model,
          created_at: new Date().toISOString(),
          message: {
            role: "assistant",
            content: request.stream ? "" : text,
            ...(!request.stream && behaviour.toolCalls?.length ? { tool_calls: behaviour.toolCalls } : {}),
          },
          done_reason: behaviour.doneReason ?? "stop",
          done: true,
          total_duration: totalNs,
          load_duration: loadNs,
          prompt_eval_count: promptEvalCount,
          prompt_eval_duration: Math.max(0, firstNs - loadNs),
          eval_count: evalCount,
          eval_duration: Math.max(0, totalNs - firstNs),
        };
        l.outcome = "completed";
        writeHead(l, 200, request.stream ? NDJSON : JSON_TYPE);
        l.res.end(request.stream ? `${JSON.stringify(done)}\n` : JSON.stringify(done));
        return;
      }
      case "error": {
        if (behaviour.afterChunks === undefined) {
          if (!(await sleep(l, behaviour.delayMs ?? 0))) return;
          sendJson(l, behaviour.status ?? 500, { error: behaviour.message }, "error");
          return;
        }
        const chunks = splitInto(behaviour.content ?? "", behaviour.afterChunks).slice(0, behaviour.afterChunks);
        if (!(await streamChunks(l, model, chunks, { firstChunkDelayMs: behaviour.delayMs ?? 0 }))) return;
        l.outcome = "error";
        l.res.end(`${JSON.stringify({ error: behaviour.message })}\n`);
        return;
      }
      case "notFound":
        if (!(await sleep(l, behaviour.delayMs ?? 0))) return;
        sendJson(l, 404, notFoundBody(model), "error");
        return;
      case "cut": {
        const count = behaviour.afterChunks ?? 1;
        const chunks = splitInto(behaviour.content ?? "", Math.max(1, count)).slice(0, count);
        if (!(await streamChunks(l, model, chunks, behaviour))) return;
        l.outcome = "cut";
        if (behaviour.mode === "end") return void l.res.end();
        // Node corks the socket until the next tick: let the chunks go out first.
        await new Promise((resolve) => setImmediate(resolve));
        l.res.destroy();
        return;
      }
      case "hang": {
        l.record.status = "hung";
        notify();
        if (behaviour.afterChunks === undefined) return; // no headers; wait for the client to close
        const chunks = splitInto(behaviour.content ?? "", Math.max(1, behaviour.afterChunks)).slice(0, behaviour.afterChunks);
        await streamChunks(l, model, chunks, behaviour);
        return;
      }
    }
  };

  const pickBehaviour = async (state: ModelState, request: ChatRequest): Promise<Behaviour> => {
    let step = state.script;
    if (Array.isArray(step)) {
      const queue = step as ReadonlyArray<ModelScript>;
      const next = queue[request.call];
      if (next === undefined) return fail(`test server: script for "${request.model}" exhausted after ${queue.length} calls`);
      step = next;
    }
    const answer = typeof step === "function" ? await step(request) : step;
    return typeof answer === "string" ? { kind: "reply", content: answer } : (answer as Behaviour);
  };

  const handleChat = async (l: Live, body: Record<string, unknown>) => {
    const record = l.record;
    const model = typeof body.model === "string" ? body.model : "";
    const messages = Array.isArray(body.messages) ? (body.messages as OllamaMessage[]) : [];
    Object.assign(record, {
      model,
      messages,
      format: body.format,
      options: body.options as Record<string, unknown> | undefined,
      tools: body.tools as unknown[] | undefined,
      stream: body.stream !== false,
      body,
    });
    if (!model) return sendJson(l, 400, { error: "model is required" }, "error");
    const state = lookup(model);
    if (!state) {
      record.behaviour = "notFound";
      return sendJson(l, 404, notFoundBody(model), "error");
    }
    const request: ChatRequest = {
      id: record.id,
      call: state.calls++,
      model,
      messages,
      format: body.format,
      options: record.options,
      tools: record.tools,
      stream: body.stream !== false,
      lastUserMessage: String(messages.findLast((m) => m.role === "user")?.content ?? ""),
      prompt: messages.map((m) => String(m.content ?? "")).join("\n"),
      body,
    };
    record.call = request.call;
    let behaviour: Behaviour;
    try {
      behaviour = await pickBehaviour(state, request);
    } catch (error) {
      record.behaviour = "error";
      return sendJson(l, 500, { error: `test server: script threw: ${(error as Error)?.message ?? error}` }, "error");
    }
    record.behaviour = behaviour.kind;
    notify();
    const granted = scheduler ? await scheduler.acquire(model, l.controller.signal) : { release: () => {}, readyAt: performance.now() };
    if (!granted) return;
    record.readyAt = granted.readyAt;
    try {
      await runBehaviour(l, request, behaviour);
    } finally {
      granted.release();
    }
  };

  // --- GET endpoints -------------------------------------------------------

  const tagsBody = () => ({
    models: [...models.keys()].map((name) => {
      const base = name.split(":")[0]!;
      const billions = Number(/(\d+(?:\.\d+)?)b\b/i.exec(name)?.[1] ?? 7);
      return {
        name,
        model: name,
        modified_at: startedWall.toISOString(),
        size: Math.round(billions * 0.6e9),
        digest: createHash("sha256").update(name).digest("hex"),
        details: {
          parent_model: "",
          format: "gguf",
          family: base.replace(/[\d.]+$/, "") || base,
          families: [base.replace(/[\d.]+$/, "") || base],
          parameter_size: `${billions}B`,
          quantization_level: "Q4_0",
        },
      };
    }),
  });

  // --- dispatch --------------------------------------------------------------

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const record: Mutable<RequestRecord> = {
      id: nextId++,
      method: req.method ?? "GET",
      path: new URL(req.url ?? "/", "http://x").pathname,
      status: "in-flight",
      chunksSent: 0,
      closedByClient: false,
      startedAt: performance.now(),
      startedAtWall: Date.now(),
    };
    const l: Live = { record, res, controller: new AbortController() };
    records.push(record);
    live.add(l);
    res.on("finish", () => finish(l, l.outcome === "error" ? "error" : l.outcome === "cut" ? "cut" : "completed", false));
    res.on("close", () => {
      if (l.outcome === "cut" || l.outcome === "terminated") finish(l, l.outcome, false);
      else finish(l, "aborted", true);
    });
    notify();

    const bodyParts: Buffer[] = [];
    for await (const part of req) bodyParts.push(part as Buffer);
    const raw = Buffer.concat(bodyParts).toString("utf8");

    const route = `${record.method} ${record.path}`;
    if (route === "POST /api/chat") {
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch (error) {
        return sendJson(l, 400, { error: `invalid JSON: ${(error as Error).message}` }, "error");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return sendJson(l, 400, { error: "request body must be a JSON object" }, "error");
      }
      return handleChat(l, body as Record<string, unknown>);
    }
    if (route === "GET /api/tags") return sendJson(l, 200, tagsBody(), "completed");
    if (route === "GET /api/version") return sendJson(l, 200, { version }, "completed");
    if (route === "GET /api/ps" && scheduler) {
      return scheduler.psAnswers ? sendJson(l, 200, scheduler.ps(), "completed") : sendJson(l, 500, { error: "ps failed" }, "error");
    }
    if (route === "GET /" || route === "HEAD /") return sendText(l, 200, "Ollama is running", "completed");
    return sendText(l, 404, "404 page not found", "error");
  };

  const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "Content-Type": JSON_TYPE });
        res.end(JSON.stringify({ error: `test server: ${(error as Error)?.message ?? error}` }));
      } else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const destroyOpen = () => {
    for (const l of [...live]) {
      l.outcome = "terminated";
      l.res.destroy();
      finish(l, "terminated", false);
    }
  };

  const chats = () => records.filter((r) => r.path === "/api/chat");

  const inFlightTimeline = (): InFlightPoint[] => {
    const events: Array<[number, number]> = [];
    for (const r of chats()) {
      events.push([r.startedAt, 1]);
      if (r.endedAt !== undefined) events.push([r.endedAt, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const points: InFlightPoint[] = [];
    let open = 0;
    for (const [t, delta] of events) {
      open += delta;
      const lastPoint = points[points.length - 1];
      if (lastPoint && lastPoint.t === t) lastPoint.inFlight = open;
      else points.push({ t, inFlight: open });
    }
    return points;
  };

  return {
    url: `http://${host}:${port}`,
    port,
    scheduler,
    get requests() {
      return records;
    },
    get chats() {
      return chats();
    },
    get inFlight() {
      return chats().filter((r) => r.endedAt === undefined).length;
    },
    get maxInFlight() {
      return inFlightTimeline().reduce((max, p) => Math.max(max, p.inFlight), 0);
    },
    inFlightTimeline,
    setModel(tag, script) {
      models.set(normalizeTag(tag), { script, calls: 0 });
    },
    removeModel(tag) {
      models.delete(normalizeTag(tag));
    },
    reset() {
      destroyOpen();
      records = [];
      restoreScripts();
      scheduler?.reset();
    },
    waitFor<T>(probe: () => T, timeoutMs = 2_000): Promise<Truthy<T>> {
      return new Promise((resolve, reject) => {
        const check = () => {
          let value: T;
          try {
            value = probe();
          } catch (error) {
            done();
            reject(error);
            return;
          }
          if (value) {
            done();
            resolve(value as Truthy<T>);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`waitFor: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async close() {
      destroyOpen();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A server for one test file, started at collection (`const server = await
 * useOllamaServer(...)` at the top level): `OLLAMA_BASE_URL` points at it,
 * it is reset before each test, and after the file it is closed and the
 * variable restored.
 */
export async function useOllamaServer(options: OllamaServerOptions = {}): Promise<OllamaServer> {
  const { afterAll, beforeEach } = await import("vitest");
  const server = await startOllamaServer(options);
  const previousBaseUrl = process.env.OLLAMA_BASE_URL;
  process.env.OLLAMA_BASE_URL = server.url;
  beforeEach(() => server.reset());
  afterAll(async () => {
    if (previousBaseUrl === undefined) delete process.env.OLLAMA_BASE_URL;
    else process.env.OLLAMA_BASE_URL = previousBaseUrl;
    await server.close();
  });
  return server;
}
