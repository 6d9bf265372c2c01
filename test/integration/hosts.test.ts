/**
 * Model hosts against the loopback server's simulated Ollama scheduler
 * (`test/support/ollamaScheduler.ts`): per-host caps (from the server's
 * request log), residency-first assignment, one load per model, the host in
 * every result, and a host whose `/api/ps` fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatOllama } from "@langchain/ollama";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { AgentOrchestrator } from "../../src/index.js";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { peakInFlight } from "../../bench/requestLog.js";
import { chatLog } from "../../bench/modelServer.js";
import { reply, startOllamaServer, type ChatRequest, type OllamaServer, type RequestRecord, type SchedulerOptions } from "../support/ollamaServer.js";
import { toolCall, toolScript } from "../support/toolScript.js";

const TAGS = { alpha: "alpha:1b", beta: "beta:1b", gamma: "gamma:1b" } as const;
const SIX = ["one", "two", "three", "four", "five", "six"];
const fast = { retry: { maxAttempts: 1 } };

/** Every model answers after `ms`; the merge at once. */
const answer = (ms: number) => (request: ChatRequest) =>
  request.messages[0]?.content === MERGE_SYSTEM ? "merged" : reply(`part from ${request.model}`, { chunks: 1, firstChunkDelayMs: ms });

const servers: OllamaServer[] = [];
async function serve(scheduler?: SchedulerOptions): Promise<OllamaServer> {
  const server = await startOllamaServer({
    models: Object.fromEntries(Object.values(TAGS).map((tag) => [tag, answer(20)])),
    ...(scheduler ? { scheduler } : {}),
  });
  servers.push(server);
  return server;
}
const onHost = (server: OllamaServer, tag: string) => new ChatOllama({ model: tag, baseUrl: server.url });
const threeAgents = (server: OllamaServer) => ({
  alpha: onHost(server, TAGS.alpha),
  beta: onHost(server, TAGS.beta),
  gamma: onHost(server, TAGS.gamma),
});
/** Agent calls (not the merge) in the server's log. */
const agentCalls = (server: OllamaServer) => server.chats.filter((r) => r.messages?.[0]?.content !== MERGE_SYSTEM);

let previousBaseUrl: string | undefined;
beforeAll(() => {
  previousBaseUrl = process.env.OLLAMA_BASE_URL;
});
afterAll(async () => {
  if (previousBaseUrl === undefined) delete process.env.OLLAMA_BASE_URL;
  else process.env.OLLAMA_BASE_URL = previousBaseUrl;
  await Promise.all(servers.map((s) => s.close()));
});

describe("parallel mode on one host that holds one model", () => {
  it("gives every subtask to the agent whose model is loaded: zero loads, the host in every result", async () => {
    const server = await serve({ maxLoadedModels: 1, numParallel: 2, loadMs: 30, loaded: [TAGS.beta] });
    const orchestrator = new AgentOrchestrator(threeAgents(server), { ...fast, planner: "beta" });
    const result = await orchestrator.orchestrate({ query: "Six parts", executionMode: "parallel", subtasks: SIX });

    expect(result.status).toBe("completed");
    expect(result.results.map((r) => r.agent)).toEqual(SIX.map(() => "beta"));
    expect(result.results.every((r) => r.host === server.url)).toBe(true);
    expect(server.scheduler!.loads).toEqual([]);
    // Default cap 4: never more in flight.
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
  });

  it("still runs every subtask when /api/ps fails: spread over the agents, only the cap applies", async () => {
    const server = await serve({ maxLoadedModels: 1, loadMs: 10, ps: false });
    const orchestrator = new AgentOrchestrator(threeAgents(server), fast);
    const result = await orchestrator.orchestrate({ query: "Six parts", executionMode: "parallel", subtasks: SIX });

    expect(result.status).toBe("completed");
    expect(result.results.map((r) => r.agent)).toEqual(["alpha", "beta", "gamma", "alpha", "beta", "gamma"]);
    expect(result.results.every((r) => r.host === server.url)).toBe(true);
    expect(server.requests.filter((r) => r.path === "/api/ps").every((r) => r.httpStatus === 500)).toBe(true);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
  });

  it("groups the calls per model: alpha, beta, alpha runs as alpha, alpha, beta (two loads, not three)", async () => {
    const server = await serve({ maxLoadedModels: 1, loadMs: 10 });
    // Collaborative keeps its agents: two of them on one model.
    const orchestrator = new AgentOrchestrator(
      { alpha: onHost(server, TAGS.alpha), beta: onHost(server, TAGS.beta), again: onHost(server, TAGS.alpha) },
      fast,
    );
    const result = await orchestrator.orchestrate({ query: "Answer this", executionMode: "collaborative" });

    expect(result.status).toBe("completed");
    expect(agentCalls(server).map((r) => r.model)).toEqual([TAGS.alpha, TAGS.alpha, TAGS.beta]);
    expect(server.scheduler!.loads.map((l) => l.model)).toEqual([TAGS.alpha, TAGS.beta]);
  });

  it("uses only as many models as the host holds when /api/ps says it holds none of them", async () => {
    const server = await serve({ maxLoadedModels: 1, loadMs: 10 });
    const orchestrator = new AgentOrchestrator(threeAgents(server), fast);
    const result = await orchestrator.orchestrate({ query: "Six parts", executionMode: "parallel", subtasks: SIX });

    expect(result.status).toBe("completed");
    expect(result.results.map((r) => r.agent)).toEqual(SIX.map(() => "alpha"));
    expect(server.scheduler!.loads.map((l) => l.model)).toEqual([TAGS.alpha]);
  });
});

