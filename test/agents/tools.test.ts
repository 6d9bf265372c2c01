/**
 * Agents that act, through the public API, with the real `ChatOllama`
 * against the loopback Ollama server speaking the tool-calling protocol.
 */
import { describe, expect, test } from "vitest";
import { tool } from "@langchain/core/tools";
import { ChatOllama } from "@langchain/ollama";
import { createAgent } from "langchain";
import { z } from "zod";
import { MemorySaver } from "@langchain/langgraph";
import { useOllamaServer, startOllamaServer, reply, hang } from "../support/ollamaServer.js";
import { callTools, toolCall, toolResults, toolScript } from "../support/toolScript.js";
import { AgentOrchestrator, InvalidInputError, type OrchestrationEvent } from "../../src/index.js";

const lookup = tool(async ({ topic }) => `fact: ${topic} rise twice a day`, {
  name: "lookup",
  description: "Look up a fact",
  schema: z.object({ topic: z.string() }),
});
const broken = tool(
  async () => {
    throw new Error("database is down");
  },
  { name: "broken", description: "Always throws", schema: z.object({}) },
);

/** Looks up its topic, then answers with what the tool said (or its error). */
const researcher = toolScript({
  rounds: [[toolCall("lookup", { topic: "tides" })]],
  answer: (results) => `According to the lookup, ${results.join("; ")}.`,
});

const server = await useOllamaServer({
  models: {
    "researcher:7b": researcher,
    "writer:7b": (request) => `Written from the handoff: ${request.prompt.includes("rise twice a day") ? "tides rise twice a day" : "no facts"}`,
    "careless:7b": toolScript({
      rounds: [[toolCall("broken"), toolCall("lookup", { topic: "moon" })]],
      answer: (results) => `Despite errors: ${results.join(" / ")}`,
    }),
    "looper:7b": toolScript({ rounds: (round) => [toolCall("lookup", { topic: `round ${round}` })] }),
    "plain:7b": "A plain answer without tools.",
    // Calls a tool, hangs on the turn after it (the run is cancelled there), then answers.
    "resumer:7b": [callTools(toolCall("count")), hang(), (request) => `Counted: ${toolResults(request).join(", ")}`],
  },
});

const withRetry = { retry: { maxAttempts: 1 } };

describe("a tool whose result reaches the answer", () => {
  test.each(["parallel", "collaborative"] as const)("%s mode", async (executionMode) => {
    const orchestrator = new AgentOrchestrator({ researcher: { model: "researcher:7b", tools: [lookup] } }, withRetry);
    const result = await orchestrator.orchestrate({ query: "How often do tides rise?", executionMode, subtasks: ["Find the tide facts"] });
    expect(result.status).toBe("completed");
    expect(result.output).toContain("rise twice a day");
    const [attempt] = result.results;
    expect(attempt!.toolCalls).toEqual([
      { name: "lookup", args: { topic: "tides" }, status: "completed", output: "fact: tides rise twice a day", latencyMs: expect.any(Number) },
    ]);
    // The follow-up request carried the tool's result as a `tool` message, and the first offered the tool.
    expect(server.chats[0]!.tools).toHaveLength(1);
    expect(toolResults(server.chats[1]!)).toEqual(["fact: tides rise twice a day"]);
  });

  test("sequential mode: a later step gets what the tool returned through the handoff", async () => {
    const orchestrator = new AgentOrchestrator(
      { researcher: { model: "researcher:7b", tools: [lookup], instructions: "You research facts." }, writer: "writer:7b" },
      withRetry,
    );
    const result = await orchestrator.orchestrate({
      query: "Explain tides",
      executionMode: "sequential",
      subtasks: ["Research the facts", "Write the explanation"],
    });
    expect(result.status).toBe("completed");
    expect(result.metadata.handoffs![0]!.keyOutputs).toContain('Tool lookup({"topic":"tides"}) returned: fact: tides rise twice a day');
    expect(result.output).toContain("tides rise twice a day");
    // The agent's instructions come first in its system prompt, before llmgenie's step prompt.
    expect(String(server.chats[0]!.messages![0]!.content)).toMatch(/^You research facts\.\n\nYou are one specialist/);
  });

  test("the run streams tool_start and tool_end next to the agent's events", async () => {
    const orchestrator = new AgentOrchestrator({ researcher: { model: "researcher:7b", tools: [lookup] } }, withRetry);
    const custom: string[] = [];
    await orchestrator.orchestrate(
      { query: "Tides?", executionMode: "collaborative" },
      { onEvent: (event: OrchestrationEvent) => event.mode === "custom" && custom.push((event.data as { event: string }).event) },
    );
    expect(custom).toEqual(["agent_queued", "agent_start", "tool_start", "tool_end", "agent_end"]);
  });
});

