/**
 * Bad input: every case rejects with an `InvalidInputError` whose message names
 * the field, before any model is called (the loopback Ollama server that
 * OLLAMA_BASE_URL points at must see no request).
 */
import { describe, expect, it } from "vitest";
import { ChatOllama } from "@langchain/ollama";
import { AgentOrchestrator, InvalidInputError, MAX_QUERY_CHARS, MAX_SUBTASKS } from "../src/index.js";
import { MAX_TIMEOUT_MS, OrchestrateInputSchema, parseOrThrow } from "../src/input.js";
import { useOllamaServer } from "./support/ollamaServer.js";

const server = await useOllamaServer({ defaultModel: "an answer" });

const AGENTS = { mistral: "mistral:7b-instruct", llama3: "llama3:latest" };

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/** The error `construct` throws; fails the test if it does not. */
function thrown(construct: () => unknown): Error {
  try {
    construct();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an exception");
}

/** Expect an InvalidInputError whose message starts with the field path. */
function expectInvalid(error: Error, field: string, detail: RegExp) {
  expect(error).toBeInstanceOf(InvalidInputError);
  expect(error.name).toBe("InvalidInputError");
  expect(error.message.startsWith(`${field}:`), `"${error.message}" should name ${field}`).toBe(true);
  expect(error.message).toMatch(detail);
}

const circular = (): Record<string, unknown> => {
  const node: Record<string, unknown> = { name: "loop" };
  node.self = node;
  return { graph: node };
};

describe("orchestrate() rejects bad input, naming the field, before calling any model", () => {
  const orchestrator = new AgentOrchestrator(AGENTS, { retry: { maxAttempts: 1 } });

  const cases: Array<[string, unknown, string, RegExp]> = [
    ["an empty query", { query: "" }, "query", /must not be empty/],
    ["a whitespace query", { query: " \n\t " }, "query", /must not be empty/],
    ["a query that is not a string", { query: 42 }, "query", /must be a string/],
    ["a query over MAX_QUERY_CHARS", { query: "x".repeat(MAX_QUERY_CHARS + 1) }, "query", new RegExp(`at most ${MAX_QUERY_CHARS}`)],
    ["an unknown executionMode", { query: "q", executionMode: "turbo" }, "executionMode", /parallel.*sequential.*collaborative/],
    ["empty subtasks", { query: "q", subtasks: [] }, "subtasks", /must not be empty/],
    ["a blank subtask", { query: "q", subtasks: ["Design", "  "] }, "subtasks.1", /must not be empty/],
    ["a subtask that is not a string", { query: "q", subtasks: ["Design", 3] }, "subtasks.1", /must be a string/],
    ["subtasks that are not a list", { query: "q", subtasks: "Design" }, "subtasks", /expected array/],
    [
      "more than MAX_SUBTASKS subtasks",
      { query: "q", subtasks: Array.from({ length: MAX_SUBTASKS + 1 }, (_, i) => `part ${i}`) },
      "subtasks",
      new RegExp(`at most ${MAX_SUBTASKS}`),
    ],
    ["a BigInt in context", { query: "q", context: { budget: { max: 10n } } }, "context.budget.max", /JSON-serialisable \(found a BigInt\)/],
    ["a function in context", { query: "q", context: { callback: () => 1 } }, "context.callback", /JSON-serialisable \(found a function\)/],
    ["a cycle in context", { query: "q", context: circular() }, "context.graph.self", /JSON-serialisable \(found a circular reference\)/],
    ["a Map in context", { query: "q", context: { lookup: new Map([["a", 1]]) } }, "context.lookup", /JSON-serialisable \(found a Map\)/],
    ["NaN in context", { query: "q", context: { scores: [1, Number.NaN] } }, "context.scores.1", /JSON-serialisable \(found NaN\)/],
    ["a context that is not an object", { query: "q", context: "Python" }, "context", /expected record/],
    ["an empty threadId", { query: "q", threadId: "" }, "threadId", /must not be empty/],
    ["a signal that is not an AbortSignal", { query: "q", signal: { aborted: false } }, "signal", /AbortSignal/],
  ];

  it.each(cases)("%s", async (_name, input, field, detail) => {
    const error = await rejection(orchestrator.orchestrate(input as never));
    expectInvalid(error, field, detail);
    expect(server.requests).toHaveLength(0);
  });

  it("a string query is checked too", async () => {
    expectInvalid(await rejection(orchestrator.orchestrate("   ")), "query", /must not be empty/);
    expect(server.requests).toHaveLength(0);
  });

  it("names every bad field at once", async () => {
    const error = await rejection(orchestrator.orchestrate({ query: "", subtasks: [], executionMode: "turbo" as never }));
    expect(error).toBeInstanceOf(InvalidInputError);
    for (const field of ["query:", "subtasks:", "executionMode:"]) expect(error.message).toContain(field);
  });
});

describe("the limits themselves are accepted", () => {
  it("a query of exactly MAX_QUERY_CHARS and MAX_SUBTASKS subtasks", () => {
    const parsed = parseOrThrow(OrchestrateInputSchema, {
      query: "x".repeat(MAX_QUERY_CHARS),
      subtasks: Array.from({ length: MAX_SUBTASKS }, (_, i) => `part ${i}`),
    });
    expect(parsed.query).toHaveLength(MAX_QUERY_CHARS);
    expect(parsed.subtasks).toHaveLength(MAX_SUBTASKS);
  });

  it("a JSON context: nested objects and arrays, Dates (toJSON), undefined properties (left out by JSON)", () => {
    const context = { requirements: "Python", limits: { pages: [1, 2.5, null, true] }, due: new Date(0), note: undefined };
    const parsed = parseOrThrow(OrchestrateInputSchema, { query: "q", context });
    expect(parsed.context).toMatchObject({ requirements: "Python", limits: { pages: [1, 2.5, null, true] } });
  });
});

describe("new AgentOrchestrator() rejects bad agents and options, naming the field", () => {
  const agentCases: Array<[string, unknown, string, RegExp]> = [
    ["no agents", {}, "agents", /at least one agent/],
    ["a model that is a number", { mistral: 7 }, "agents.mistral", /Ollama model tag or a LangChain chat model/],
    ["an empty model tag", { mistral: " " }, "agents.mistral", /non-empty Ollama model tag/],
    ["an object that is not a chat model", { mistral: { invoke: () => "hi" } }, "agents.mistral", /LangChain chat model/],
    ["null", { mistral: null }, "agents.mistral", /LangChain chat model/],
  ];

  it.each(agentCases)("agents: %s", (_name, agents, field, detail) => {
    expectInvalid(thrown(() => new AgentOrchestrator(agents as never)), field, detail);
  });

  it("accepts Ollama tags and chat model instances side by side", () => {
    const orchestrator = new AgentOrchestrator({ tag: "llama3:latest", model: new ChatOllama({ model: "mistral", baseUrl: server.url }) });
    expect(Object.keys(orchestrator.agents)).toEqual(["tag", "model"]);
  });

  const optionCases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["fallbacks from an unknown agent", { fallbacks: { codellama: ["mistral"] } }, "fallbacks.codellama", /unknown agent \(agents: mistral, llama3\)/],
    ["fallbacks to an unknown agent", { fallbacks: { mistral: ["llama3", "gpt"] } }, "fallbacks.mistral", /unknown agent "gpt"/],
    ["a fallback chain that is not a list", { fallbacks: { mistral: "llama3" } }, "fallbacks.mistral", /expected array/],
    ["an unknown judge", { judge: "gpt" }, "judge", /unknown agent "gpt"/],
    ["an unknown planner", { planner: "gpt" }, "planner", /unknown agent "gpt"/],
    ["an unknown classifier", { classifier: "gpt" }, "classifier", /"rules", "llm" or an agent name/],
    ["maxConcurrency 0", { maxConcurrency: 0 }, "maxConcurrency", /positive integer/],
    ["maxConcurrency -2", { maxConcurrency: -2 }, "maxConcurrency", /positive integer/],
    ["maxConcurrency 1.5", { maxConcurrency: 1.5 }, "maxConcurrency", /positive integer/],
    ["maxConcurrency as a string", { maxConcurrency: "4" }, "maxConcurrency", /positive integer/],
    ["agentTimeoutMs 0", { agentTimeoutMs: 0 }, "agentTimeoutMs", /positive integer/],
    ["agentTimeoutMs -1", { agentTimeoutMs: -1 }, "agentTimeoutMs", /positive integer/],
    ["runTimeoutMs 0", { runTimeoutMs: 0 }, "runTimeoutMs", /positive integer/],
    ["runTimeoutMs NaN", { runTimeoutMs: Number.NaN }, "runTimeoutMs", /positive integer/],
    // Node's timers fire at once for delays over 2^31 - 1 ms: a huge limit must not become 1 ms.
    ["agentTimeoutMs beyond the timer range", { agentTimeoutMs: MAX_TIMEOUT_MS + 1 }, "agentTimeoutMs", /at most 2147483647 ms/],
    ["runTimeoutMs beyond the timer range", { runTimeoutMs: 1e12 }, "runTimeoutMs", /at most 2147483647 ms/],
    ["retry.maxAttempts 0", { retry: { maxAttempts: 0 } }, "retry.maxAttempts", /positive integer/],
    ["retry.initialIntervalMs -5", { retry: { initialIntervalMs: -5 } }, "retry.initialIntervalMs", /positive integer/],
    ["an unknown retry field", { retry: { attempts: 3 } }, "retry", /attempts/],
    ["a checkpointer that is not a saver", { checkpointer: {} }, "checkpointer", /checkpoint saver/],
  ];

  it.each(optionCases)("options: %s", (_name, options, field, detail) => {
    expectInvalid(thrown(() => new AgentOrchestrator(AGENTS, options as never)), field, detail);
  });

  it("accepts the limits: one agent, timeouts of 1 ms and of MAX_TIMEOUT_MS, concurrency 1", () => {
    const orchestrator = new AgentOrchestrator(
      { solo: "llama3:latest" },
      { maxConcurrency: 1, agentTimeoutMs: MAX_TIMEOUT_MS, runTimeoutMs: 1, retry: { maxAttempts: 1, initialIntervalMs: 1 } },
    );
    expect(orchestrator.options).toMatchObject({ maxConcurrency: 1, agentTimeoutMs: MAX_TIMEOUT_MS, runTimeoutMs: 1 });
  });
});
