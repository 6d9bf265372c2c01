/**
 * The fake Ollama server, driven by the real `ChatOllama` (and by the models
 * `src/agents/resolve.ts` builds): replies, token counts, structured output,
 * Ollama's errors, cut-off and hanging streams, and whether cancellation
 * closes the socket.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ChatOllama } from "@langchain/ollama";
import { AIMessage, AIMessageChunk, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { Annotation, END, NodeTimeoutError, START, StateGraph } from "@langchain/langgraph";
import { z } from "zod";
import { resolveAgentSpec } from "../../src/agents/resolve.js";
import { ollamaModel } from "../../src/agents/ollamaModel.js";
import {
  countTokens,
  cutOff,
  fail,
  hang,
  jsonReply,
  notFound,
  reply,
  startOllamaServer,
  type ChatRequest,
  type OllamaServer,
  type RequestRecord,
} from "../support/ollamaServer.js";

const FOX = "The quick brown fox jumps over the lazy dog.";

/** Structured-output answers: fill the schema's properties from the prompt. */
function structuredOrEcho(request: ChatRequest) {
  if (request.format && typeof request.format === "object") {
    return jsonReply({ answer: `echo: ${request.lastUserMessage}`, confidence: 0.9 });
  }
  return `You said: ${request.lastUserMessage}`;
}

let server: OllamaServer;

beforeAll(async () => {
  server = await startOllamaServer({
    models: {
      "mistral:7b-instruct": structuredOrEcho,
      llama3: reply(FOX),
      "slow:1b": reply("one two three four five six", { chunkDelayMs: 30 }),
      "bench:7b": reply("benchmark answer", { chunks: 1, chunkDelayMs: 100 }),
      "broken:7b": fail("CUDA error: out of memory"),
      "crash:7b": fail("model runner has unexpectedly stopped", { afterChunks: 2, content: "partial words here" }),
      "cut:7b": cutOff("The answer is forty two", { afterChunks: 2 }),
      "cutend:7b": cutOff("The answer is forty two", { afterChunks: 2, mode: "end" }),
      "hang:7b": hang(),
      "stall:7b": hang({ afterChunks: 2, content: "thinking very hard" }),
      "flaky:7b": [fail("server busy, please try again", { status: 503 }), "recovered"],
      "gone:7b": notFound(),
    },
  });
});

beforeEach(() => server.reset());
afterAll(() => server.close());

const chatOllama = (model: string, fields: Partial<ConstructorParameters<typeof ChatOllama>[0] & object> = {}) =>
  new ChatOllama({ model, baseUrl: server.url, ...fields });

/** The error a promise rejects with (fails the test if it resolves). */
type CaughtError = Error & { cause?: any; status_code?: number };

async function rejection(promise: Promise<unknown>): Promise<CaughtError> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error("expected a rejection");
}

type Settled = { state: "resolved"; value: unknown } | { state: "rejected"; error: any } | { state: "pending" };

/** How `promise` stands after `ms` (it keeps running; a late rejection is swallowed). */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<Settled> {
  const settled = promise.then(
    (value): Settled => ({ state: "resolved", value }),
    (error): Settled => ({ state: "rejected", error }),
  );
  return Promise.race([settled, new Promise<Settled>((resolve) => setTimeout(() => resolve({ state: "pending" }), ms))]);
}

const closedByClient = (record: RequestRecord | undefined) => record?.closedByClient && record;

describe("endpoints", () => {
  it("answers /, /api/version and /api/tags in Ollama's shapes", async () => {
    const root = await fetch(`${server.url}/`);
    expect(await root.text()).toBe("Ollama is running");
    expect(await (await fetch(`${server.url}/api/version`)).json()).toEqual({ version: expect.any(String) });

    const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as { models: any[] };
    expect(tags.models.map((m) => m.name)).toContain("llama3:latest");
    expect(tags.models.find((m) => m.name === "mistral:7b-instruct")).toEqual({
      name: "mistral:7b-instruct",
      model: "mistral:7b-instruct",
      modified_at: expect.any(String),
      size: expect.any(Number),
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      details: expect.objectContaining({ family: "mistral", parameter_size: "7B", format: "gguf" }),
    });

    const unknown = await fetch(`${server.url}/api/nothing`);
    expect(unknown.status).toBe(404);
    expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/", "completed"],
      ["GET", "/api/version", "completed"],
      ["GET", "/api/tags", "completed"],
      ["GET", "/api/nothing", "error"],
    ]);
  });

  it("serves ChatOllama's checkOrPullModel probe and maps a bare tag to :latest", async () => {
    const model = chatOllama("llama3", { checkOrPullModel: true });
    const answer = await model.invoke("hello");
    expect(answer.content).toBe(FOX);
    // ChatOllama 1.3 checks twice (in _generate and again in _streamResponseChunks).
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /api/tags", "GET /api/tags", "POST /api/chat"]);
  });
});