describe("collaborative mode on one host that holds one model", () => {
  it("loads each of the three models once, the loaded one first", async () => {
    const server = await serve({ maxLoadedModels: 1, loadMs: 10, loaded: [TAGS.gamma] });
    const orchestrator = new AgentOrchestrator(threeAgents(server), fast);
    const result = await orchestrator.orchestrate({ query: "Answer this", executionMode: "collaborative" });

    expect(result.status).toBe("completed");
    expect(result.results.map((r) => r.agent)).toEqual(["alpha", "beta", "gamma"]);
    expect(result.results.every((r) => r.host === server.url)).toBe(true);
    const loads = server.scheduler!.loads.map((l) => l.model);
    expect(loads.sort()).toEqual([TAGS.alpha, TAGS.beta]);
    // gamma, already loaded, answered first.
    expect(agentCalls(server)[0]!.model).toBe(TAGS.gamma);
  });
});

/** The `load_duration` the server sent for these requests, summed, in whole ms as a result records it. */
const reportedLoadMs = (...requests: RequestRecord[]) =>
  Math.round(requests.reduce((ms, r) => ms + Math.round((r.readyAt! - r.startedAt) * 1e6) / 1e6, 0));

describe("how long each attempt waited for its model", () => {
  const loadMs = 150;

  it("records Ollama's load_duration of each attempt, as the server reported it: at least the load time for a model the run loaded", async () => {
    const server = await serve({ maxLoadedModels: 1, loadMs, loaded: [TAGS.gamma] });
    const orchestrator = new AgentOrchestrator(threeAgents(server), fast);
    const result = await orchestrator.orchestrate({ query: "Answer this", executionMode: "collaborative" });

    expect(result.status).toBe("completed");
    const byModel = new Map(agentCalls(server).map((request) => [request.model, request]));
    for (const r of result.results) expect(r.modelLoadMs).toBe(reportedLoadMs(byModel.get(r.model)!));
    const waited = (agent: string) => result.results.find((r) => r.agent === agent)!.modelLoadMs!;
    // alpha and beta were loaded for the run (one model at a time), gamma was in memory.
    expect(waited("alpha")).toBeGreaterThanOrEqual(loadMs - 1);
    expect(waited("beta")).toBeGreaterThanOrEqual(loadMs - 1);
    expect(waited("gamma")).toBeLessThan(waited("alpha"));
  });

  it("sums it over the model requests of an agent with tools", async () => {
    const server = await startOllamaServer({
      models: {
        [TAGS.alpha]: toolScript({ rounds: [[toolCall("lookup", { topic: "tides" })]], answer: (results) => `Tides: ${results[0]}` }),
      },
      scheduler: { maxLoadedModels: 1, loadMs },
    });
    servers.push(server);
    const lookup = tool(async ({ topic }: { topic: string }) => `${topic} rise twice a day`, {
      name: "lookup",
      description: "Look a topic up",
      schema: z.object({ topic: z.string() }),
    });
    const orchestrator = new AgentOrchestrator({ alpha: { model: onHost(server, TAGS.alpha), tools: [lookup] } }, fast);
    const result = await orchestrator.orchestrate({ query: "When do tides rise?", executionMode: "collaborative" });

    expect(result.status).toBe("completed");
    const [first, second] = server.chats;
    expect(server.chats).toHaveLength(2);
    // The first request loaded the model; the second, after the tool call, found it loaded.
    expect(reportedLoadMs(first!)).toBeGreaterThanOrEqual(loadMs - 1);
    expect(result.results[0]!.modelLoadMs).toBe(reportedLoadMs(first!, second!));
  });
});

