/**
 * The four graphs of `langgraph.json`, served by the LangGraph dev server
 * (`langgraphjs dev`) and driven through `@langchain/langgraph-sdk` as Studio
 * and client code drive them; the agents' models are the loopback Ollama test
 * server, which records every request.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client } from "@langchain/langgraph-sdk";
import { DEFAULT_AGENTS } from "../../src/configuration.js";
import { inputFields } from "../../src/state/state.js";
import { hang, jsonReply, reply, startOllamaServer, type ChatRequest, type OllamaServer } from "../support/ollamaServer.js";
import { startDevServer, type DevServer } from "./langgraphServer.js";

const GRAPH_IDS = ["orchestrator", "parallel", "sequential", "collaborative", "cascade"] as const;

/** Any model: the planner's structured steps, else a short answer that names the model. */
function answer(request: ChatRequest) {
  if (request.format) return jsonReply({ steps: ["Outline the function", "Write the function"] });
  return reply(`${request.model} answers: here is a careful, complete answer to "${request.lastUserMessage.slice(0, 60)}".`);
}

interface FinalValues {
  status?: string;
  output?: string;
  error?: string;
  cascadeSteps?: { agent: string; decision: string; reason: string }[];
  results?: { agent: string; model: string; task: string; status: string; error?: string }[];
}

let ollama: OllamaServer;
let server: DevServer;
let client: Client;

