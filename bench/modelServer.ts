/**
 * The loopback Ollama test server (`test/support/ollamaServer.ts`) as the
 * benchmarks use it: started in this process or in a child process, with
 * scripts that are plain data (so they cross the IPC channel), and a request
 * log trimmed to what the measurements read.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import {
  startOllamaServer,
  type Answer,
  type ChatRequest,
  type ModelScript,
  type OllamaServer,
  type ScriptFunction,
  type RequestRecord,
} from "../test/support/ollamaServer.js";

/** Where the server runs: this process, or a child process with its own event loop. */
export type ServerPlacement = "inproc" | "child";

/** A script that is plain data: an answer every time, or a queue of answers. */
export type DataScript = Answer | Answer[];

export interface BenchServerOptions {
  /** Pulled models by tag. */
  models?: Record<string, DataScript>;
  /** Script for every tag not in `models`. */
  defaultModel?: DataScript;
  /**
   * Answers that take precedence over the model's script when the last user
   * message contains `contains` (e.g. merge calls answered at zero latency).
   */
  rules?: { contains: string; answer: Answer }[];
}

/** One `/api/chat` request, as the measurements need it. Times are the server's `performance.now()`. */
export interface ChatLogEntry {
  id: number;
  model: string;
  status: string;
  startedAt: number;
  endedAt: number;
  /** All message contents joined with newlines (only when asked for). */
  prompt?: string;
}

export interface BenchServer {
  readonly url: string;
  readonly placement: ServerPlacement;
  /**
   * Add to a log entry's time to get this process's `performance.now()` time
   * (0 in process; the difference of the two processes' time origins otherwise).
   */
  readonly clockOffset: number;
  /** Forget the records and restart the scripts' queues. */
  reset(): Promise<void>;
  /** The chat requests since the last reset, in arrival order. */
  chats(options?: { prompts?: boolean }): Promise<ChatLogEntry[]>;
  close(): Promise<void>;
}

/** Messages between `BenchServer` and the child (`serverProcess.ts`). */
export type ServerRequest =
  | { id: number; op: "start"; options: BenchServerOptions }
  | { id: number; op: "reset" }
  | { id: number; op: "chats"; prompts: boolean }
  | { id: number; op: "close" };
export type ServerReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string };

/** The log entries of a server's records (chat requests only). */
export function chatLog(records: readonly RequestRecord[], prompts: boolean): ChatLogEntry[] {
  const entries: ChatLogEntry[] = [];
  for (const r of records) {
    if (r.path !== "/api/chat") continue;
    entries.push({
      id: r.id,
      model: r.model ?? "",
      status: r.status,
      startedAt: r.startedAt,
      endedAt: r.endedAt ?? Number.NaN,
      ...(prompts ? { prompt: (r.messages ?? []).map((m) => String(m.content ?? "")).join("\n") } : {}),
    });
  }
  return entries;
}

/** A data script with the rules applied first (a queue's position counts every call, ruled or not). */
function withRules(script: DataScript, rules: NonNullable<BenchServerOptions["rules"]>): ScriptFunction {
  return (request: ChatRequest) => {
    const rule = rules.find((r) => request.lastUserMessage.includes(r.contains));
    if (rule) return rule.answer;
    if (!Array.isArray(script)) return script;
    return script[request.call] ?? { kind: "error", message: `bench server: script exhausted after ${script.length} calls` };
  };
}

/** Start the scripted server (data scripts only, so both placements take the same input). */
export function startScriptedServer(options: BenchServerOptions): Promise<OllamaServer> {
  const rules = options.rules ?? [];
  const script = (s: DataScript): ModelScript => (rules.length ? withRules(s, rules) : s);
  return startOllamaServer({
    ...(options.models
      ? { models: Object.fromEntries(Object.entries(options.models).map(([tag, s]) => [tag, script(s)])) }
      : {}),
    ...(options.defaultModel !== undefined ? { defaultModel: script(options.defaultModel) } : {}),
  });
}

async function startInProcess(options: BenchServerOptions): Promise<BenchServer> {
  const server = await startScriptedServer(options);
  return {
    url: server.url,
    placement: "inproc",
    clockOffset: 0,
    reset: async () => server.reset(),
    chats: async ({ prompts = false } = {}) => chatLog(server.requests, prompts),
    close: () => server.close(),
  };
}

async function startInChild(options: BenchServerOptions): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(new URL("./serverProcess.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on("message", (message: ServerReply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(new Error(message.error));
  });
  child.on("exit", (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`bench server process exited (${code})`));
    pending.clear();
  });
  const call = <T>(request: Omit<ServerRequest, "id"> & Record<string, unknown>): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...request, id });
    });
  const { url, timeOrigin } = await call<{ url: string; timeOrigin: number }>({ op: "start", options });
  return {
    url,
    placement: "child",
    clockOffset: timeOrigin - performance.timeOrigin,
    reset: () => call<void>({ op: "reset" }),
    chats: ({ prompts = false } = {}) => call<ChatLogEntry[]>({ op: "chats", prompts }),
    close: async () => {
      await call<void>({ op: "close" });
      child.disconnect();
    },
  };
}

/** Start the scripted loopback Ollama server where asked. */
export function startBenchServer(placement: ServerPlacement, options: BenchServerOptions): Promise<BenchServer> {
  return placement === "child" ? startInChild(options) : startInProcess(options);
}

/**
 * Start the server, point `OLLAMA_BASE_URL` (which Ollama-tag agents read at
 * call time) at it for the duration of `use`, then restore it and stop the server.
 */
export async function withBenchServer<T>(
  placement: ServerPlacement,
  options: BenchServerOptions,
  use: (server: BenchServer) => Promise<T>,
): Promise<T> {
  const server = await startBenchServer(placement, options);
  const previousUrl = process.env.OLLAMA_BASE_URL;
  process.env.OLLAMA_BASE_URL = server.url;
  try {
    return await use(server);
  } finally {
    if (previousUrl === undefined) delete process.env.OLLAMA_BASE_URL;
    else process.env.OLLAMA_BASE_URL = previousUrl;
    await server.close();
  }
}