test("a tool that throws is a failed record whose error goes back to the model; the attempt goes on", async () => {
  const orchestrator = new AgentOrchestrator({ careless: { model: "careless:7b", tools: [lookup, broken] } }, withRetry);
  const result = await orchestrator.orchestrate({ query: "Moon facts", executionMode: "collaborative" });
  expect(result.status).toBe("completed");
  const calls = result.results[0]!.toolCalls!;
  expect(calls.map((c) => [c.name, c.status])).toEqual([
    ["broken", "failed"],
    ["lookup", "completed"],
  ]);
  expect(calls[0]!.error).toBe("database is down");
  expect(result.output).toContain("Error: database is down");
  expect(result.output).toContain("fact: moon rise twice a day");
});

test("a tool slower than toolTimeoutMs is failed, and its signal is aborted", async () => {
  let sawAbort = false;
  const slow = tool(
    (_input, config) =>
      new Promise<string>((resolve) => {
        config?.signal?.addEventListener("abort", () => {
          sawAbort = true;
          resolve("late");
        });
      }),
    { name: "lookup", description: "Never answers in time", schema: z.object({ topic: z.string() }) },
  );
  const orchestrator = new AgentOrchestrator({ researcher: { model: "researcher:7b", tools: [slow] } }, { ...withRetry, toolTimeoutMs: 200 });
  const result = await orchestrator.orchestrate({ query: "Tides?", executionMode: "collaborative" });
  expect(result.status).toBe("completed");
  expect(result.results[0]!.toolCalls![0]).toMatchObject({ status: "failed", error: "timed out after 200 ms" });
  expect(result.output).toContain("Error: timed out after 200 ms");
  expect(sawAbort).toBe(true);
});

describe("maxToolCalls", () => {
  test.each(["parallel", "sequential", "collaborative"] as const)("%s: over the limit fails the attempt, the fallback takes over", async (executionMode) => {
    const orchestrator = new AgentOrchestrator(
      { looper: { model: "looper:7b", tools: [lookup], maxToolCalls: 2 }, plain: "plain:7b" },
      { fallbacks: { looper: ["plain"] }, ...withRetry },
    );
    const result = await orchestrator.orchestrate({ query: "Research tides", executionMode, subtasks: ["Research tides"] });
    const [failed] = result.results;
    expect(failed).toMatchObject({ agent: "looper", status: "failed" });
    expect(failed!.error).toContain("maxToolCalls (2)");
    expect(failed!.toolCalls).toHaveLength(2);
    expect(result.results.at(-1)).toMatchObject({ agent: "plain", status: "completed" });
    expect(result.status).toBe("completed");
    expect(result.output).toContain("A plain answer");
    // Not retried: one model turn per allowed round plus the one that asked for too many.
    expect(server.chats.filter((c) => c.model === "looper:7b")).toHaveLength(3);
  });

  test("the option sets the default limit", async () => {
    const orchestrator = new AgentOrchestrator({ looper: { model: "looper:7b", tools: [lookup] } }, { maxToolCalls: 1, ...withRetry });
    const result = await orchestrator.orchestrate({ query: "Research tides", executionMode: "collaborative" });
    expect(result.status).toBe("failed");
    expect(result.error).toContain("maxToolCalls (1)");
  });
});

test("a LangGraph agent made with createAgent runs as an agent, its tool calls recorded", async () => {
  const graphAgent = createAgent({ model: new ChatOllama({ model: "researcher:7b", baseUrl: server.url }), tools: [lookup], name: "tide-agent" });
  const orchestrator = new AgentOrchestrator({ agent: graphAgent, plain: "plain:7b" }, withRetry);
  const result = await orchestrator.orchestrate({ query: "Tides?", executionMode: "collaborative" });
  const attempt = result.results.find((r) => r.agent === "agent")!;
  expect(attempt).toMatchObject({ status: "completed", model: "researcher:7b" });
  expect(attempt.output).toContain("rise twice a day");
  expect(attempt.toolCalls).toEqual([
    expect.objectContaining({ name: "lookup", args: { topic: "tides" }, status: "completed", output: "fact: tides rise twice a day" }),
  ]);
});

test("a LangGraph agent that calls more tools than maxToolCalls is stopped, failed; the fallback takes over", async () => {
  const runaway = createAgent({ model: new ChatOllama({ model: "looper:7b", baseUrl: server.url }), tools: [lookup] });
  const orchestrator = new AgentOrchestrator(
    { runaway, plain: "plain:7b" },
    { maxToolCalls: 3, fallbacks: { runaway: ["plain"] }, ...withRetry },
  );
  const result = await orchestrator.orchestrate({ query: "Research tides", executionMode: "parallel", subtasks: ["Research tides"] });
  const [failed, standIn] = result.results;
  expect(failed).toMatchObject({ agent: "runaway", status: "failed" });
  expect(failed!.error).toContain("maxToolCalls (3)");
  expect(failed!.toolCalls!.length).toBeGreaterThanOrEqual(3);
  expect(standIn).toMatchObject({ agent: "plain", status: "completed" });
  expect(result.status).toBe("completed");
  // Stopped for good: three rounds, the turn that asked for a fourth call, and nothing after.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(server.chats.filter((c) => c.model === "looper:7b")).toHaveLength(4);
});