beforeAll(async () => {
  ollama = await startOllamaServer({ defaultModel: answer });
  server = await startDevServer({ OLLAMA_BASE_URL: ollama.url });
  client = new Client({ apiUrl: server.url });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

beforeEach(() => ollama.reset());

afterEach(({ task }) => {
  // A failing run's reason is often only in the server's log.
  if (task.result?.state === "fail") console.error(`langgraphjs dev log (tail):\n${server.log().slice(-6000)}`);
});

/** Stream a run on a new thread; every event, and the last `values` state. */
async function streamRun(assistantId: string, payload: Parameters<Client["runs"]["stream"]>[2], threadId?: string) {
  const thread = threadId ?? (await client.threads.create()).thread_id;
  const events: { event: string; data: unknown }[] = [];
  for await (const chunk of client.runs.stream(thread, assistantId, payload)) events.push(chunk);
  const values = events.filter((e) => e.event === "values").map((e) => e.data as FinalValues & { __interrupt__?: unknown });
  const final = values.filter((v) => !("__interrupt__" in v)).at(-1) ?? {};
  return { thread, events, final };
}

const modelsCalled = () => new Set(ollama.chats.map((request) => request.model));

describe("LangGraph server: discovery (what Studio reads)", () => {
  it("registers one assistant per graph of langgraph.json", async () => {
    const assistants = await client.assistants.search({ limit: 50 });
    expect(assistants.map((a) => a.graph_id).sort()).toEqual([...GRAPH_IDS].sort());
  });

  it("draws every graph, with the mode subgraphs inside orchestrator (xray)", async () => {
    const plain = await client.assistants.getGraph("sequential");
    expect(plain.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(["planSteps", "reviewPlan", "runAgent", "handoff", "finalize"]));
    expect(plain.edges).toContainEqual(expect.objectContaining({ source: "planSteps", target: "reviewPlan" }));

    const xray = await client.assistants.getGraph("orchestrator", { xray: true });
    const ids = xray.nodes.map((n) => String(n.id));
    expect(ids).toContain("classify");
    for (const inner of ["parallel:planSubtasks", "parallel:merge", "sequential:reviewPlan", "collaborative:selectCandidate", "cascade:assessAnswer"]) {
      expect(ids).toContain(inner);
    }
  });

  it("reports the input form's field descriptions and the assistant config schema", async () => {
    for (const graphId of GRAPH_IDS) {
      const schemas = await client.assistants.getSchemas(graphId);
      const input = schemas.input_schema as { properties: Record<string, { description?: string }> };
      for (const [field, schema] of Object.entries(inputFields)) {
        expect(input.properties[field]?.description, `${graphId} input.${field}`).toBe(schema.description);
      }
      const config = schemas.config_schema as { properties: Record<string, Record<string, unknown>> } | null;
      expect(config, `${graphId} config_schema`).not.toBeNull();
      expect(Object.keys(config!.properties)).toEqual(
        expect.arrayContaining([
          "agents", "judge", "classifier", "planner", "fallbacks", "humanReview", "maxConcurrency", "agentTimeoutMs",
          "tokenBudget", "cascade", "cascadeThreshold",
        ]),
      );
      const agents = config!.properties.agents!;
      expect(agents.default).toEqual(DEFAULT_AGENTS);
      // An Ollama tag, or a definition { model, baseUrl?, instructions?, mcp?, maxToolCalls? } (no tools: JSON only).
      expect(JSON.stringify(agents.additionalProperties)).toMatch(/"type":"string"/);
      expect(JSON.stringify(agents.additionalProperties)).toMatch(/"model"/);
      expect(JSON.stringify(agents.additionalProperties)).not.toMatch(/"tools"/);
      expect(agents.description).toMatch(/Ollama model tag/);
    }
  });
});

describe("LangGraph server: runs", () => {
  const inputs: Record<(typeof GRAPH_IDS)[number], Record<string, unknown>> = {
    orchestrator: { query: "Write a function that reverses a string" },
    parallel: { query: "Compare REST and GraphQL", subtasks: ["REST strengths", "GraphQL strengths"] },
    sequential: { query: "Write a function that reverses a string", subtasks: ["Design it", "Implement it"] },
    collaborative: { query: "Explain what a closure is in JavaScript" },
    cascade: { query: "Explain what a closure is in JavaScript" },
  };

  it.each(GRAPH_IDS)("streams a %s run (updates and values) to a completed state with output", async (graphId) => {
    const { thread, events, final } = await streamRun(graphId, { input: inputs[graphId], streamMode: ["updates", "values"] });
    expect(events.filter((e) => e.event === "error")).toEqual([]);
    expect(events.some((e) => e.event === "updates")).toBe(true);
    expect(final.status).toBe("completed");
    expect(final.output).toMatch(/answers:/);
    expect(final.results!.length).toBeGreaterThan(0);
    const state = await client.threads.getState<FinalValues>(thread);
    expect(state.values.status).toBe("completed");
    // Default agents when the assistant sets none.
    for (const model of modelsCalled()) expect(Object.values(DEFAULT_AGENTS)).toContain(model);
  });

  it("uses the agents of configurable.agents", async () => {
    const agents = { alpha: "alpha-model:1b", beta: "beta-model:2b" };
    const { final } = await streamRun("collaborative", {
      input: inputs.collaborative,
      config: { configurable: { agents } },
      streamMode: "values",
    });
    expect(final.status).toBe("completed");
    expect(modelsCalled()).toEqual(new Set(Object.values(agents)));
    expect(new Set(final.results!.map((r) => r.agent))).toEqual(new Set(Object.keys(agents)));
  });

  it("reads the configuration from the run's context too (Studio's context form)", async () => {
    const { final } = await streamRun("collaborative", {
      input: inputs.collaborative,
      context: { agents: { gamma: "gamma-model:3b" } },
      streamMode: "values",
    });
    expect(final.status).toBe("completed");
    expect(modelsCalled()).toEqual(new Set(["gamma-model:3b"]));
  });

  it("honours configurable.agentTimeoutMs (the runAgent node's timeout)", async () => {
    ollama.setModel("stuck:1b", hang());
    const { final } = await streamRun("parallel", {
      input: { query: "Summarise the news", subtasks: ["Headlines"] },
      config: { configurable: { agents: { stuck: "stuck:1b" }, agentTimeoutMs: 300 } },
      streamMode: "values",
    });
    expect(final.status).toBe("failed");
    expect(final.results![0]!.error).toBe("timed out after 300 ms");
  });

  it("honours configurable.maxConcurrency (LangGraph's cap on tasks in flight)", async () => {
    ollama.setModel("slow:1b", reply("slow but complete answer", { firstChunkDelayMs: 150 }));
    const payload = (configurable: Record<string, unknown>) => ({
      input: { query: "Research three topics", subtasks: ["Topic one", "Topic two", "Topic three"] },
      config: { configurable: { agents: { a: "slow:1b", b: "slow:1b", c: "slow:1b" }, ...configurable } },
      streamMode: "values" as const,
    });
    expect((await streamRun("parallel", payload({ maxConcurrency: 1 }))).final.status).toBe("completed");
    expect(ollama.maxInFlight).toBe(1);
    ollama.reset();
    ollama.setModel("slow:1b", reply("slow but complete answer", { firstChunkDelayMs: 150 }));
    expect((await streamRun("parallel", payload({}))).final.status).toBe("completed");
    expect(ollama.maxInFlight).toBeGreaterThan(1);
  });
});

describe("LangGraph server: cascade and token budget", () => {
  const GOOD =
    "A closure is a function bundled together with references to its surrounding lexical scope. In JavaScript, an inner function keeps access to the variables of the outer function even after the outer function has returned.";

  it("runs the cascade graph: configurable.cascade sets the order; the next agent only when an answer falls short", async () => {
    ollama.setModel("tiny:1b", reply("I don't know."));
    ollama.setModel("mid:7b", reply(GOOD));
    ollama.setModel("huge:70b", reply(GOOD));
    const { final } = await streamRun("cascade", {
      input: { query: "Explain what a closure is in JavaScript", tests: "console.assert(false)" },
      config: { configurable: { agents: { huge: "huge:70b", mid: "mid:7b", tiny: "tiny:1b" }, cascade: ["tiny", "mid", "huge"] } },
      streamMode: "values",
    });
    expect(final.status).toBe("completed");
    expect(ollama.chats.map((r) => r.model)).toEqual(["tiny:1b", "mid:7b"]);
    expect(final.output).toBe(GOOD);
    // A caller of the server cannot make it run code: the tests were not run, the threshold decided.
    expect(final.cascadeSteps!.map((s) => [s.agent, s.decision, s.reason])).toEqual([
      ["tiny", "escalated", "quality 0.00 < threshold 0.70; tests not run: code execution is off; next: mid"],
      ["mid", "accepted", "quality 0.98 ≥ threshold 0.70; tests not run: code execution is off"],
    ]);
  });

  it("honours configurable.tokenBudget: no call starts once it is spent; partial with the budget as error", async () => {
    ollama.setModel("counted:1b", reply("a complete part of the answer, in a few words", { promptEvalCount: 60, evalCount: 40 }));
    const payload = {
      input: { query: "Research three topics", subtasks: ["Topic one", "Topic two", "Topic three"] },
      config: { configurable: { agents: { a: "counted:1b" }, maxConcurrency: 1, tokenBudget: 100 } },
      streamMode: "values" as const,
    };
    const { final } = await streamRun("parallel", payload);
    expect(ollama.chats).toHaveLength(1);
    expect(final.status).toBe("partial");
    expect(final.error).toBe("token budget of 100 reached (100 used)");
    // Each run has its own meter: a second run gets the full budget again.
    ollama.reset();
    ollama.setModel("counted:1b", reply("a complete part of the answer, in a few words", { promptEvalCount: 60, evalCount: 40 }));
    expect((await streamRun("parallel", payload)).final.error).toBe("token budget of 100 reached (100 used)");
    expect(ollama.chats).toHaveLength(1);
  });

  it("rejects a bad tokenBudget, naming it, before any call", async () => {
    const { events } = await streamRun("cascade", {
      input: { query: "Explain what a closure is in JavaScript" },
      config: { configurable: { tokenBudget: -5 } },
      streamMode: "values",
    });
    expect(JSON.stringify(events.filter((e) => e.event === "error"))).toContain("tokenBudget");
    expect(ollama.chats).toHaveLength(0);
  });
});

describe("LangGraph server: human review of the sequential plan", () => {
  const input = { query: "Write a function that reverses a string", subtasks: ["Design it", "Implement it"] };
  let reviewed: string;

  beforeAll(async () => {
    const assistant = await client.assistants.create({
      graphId: "sequential",
      name: "sequential with review",
      config: { configurable: { humanReview: true } },
    });
    reviewed = assistant.assistant_id;
  });

  async function pausedThread() {
    const { thread, events } = await streamRun(reviewed, { input, streamMode: "values" });
    expect(events.filter((e) => e.event === "error")).toEqual([]);
    return thread;
  }

  it("pauses after the plan with { plan, query } and calls no agent", async () => {
    const thread = await pausedThread();
    expect((await client.threads.get(thread)).status).toBe("interrupted");
    const state = await client.threads.getState(thread);
    expect(state.next).toEqual(["reviewPlan"]);
    expect(state.tasks[0]!.interrupts[0]!.value).toEqual({ plan: input.subtasks, query: input.query });
    expect(ollama.chats).toHaveLength(0);
  });

  it("resumes with an edited plan: only the edited steps run", async () => {
    const thread = await pausedThread();
    const { final } = await streamRun(
      reviewed,
      { command: { resume: { action: "edit", plan: ["Write and test it in one go"] } }, streamMode: ["updates", "values"] },
      thread,
    );
    expect(final.status).toBe("completed");
    expect(final.results!.map((r) => r.task)).toEqual(["Write and test it in one go"]);
    expect((await client.threads.get(thread)).status).toBe("idle");
  });

  it("resumes with a rejection: the run ends failed with the reason, no agent called", async () => {
    const thread = await pausedThread();
    const { final } = await streamRun(
      reviewed,
      { command: { resume: { action: "reject", reason: "the steps are too vague" } }, streamMode: "values" },
      thread,
    );
    expect(final.status).toBe("failed");
    expect(final.error).toContain("the steps are too vague");
    expect(final.results ?? []).toEqual([]);
    expect(ollama.chats).toHaveLength(0);
  });

  it("pauses inside orchestrator's sequential subgraph too, and resumes there", async () => {
    const auto = await client.assistants.create({ graphId: "orchestrator", config: { configurable: { humanReview: true } } });
    // The rules classifier sends this query to sequential mode.
    const query = "First design a REST API for orders, then implement it, then review it";
    const { thread } = await streamRun(auto.assistant_id, { input: { query, subtasks: ["Design", "Implement"] }, streamMode: "values" });
    const state = await client.threads.getState(thread);
    expect(state.tasks[0]!.name).toBe("sequential");
    expect(state.tasks[0]!.interrupts[0]!.value).toEqual({ plan: ["Design", "Implement"], query });
    const { final } = await streamRun(auto.assistant_id, { command: { resume: { action: "approve" } }, streamMode: "values" }, thread);
    expect(final.status).toBe("completed");
    expect(final.results!.map((r) => r.task)).toEqual(["Design", "Implement"]);
  });

  it("refuses a resume value that is not a decision, naming the field, and keeps waiting", async () => {
    const thread = await pausedThread();
    const { events } = await streamRun(reviewed, { command: { resume: { action: "edit", plan: [] } }, streamMode: "values" }, thread);
    expect(events.filter((e) => e.event === "error")).toEqual([]);
    expect(ollama.chats).toHaveLength(0);
    // The plan still waits for a decision, now with the reason the answer was refused.
    expect((await client.threads.get(thread)).status).toBe("interrupted");
    expect((await client.threads.getState(thread)).tasks[0]!.interrupts[0]!.value).toEqual({
      plan: input.subtasks,
      query: input.query,
      error: "review decision: plan: must have at least one step",
    });
    const { final } = await streamRun(reviewed, { command: { resume: { action: "approve" } }, streamMode: "values" }, thread);
    expect(final.status).toBe("completed");
    expect(final.results!.map((r) => r.task)).toEqual(input.subtasks);
  });
});
