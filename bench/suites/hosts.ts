/**
 * 6. Model hosts on a simulated Ollama scheduler (`test/support/ollamaScheduler.ts`):
 * model loads and wall time against the best schedule, per-host caps. The
 * servers run in this process (their timers are the model time here, and
 * loads and calls are ≥ 100 ms, far above the event-loop noise).
 *
 * Uses only what `AgentOrchestrator` had before hosts existed (an unknown
 * `hosts` option is ignored there), so the same file measures today's code
 * for the "before" column (`--baseline`, see docs/benchmarks.md).
 */
import { ChatOllama } from "@langchain/ollama";
import { AgentOrchestrator } from "../../src/orchestrator.js";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { reply, startOllamaServer, type ChatRequest, type OllamaServer, type SchedulerOptions } from "../../test/support/ollamaServer.js";
import { chatLog } from "../modelServer.js";
import { peakInFlight } from "../requestLog.js";
import { median, round } from "../stats.js";

export const WALL_TARGET = 1.2;

export interface HostsOptions {
  /** One model call, ms. */
  callMs: number;
  /** One model load, ms. */
  loadMs: number;
  repetitions: number;
  /** Unrecorded runs before each scenario's measured ones. */
  warmup: number;
}

/** One scenario: what the scheduler logged, and the best schedule for it. */
export interface HostsFigure {
  scenario: "resident" | "cold" | "collaborative" | "two-hosts";
  description: string;
  /** Loads during the agent calls (the merge, by the planner, not counted). */
  loads: number;
  bestLoads: number;
  wallMs: number;
  bestWallMs: number;
  /** wall ÷ best (medians). */
  ratio: number;
  /** Two hosts: the peak in flight on each, its cap, and the share of the run each had a call in flight. */
  hosts?: { cap: number; peak: number; calls: number; busyShare: number }[];
  /** Distinct models loaded twice or more on one host (collaborative: should be 0). */
  reloaded: number;
  met: boolean;
}

const TAGS = ["alpha:7b", "beta:7b", "gamma:7b"] as const;
const QUERY = "Review the user service for correctness and performance";
const SIX = Array.from({ length: 6 }, (_, i) => `Part ${i + 1} of the review`);

const agentScript = (callMs: number) => (request: ChatRequest) =>
  request.messages[0]?.content === MERGE_SYSTEM ? "merged" : reply(`answer from ${request.model}`, { chunks: 1, firstChunkDelayMs: callMs });

async function serve(callMs: number, scheduler: SchedulerOptions): Promise<OllamaServer> {
  return startOllamaServer({ models: Object.fromEntries(TAGS.map((t) => [t, agentScript(callMs)])), scheduler });
}

/** The merge call's start (or the end of the log): loads after it are the planner's, not the agents'. */
const mergeStart = (server: OllamaServer): number =>
  server.chats.find((r) => r.messages?.[0]?.content === MERGE_SYSTEM)?.startedAt ?? Number.POSITIVE_INFINITY;

const agentLoads = (server: OllamaServer) => server.scheduler!.loads.filter((l) => l.startedAt < mergeStart(server));

const reloads = (server: OllamaServer): number => {
  const counts = new Map<string, number>();
  for (const l of agentLoads(server)) counts.set(l.model, (counts.get(l.model) ?? 0) + 1);
  return [...counts.values()].filter((c) => c > 1).length;
};

/** Share of [start, end] during which at least one of `server`'s chat calls was in flight. */
function busyShare(server: OllamaServer, start: number, end: number): number {
  let busy = 0;
  let open = 0;
  let since = start;
  for (const p of server.inFlightTimeline()) {
    if (open > 0) busy += p.t - since;
    open = p.inFlight;
    since = p.t;
  }
  return end > start ? busy / (end - start) : 0;
}

async function timed(server: OllamaServer[], run: () => Promise<{ status: string }>): Promise<number> {
  for (const s of server) s.reset();
  const started = performance.now();
  const result = await run();
  if (result.status !== "completed") throw new Error(`hosts bench: run ended ${result.status}`);
  return performance.now() - started;
}