describe("replies", () => {
  it("streams the reply as NDJSON chunks and reports Ollama's token counts", async () => {
    const model = chatOllama("llama3:latest", { temperature: 0 });
    const messages = [new SystemMessage("Be brief."), new HumanMessage("Tell me about the fox.")];
    const answer = await model.invoke(messages);

    expect(answer.content).toBe(FOX);
    const promptTokens = countTokens("Be brief.") + countTokens("Tell me about the fox.");
    expect(answer.usage_metadata).toMatchObject({
      input_tokens: promptTokens,
      output_tokens: countTokens(FOX),
      total_tokens: promptTokens + countTokens(FOX),
    });
    expect(answer.response_metadata).toMatchObject({
      model: "llama3:latest",
      done: true,
      done_reason: "stop",
      eval_count: countTokens(FOX),
      total_duration: expect.any(Number),
    });

    const [record] = server.chats;
    expect(record).toMatchObject({
      model: "llama3:latest",
      stream: true,
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Tell me about the fox." },
      ],
      options: expect.objectContaining({ temperature: 0 }),
      behaviour: "reply",
      status: "completed",
      httpStatus: 200,
      closedByClient: false,
      chunksSent: countTokens(FOX),
    });
    expect(record!.endedAt).toBeGreaterThanOrEqual(record!.startedAt);
  });

  it("delivers one token per chunk to model.stream()", async () => {
    const chunks: AIMessageChunk[] = [];
    for await (const chunk of await chatOllama("slow:1b").stream("count")) chunks.push(chunk);
    const text = chunks.map((c) => c.content).join("");
    expect(text).toBe("one two three four five six");
    expect(chunks.filter((c) => c.content !== "")).toHaveLength(6);
    expect(chunks.at(-1)!.usage_metadata).toMatchObject({ output_tokens: 6 });
  });

  it("lets a script answer by prompt content", async () => {
    const answer = await chatOllama("mistral:7b-instruct").invoke("ping");
    expect(answer.content).toBe("You said: ping");
  });

  it("receives the JSON schema in `format` for withStructuredOutput and returns parsable JSON", async () => {
    const schema = z.object({
      answer: z.string().describe("The answer"),
      confidence: z.number().min(0).max(1),
    });
    const structured = chatOllama("mistral:7b-instruct").withStructuredOutput(schema, { includeRaw: true });
    const { parsed, raw } = await structured.invoke("What is 2+2?");

    expect(parsed).toEqual({ answer: "echo: What is 2+2?", confidence: 0.9 });
    expect((raw as AIMessage).usage_metadata?.output_tokens).toBeGreaterThan(0);
    expect(server.chats[0]!.format).toMatchObject({
      type: "object",
      properties: { answer: { type: "string" }, confidence: { type: "number" } },
      required: ["answer", "confidence"],
    });
  });

  it("keeps latency accurate: 1 chunk after 100 ms", async () => {
    const started = performance.now();
    const answer = await chatOllama("bench:7b").invoke("go");
    const elapsed = performance.now() - started;

    expect(answer.content).toBe("benchmark answer");
    const record = server.chats[0]!;
    const serverTime = record.endedAt! - record.startedAt;
    expect(record.chunksSent).toBe(1);
    expect(serverTime).toBeGreaterThanOrEqual(99);
    expect(serverTime).toBeLessThan(150);
    expect(elapsed).toBeLessThan(200);
  });

  it("records concurrency: peak in-flight requests and the timeline", async () => {
    const model = chatOllama("bench:7b");
    const started = performance.now();
    await Promise.all([1, 2, 3, 4].map((i) => model.invoke(`call ${i}`)));
    const elapsed = performance.now() - started;

    expect(server.maxInFlight).toBe(4);
    expect(server.inFlight).toBe(0);
    expect(elapsed).toBeLessThan(350); // in parallel, not 4 × 100 ms
    const timeline = server.inFlightTimeline();
    expect(timeline.map((p) => p.inFlight)).toContain(4);
    expect(timeline.at(-1)!.inFlight).toBe(0);
  });

  it("plays a queue script call by call, then answers 500 'script exhausted'", async () => {
    const model = chatOllama("flaky:7b");
    const busy = await rejection(model.invoke("hello"));
    expect([busy.status_code, busy.message]).toEqual([503, "server busy, please try again"]);
    expect((await model.invoke("hello")).content).toBe("recovered");
    expect(server.chats.map((r) => [r.call, r.httpStatus, r.status])).toEqual([
      [0, 503, "error"],
      [1, 200, "completed"],
    ]);
    const error = await rejection(chatOllama("flaky:7b").invoke("again"));
    expect(error.message).toMatch(/exhausted after 2 calls/);
  });

  it("adds, removes and restores models", async () => {
    server.setModel("phi3:mini", "tiny answer");
    expect((await chatOllama("phi3:mini").invoke("hi")).content).toBe("tiny answer");
    server.removeModel("phi3:mini");
    expect((await rejection(chatOllama("phi3:mini").invoke("hi"))).status_code).toBe(404);
    server.reset();
    expect((await rejection(chatOllama("phi3:mini").invoke("hi"))).status_code).toBe(404);
    expect(server.requests).toHaveLength(1);
  });

  it("answers any tag with defaultModel (call counted per tag) and applies the default latency", async () => {
    const other = await startOllamaServer({
      defaultModel: (request) => `${request.model} call ${request.call}`,
      latency: { chunkDelayMs: 20 },
    });
    try {
      const ask = (tag: string) => new ChatOllama({ model: tag, baseUrl: other.url }).invoke("hi");
      expect((await ask("a:1b")).content).toBe("a:1b call 0");
      expect((await ask("b:1b")).content).toBe("b:1b call 0");
      expect((await ask("a:1b")).content).toBe("a:1b call 1");
      const record = other.chats[0]!;
      expect(record.endedAt! - record.startedAt).toBeGreaterThanOrEqual(19 * record.chunksSent);
      expect(await (await fetch(`${other.url}/api/tags`)).json()).toEqual({ models: [] });
    } finally {
      await other.close();
    }
  });

  it("serves the models resolve.ts builds from OLLAMA_BASE_URL", async () => {
    const previous = process.env.OLLAMA_BASE_URL;
    process.env.OLLAMA_BASE_URL = server.url;
    try {
      const agent = resolveAgentSpec("mistral", "mistral:7b-instruct");
      expect(agent.baseUrl).toBe(server.url);
      expect((await agent.model.invoke("via resolve")).content).toBe("You said: via resolve");
    } finally {
      if (previous === undefined) delete process.env.OLLAMA_BASE_URL;
      else process.env.OLLAMA_BASE_URL = previous;
    }
  });
});