describe("two hosts with different caps", () => {
  it("never exceeds either cap, keeps both busy, and records which host served each attempt", async () => {
    const small = await serve({ maxLoadedModels: 1, numParallel: 4 });
    const large = await serve({ maxLoadedModels: 1, numParallel: 4 });
    const orchestrator = new AgentOrchestrator(
      { a: onHost(small, TAGS.alpha), b: onHost(large, TAGS.beta) },
      { ...fast, hosts: { [small.url]: { maxParallel: 1 }, [`${large.url}/`]: { maxParallel: 3 } } },
    );
    const subtasks = Array.from({ length: 12 }, (_, i) => `part ${i + 1}`);
    const result = await orchestrator.orchestrate({ query: "Twelve parts", executionMode: "parallel", subtasks });

    expect(result.status).toBe("completed");
    expect(peakInFlight(chatLog(small.requests, false))).toBe(1);
    expect(peakInFlight(chatLog(large.requests, false))).toBe(3);
    // Spread in proportion to the caps: 3 to the small host, 9 to the large one.
    const byHost = (url: string) => result.results.filter((r) => r.host === url).length;
    expect([byHost(small.url), byHost(large.url)]).toEqual([3, 9]);
  });

  it("shares a host's cap between concurrent runs of one orchestrator", async () => {
    const server = await serve();
    const orchestrator = new AgentOrchestrator({ a: onHost(server, TAGS.alpha) }, { ...fast, hosts: { [server.url]: { maxParallel: 2 } } });
    const runs = [0, 1, 2].map(() => orchestrator.orchestrate({ query: "Parts", executionMode: "parallel", subtasks: SIX }));
    const results = await Promise.all(runs);

    expect(results.every((r) => r.status === "completed")).toBe(true);
    expect(server.maxInFlight).toBe(2);
  });
});

describe("hosts and other chat models", () => {
  it("rejects a bad `hosts` entry, naming the field", () => {
    expect(() => new AgentOrchestrator({ a: "alpha:1b" }, { hosts: { "http://x:1": { maxParallel: 0 } } })).toThrow(
      /hosts\.http:\/\/x:1\.maxParallel: must be a positive integer/,
    );
  });

  it("Ollama tags use OLLAMA_BASE_URL as their host", async () => {
    const server = await serve({ maxLoadedModels: 3 });
    process.env.OLLAMA_BASE_URL = `${server.url}/`;
    const orchestrator = new AgentOrchestrator({ ...TAGS }, fast);
    const result = await orchestrator.orchestrate({ query: "Answer this", executionMode: "collaborative" });
    expect(result.results.map((r) => r.host)).toEqual([server.url, server.url, server.url]);
  });
});

describe("progress events of calls that wait for their host", () => {
  it("every call is agent_queued at once, and agent_start only once the host's cap of 1 lets it run", async () => {
    const server = await serve();
    const orchestrator = new AgentOrchestrator(threeAgents(server), { ...fast, hosts: { [server.url]: { maxParallel: 1 } } });
    const events: { event: string; key: string; host?: string }[] = [];
    const result = await orchestrator.orchestrate(
      { query: "Three parts", executionMode: "parallel", subtasks: SIX.slice(0, 3) },
      {
        onEvent: (e) => {
          if (e.mode !== "custom" || !("event" in e.data)) return;
          const data = e.data as { event: string; key?: string; host?: string; result?: { key: string } };
          if (data.event === "agent_end") events.push({ event: "agent_end", key: data.result!.key });
          else if (data.event === "agent_queued" || data.event === "agent_start")
            events.push({ event: data.event, key: data.key!, ...(data.host ? { host: data.host } : {}) });
        },
      },
    );

    expect(result.status).toBe("completed");
    const agentEvents = events.filter((e) => e.key.startsWith("subtask:"));
    // All three queue before the first starts; two of them wait while it runs.
    expect(agentEvents.slice(0, 4).map((e) => e.event)).toEqual(["agent_queued", "agent_queued", "agent_queued", "agent_start"]);
    expect(agentEvents.filter((e) => e.event === "agent_start")).toHaveLength(3);
    expect(agentEvents.filter((e) => e.event === "agent_end")).toHaveLength(3);
    expect(agentEvents.filter((e) => e.event !== "agent_end").every((e) => e.host === server.url)).toBe(true);
    expect(server.maxInFlight).toBe(1);
  });
});