test("per-agent baseUrl: each agent talks to its own Ollama server", async () => {
  const other = await startOllamaServer({ models: { "remote:7b": reply("From the other machine.") } });
  try {
    const orchestrator = new AgentOrchestrator({ local: "plain:7b", remote: { model: "remote:7b", baseUrl: other.url } }, withRetry);
    const result = await orchestrator.orchestrate({ query: "Say hello", executionMode: "collaborative" });
    expect(result.status).toBe("completed");
    expect(other.chats.map((c) => c.model)).toEqual(["remote:7b"]);
    expect(server.chats.map((c) => c.model)).toEqual(["plain:7b"]);
  } finally {
    await other.close();
  }
});

test("cancellation while a tool runs: the tool sees the abort signal and orchestrate rejects", async () => {
  let toolSignal: AbortSignal | undefined;
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const waits = tool(
    (_input, config) =>
      new Promise<string>((_resolve, reject) => {
        toolSignal = config?.signal;
        started();
        config?.signal?.addEventListener("abort", () => reject(new Error("aborted")));
      }),
    { name: "lookup", description: "Waits", schema: z.object({ topic: z.string() }) },
  );
  const orchestrator = new AgentOrchestrator({ researcher: { model: "researcher:7b", tools: [waits] } }, withRetry);
  const controller = new AbortController();
  const run = orchestrator.orchestrate({ query: "Tides?", executionMode: "collaborative", signal: controller.signal });
  await running;
  controller.abort();
  await expect(run).rejects.toMatchObject({ name: "AbortError" });
  expect(toolSignal?.aborted).toBe(true);
  // The loop stopped: no model turn after the cancelled tool.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(server.chats).toHaveLength(1);
});

describe("bad agent definitions are InvalidInputErrors naming agents.<name>.<field>", () => {
  test.each([
    [{ coder: { model: "x", maxToolCalls: 0 } }, "agents.coder.maxToolCalls: must be a positive integer"],
    [{ coder: { model: "x", baseUrl: "ftp://host" } }, "agents.coder.baseUrl: must be an http(s) URL"],
    [{ coder: { model: "" } }, "agents.coder.model: must be a non-empty Ollama model tag or a LangChain chat model"],
    [{ coder: { model: "x", tools: [{ nope: true }] } }, "agents.coder.tools.0: must be a LangChain tool"],
    [{ coder: { model: "x", mcp: ["fetch"] } }, 'agents.coder.mcp: unknown MCP server "fetch" (mcpServers: none)'],
    [{ coder: { model: "x", colour: "red" } }, "agents.coder: Unrecognized key"],
    [{ coder: 42 }, "agents.coder: must be a non-empty Ollama model tag or a LangChain chat model (or an agent definition"],
  ])("%j", (agents, message) => {
    expect(() => new AgentOrchestrator(agents as never)).toThrow(InvalidInputError);
    expect(() => new AgentOrchestrator(agents as never)).toThrow(message);
  });

  test("a LangGraph agent cannot be the planner", () => {
    const graphAgent = createAgent({ model: new ChatOllama({ model: "researcher:7b" }), tools: [lookup] });
    expect(() => new AgentOrchestrator({ a: graphAgent, b: "plain:7b" }, { planner: "a" })).toThrow(/planner: agent "a" is a LangGraph agent/);
  });
});

test("plain-model agents behave as before: one request, no tools offered, no toolCalls", async () => {
  const orchestrator = new AgentOrchestrator({ plain: "plain:7b" }, withRetry);
  const result = await orchestrator.orchestrate({ query: "Say something", executionMode: "collaborative" });
  expect(result.results[0]).not.toHaveProperty("toolCalls");
  expect(server.chats).toHaveLength(1);
  expect(server.chats[0]!.tools).toBeUndefined();
});

test("a tool loop cut off mid-way resumes from its checkpoint: tools that ran are not run again, and stay recorded", async () => {
  let runs = 0;
  const count = tool(async () => `count ${++runs}`, { name: "count", description: "Counts", schema: z.object({}) });
  const orchestrator = new AgentOrchestrator(
    { counter: { model: "resumer:7b", tools: [count] } },
    { ...withRetry, checkpointer: new MemorySaver() },
  );
  const controller = new AbortController();
  const first = orchestrator.orchestrate({ query: "Count", executionMode: "collaborative", threadId: "loop-1", signal: controller.signal });
  await server.waitFor(() => server.chats.find((c) => c.status === "hung"), 10_000);
  controller.abort();
  await expect(first).rejects.toMatchObject({ name: "AbortError" });

  const result = await orchestrator.orchestrate({ query: "Count", executionMode: "collaborative", threadId: "loop-1" });
  expect(result.status).toBe("completed");
  expect(result.output).toBe("Counted: count 1");
  expect(runs).toBe(1);
  expect(result.results[0]!.toolCalls).toEqual([
    { name: "count", args: {}, status: "completed", output: "count 1", latencyMs: expect.any(Number) },
  ]);
  // The model's first turn was not repeated either: tool call, the turn that was cut off, the answer.
  expect(server.chats.map((c) => c.status)).toEqual(["completed", "aborted", "completed"]);
});