describe("failures", () => {
  it("HTTP 500 with {error} becomes a ResponseError with that message", async () => {
    const error = await rejection(chatOllama("broken:7b").invoke("hi"));
    expect(error.name).toBe("ResponseError");
    expect(error.message).toBe("CUDA error: out of memory");
    expect(error.status_code).toBe(500);
    expect(server.chats[0]).toMatchObject({ status: "error", httpStatus: 500 });
  });

  it("a model that is not pulled answers 404 exactly as Ollama does", async () => {
    const response = await fetch(`${server.url}/api/chat`, {
      method: "POST",
      body: JSON.stringify({ model: "phi3:mini", messages: [] }),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('{"error":"model \\"phi3:mini\\" not found, try pulling it first"}');

    const error = await rejection(chatOllama("phi3:mini").invoke("hi"));
    expect(error.name).toBe("ResponseError");
    expect(error.message).toBe('model "phi3:mini" not found, try pulling it first');
    expect(error.status_code).toBe(404);
    // A scripted notFound() answers the same.
    expect((await rejection(chatOllama("gone:7b").invoke("hi"))).message).toBe(
      'model "gone:7b" not found, try pulling it first',
    );
  });

  it("an {error} line mid-stream becomes an Error with that message", async () => {
    const error = await rejection(chatOllama("crash:7b").invoke("hi"));
    expect(error.message).toBe("model runner has unexpectedly stopped");
    expect(server.chats[0]).toMatchObject({ status: "error", httpStatus: 200, chunksSent: 2 });
  });

  it("a stream that ends without `done` gives 'Did not receive done or success response'", async () => {
    const error = await rejection(chatOllama("cutend:7b").invoke("hi"));
    expect(error.message).toBe("Did not receive done or success response in stream.");
    expect(server.chats[0]).toMatchObject({ status: "cut", chunksSent: 2, closedByClient: false });
  });

  it("a socket destroyed mid-stream gives undici's 'terminated' (other side closed)", async () => {
    const error = await rejection(chatOllama("cut:7b").invoke("hi"));
    expect(error.name).toBe("TypeError");
    expect(error.message).toBe("terminated");
    expect(error.cause?.code).toBe("UND_ERR_SOCKET");
    expect(server.chats[0]).toMatchObject({ status: "cut", chunksSent: 2, closedByClient: false });
  });

  it("a closed port gives 'fetch failed' caused by ECONNREFUSED", async () => {
    const gone = await startOllamaServer({ models: { llama3: "hi" } });
    const url = gone.url;
    await gone.close();
    const error = await rejection(new ChatOllama({ model: "llama3", baseUrl: url }).invoke("hi"));
    expect(error.name).toBe("TypeError");
    expect(error.message).toBe("fetch failed");
    expect(error.cause?.code).toBe("ECONNREFUSED");
  });
});

describe("cancellation closes the socket through the call's signal", () => {
  // Each test leaves at most a hung request open; reset() destroys it.
  afterEach(() => server.reset());

  const hungTags = ["hang:7b", "stall:7b"] as const; // no headers / headers + 2 chunks, then silence

  /**
   * The open request once it hangs: for "stall:7b" after its 2 chunks were
   * sent and had time to reach ChatOllama (an abort that arrives before a
   * chunk does is seen at that chunk instead: see the shared-client test).
   */
  async function hungRequest(tag: (typeof hungTags)[number]): Promise<RequestRecord> {
    const record = await server.waitFor(() => server.chats[0]?.status === "hung" && server.chats[0]);
    if (tag === "stall:7b") {
      await server.waitFor(() => record.chunksSent === 2);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return record;
  }

  it.each(hungTags)("%s: plain ChatOllama ignores invoke(msgs, { signal }): the call never settles, the socket stays open", async (tag) => {
    const controller = new AbortController();
    const call = chatOllama(tag).invoke("hi", { signal: controller.signal });
    const record = await hungRequest(tag);
    controller.abort();

    expect((await settleWithin(call, 300)).state).toBe("pending");
    expect(record).toMatchObject({ status: "hung", closedByClient: false });
    expect(record.endedAt).toBeUndefined();
  });

  /** The two ways a call gets its signal: in its options, or from the ambient config of a runnable (a node's). */
  const signalPaths = {
    "invoke(msgs, { signal })": (model: ChatOllama, prompt: string, signal: AbortSignal) => model.invoke(prompt, { signal }),
    "runWithConfig({ signal })": (model: ChatOllama, prompt: string, signal: AbortSignal) =>
      AsyncLocalStorageProviderSingleton.runWithConfig({ signal }, () => model.invoke(prompt)),
  };
  const pathNames = Object.keys(signalPaths) as (keyof typeof signalPaths)[];
  const hungCalls = hungTags.flatMap((tag) => pathNames.map((path) => [tag, path] as const));

  it.each(hungCalls)("%s: ollamaModel() with %s: abort rejects the call and closes the socket", async (tag, path) => {
    const controller = new AbortController();
    const call = signalPaths[path](ollamaModel(tag, server.url), "hi", controller.signal);
    await hungRequest(tag);
    const abortedAt = performance.now();
    controller.abort();

    const outcome = await settleWithin(call, 300);
    expect(outcome.state).toBe("rejected");
    expect(outcome.state === "rejected" && outcome.error.name).toBe("AbortError");
    const record = await server.waitFor(() => closedByClient(server.chats[0]), 500);
    expect(record.status).toBe("aborted");
    expect(record.endedAt! - abortedAt).toBeLessThan(100);
  });

  const State = Annotation.Root({ answer: Annotation<string> });

  /** One-node graph whose node asks `model` the way runAgent does (passing its config on). */
  const askGraph = (model: ChatOllama, timeoutMs?: number) =>
    new StateGraph(State)
      .addNode(
        "ask",
        async (_state, config) => ({ answer: String((await model.invoke([new HumanMessage("hi")], { ...config })).content) }),
        timeoutMs === undefined ? {} : { timeout: { runTimeout: timeoutMs } },
      )
      .addEdge(START, "ask")
      .addEdge("ask", END)
      .compile();

  it.each(hungTags)("%s: a node with timeout { runTimeout: 200 } on ollamaModel(): the server sees the close at ~200 ms", async (tag) => {
    const started = performance.now();
    const error = await rejection(askGraph(ollamaModel(tag, server.url), 200).invoke({ answer: "" }));
    const failedAt = performance.now();

    expect(error).toBeInstanceOf(NodeTimeoutError);
    expect(failedAt - started).toBeLessThan(400);
    const record = await server.waitFor(() => closedByClient(server.chats[0]), 500);
    expect(record.status).toBe("aborted");
    expect(record.endedAt! - started).toBeGreaterThanOrEqual(190);
    expect(record.endedAt! - failedAt).toBeLessThan(100);
  });

  it("a node timeout with a plain ChatOllama fails the node but leaves the socket open (why ollamaModel.ts binds fetch)", async () => {
    const error = await rejection(askGraph(chatOllama("hang:7b"), 200).invoke({ answer: "" }));
    expect(error).toBeInstanceOf(NodeTimeoutError);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.chats[0]).toMatchObject({ status: "hung", closedByClient: false });
  });

  it("cancelling the run (graph.invoke with { signal }) closes the socket of a node's call", async () => {
    const controller = new AbortController();
    const run = askGraph(ollamaModel("hang:7b", server.url)).invoke({ answer: "" }, { signal: controller.signal });
    await server.waitFor(() => server.chats[0]?.status === "hung");
    const abortedAt = performance.now();
    controller.abort();

    expect((await rejection(run)).name).toBe("AbortError");
    const record = await server.waitFor(() => closedByClient(server.chats[0]), 500);
    expect(record.endedAt! - abortedAt).toBeLessThan(100);
  });

  it("with a shared plain ChatOllama, a mid-stream { signal } abort truncates that call and kills the other call's stream", async () => {
    // ChatOllama checks the signal between chunks and then calls client.abort(),
    // which aborts every stream of that client (ollamaModel() gives each call a client of its own).
    const shared = chatOllama("slow:1b");
    const controller = new AbortController();
    const first = shared.invoke("first", { signal: controller.signal });
    const second = shared.invoke("second");
    await server.waitFor(() => server.chats.length === 2 && server.chats.every((r) => r.chunksSent >= 2));
    controller.abort();

    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status).toBe("fulfilled"); // a truncated answer, not an error
    expect(a.status === "fulfilled" && String(a.value.content).length).toBeLessThan("one two three four five six".length);
    expect(b.status).toBe("rejected");
    expect(b.status === "rejected" && b.reason.name).toBe("AbortError");
  });

  it.each(pathNames)("ollamaModel() with %s: aborting one call mid-stream leaves the other call on the same model intact", async (path) => {
    const shared = ollamaModel("slow:1b", server.url);
    const controller = new AbortController();
    const first = signalPaths[path](shared, "first", controller.signal);
    const second = signalPaths[path](shared, "second", new AbortController().signal);
    await server.waitFor(() => server.chats.length === 2 && server.chats.every((r) => r.chunksSent >= 2));
    controller.abort();

    const [a, b] = await Promise.allSettled([first, second]);
    expect(a.status === "rejected" && a.reason.name).toBe("AbortError");
    expect(b.status === "fulfilled" && b.value.content).toBe("one two three four five six");
    expect(server.chats.map((r) => r.status).sort()).toEqual(["aborted", "completed"]);
  });
});