export async function measureHosts(options: HostsOptions): Promise<HostsFigure[]> {
  const { callMs, loadMs, warmup } = options;
  const repetitions = options.repetitions + warmup;
  const figures: HostsFigure[] = [];
  const slots = 2;
  const rounds = Math.ceil(SIX.length / slots) * callMs;

  // One host that holds one model, three agents on three models, six interchangeable subtasks.
  for (const scenario of ["resident", "cold"] as const) {
    const server = await serve(callMs, {
      maxLoadedModels: 1,
      numParallel: slots,
      loadMs,
      ...(scenario === "resident" ? { loaded: [TAGS[1]] } : {}),
    });
    try {
      const agents = Object.fromEntries(TAGS.map((t) => [t.split(":")[0]!, new ChatOllama({ model: t, baseUrl: server.url })]));
      // The merge goes to the agent of the loaded model, so the figure is about the subtasks.
      const orchestrator = new AgentOrchestrator(agents, { planner: scenario === "resident" ? "beta" : "alpha" });
      const walls: number[] = [];
      let loads = 0;
      let reloaded = 0;
      for (let i = 0; i < repetitions; i++) {
        const wall = await timed([server], () => orchestrator.orchestrate({ query: QUERY, executionMode: "parallel", subtasks: SIX }));
        if (i < warmup) continue;
        walls.push(wall);
        loads = Math.max(loads, agentLoads(server).length);
        reloaded = Math.max(reloaded, reloads(server));
      }
      const bestLoads = scenario === "resident" ? 0 : 1;
      const bestWallMs = bestLoads * loadMs + rounds;
      const wallMs = median(walls);
      figures.push({
        scenario,
        description:
          scenario === "resident"
            ? `6 subtasks, 3 agents on 3 models, the host holds beta's model (${slots} slots)`
            : `6 subtasks, 3 agents on 3 models, the host holds none (${slots} slots)`,
        loads,
        bestLoads,
        wallMs: round(wallMs, 1),
        bestWallMs,
        ratio: round(wallMs / bestWallMs),
        reloaded,
        met: loads === bestLoads && wallMs / bestWallMs <= WALL_TARGET,
      });
    } finally {
      await server.close();
    }
  }

  // Collaborative over the three models on that host: each loaded once.
  {
    const server = await serve(callMs, { maxLoadedModels: 1, numParallel: 1, loadMs, loaded: [TAGS[2]] });
    try {
      const agents = Object.fromEntries(TAGS.map((t) => [t.split(":")[0]!, new ChatOllama({ model: t, baseUrl: server.url })]));
      const orchestrator = new AgentOrchestrator(agents);
      const walls: number[] = [];
      let loads = 0;
      let reloaded = 0;
      for (let i = 0; i < repetitions; i++) {
        const wall = await timed([server], () => orchestrator.orchestrate({ query: QUERY, executionMode: "collaborative" }));
        if (i < warmup) continue;
        walls.push(wall);
        loads = Math.max(loads, server.scheduler!.loads.length);
        reloaded = Math.max(reloaded, reloads(server));
      }
      const bestWallMs = 2 * loadMs + 3 * callMs;
      const wallMs = median(walls);
      figures.push({
        scenario: "collaborative",
        description: "3 candidates on 3 models, the host holds one (gamma's) at a time, 1 slot",
        loads,
        bestLoads: 2,
        wallMs: round(wallMs, 1),
        bestWallMs,
        ratio: round(wallMs / bestWallMs),
        reloaded,
        met: reloaded === 0 && loads === 2,
      });
    } finally {
      await server.close();
    }
  }

  // Two hosts with different caps.
  {
    const caps = [1, 3];
    const servers = await Promise.all(caps.map((cap) => serve(callMs, { maxLoadedModels: 1, numParallel: cap, loaded: [TAGS[0]] })));
    try {
      const agents = { small: new ChatOllama({ model: TAGS[0], baseUrl: servers[0]!.url }), large: new ChatOllama({ model: TAGS[0], baseUrl: servers[1]!.url }) };
      const hosts = Object.fromEntries(servers.map((s, i) => [s.url, { maxParallel: caps[i]! }]));
      const orchestrator = new AgentOrchestrator(agents, { hosts } as ConstructorParameters<typeof AgentOrchestrator>[1]);
      const twelve = Array.from({ length: 12 }, (_, i) => `Part ${i + 1} of the review`);
      const walls: number[] = [];
      let perHost: NonNullable<HostsFigure["hosts"]> = [];
      for (let i = 0; i < repetitions; i++) {
        const started = performance.now();
        const wall = await timed(servers, () => orchestrator.orchestrate({ query: QUERY, executionMode: "parallel", subtasks: twelve }));
        if (i < warmup) continue;
        walls.push(wall);
        const end = Math.min(...servers.map(mergeStart));
        perHost = servers.map((s, h) => {
          const agentChats = chatLog(s.requests, false).filter((c) => c.startedAt < end);
          return { cap: caps[h]!, peak: peakInFlight(agentChats), calls: agentChats.length, busyShare: round(busyShare(s, started, end), 2) };
        });
      }
      // Best: 12 calls over 1 + 3 slots → 3 rounds.
      const bestWallMs = Math.ceil(twelve.length / caps.reduce((a, b) => a + b, 0)) * callMs;
      const wallMs = median(walls);
      figures.push({
        scenario: "two-hosts",
        description: "12 subtasks over two hosts holding the model, caps 1 and 3 (= their slots)",
        loads: 0,
        bestLoads: 0,
        wallMs: round(wallMs, 1),
        bestWallMs,
        ratio: round(wallMs / bestWallMs),
        hosts: perHost,
        reloaded: 0,
        met: perHost.every((h) => h.peak <= h.cap && h.calls > 0),
      });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  }
  return figures;
}
