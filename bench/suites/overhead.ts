/**
 * 1. Overhead vs the ideal: each mode's wall time ÷ the critical path of model
 * time (from the server's request log), at several sizes, 100 ms per call.
 * For the parallel shape, the same ratio of the hand-written LangGraph graph
 * (`rawGraph.ts`, same ChatOllama path) is the floor that the stack sets.
 */
import { ChatOllama } from "@langchain/ollama";
import { AgentOrchestrator } from "../../src/orchestrator.js";
import type { ExecutionMode } from "../../src/state/schemas.js";
import { withBenchServer, type BenchServer, type ServerPlacement } from "../modelServer.js";
import { createRawFanOutGraph } from "../rawGraph.js";
import { criticalPath } from "../requestLog.js";
import { AGENT_ANSWER, ollamaAgents, subtasks, timedReply, uncappedHost } from "../scripts.js";
import { median, repeat, round } from "../stats.js";
import { completed, timedRun } from "../timedRun.js";

export const OVERHEAD_TARGET = 1.05;

export interface OverheadFigure {
  mode: ExecutionMode;
  /** Subtasks (parallel), steps (sequential) or agents (collaborative). */
  n: number;
  latencyMs: number;
  /** Model calls per run, merge included. */
  modelCalls: number;
  wallMs: number;
  /** Σ over dependency stages of the longest call: the run if orchestration cost nothing. */
  criticalPathMs: number;
  /** Σ over stages of the time any call was in flight. */
  busyMs: number;
  /** Stages × scripted latency: the critical path the server was told to produce. */
  scriptedMs: number;
  /** Median over repetitions of wall ÷ critical path. */
  ratio: number;
  /** Median of wall ÷ busy time. */
  ratioBusy: number;
  /** CPU time of the orchestrating process per run (median): what other load on the machine multiplies. */
  cpuMs: number;
  /** wall − critical path (median), and that per model call. */
  overheadMs: number;
  overheadPerCallMs: number;
  /** Parallel only: wall ÷ critical path, and CPU ms per run, of the same shape in raw LangGraph. */
  rawLangGraphRatio?: number;
  rawLangGraphCpuMs?: number;
  met: boolean;
}

export interface OverheadOptions {
  placement: ServerPlacement;
  sizes: number[];
  modes: ExecutionMode[];
  latencyMs: number;
  /** Measured runs per figure, by size (long sequential chains need fewer to settle). */
  repetitions: (n: number) => number;
  warmup: number;
}

const QUERY = "Review the user service for correctness and performance";

/**
 * - parallel: N given subtasks (no plan call) over 3 agents, then the merge call;
 * - sequential: N given steps over 3 agents, one call each;
 * - collaborative: N agents answer, the rules pick (no judge, so no further call).
 */
function runShape(mode: ExecutionMode, n: number) {
  if (mode === "collaborative") return { agents: ollamaAgents(n), input: {}, modelCalls: n };
  return {
    agents: ollamaAgents(3),
    input: { subtasks: subtasks(n) },
    modelCalls: mode === "parallel" ? n + 1 : n,
  };
}

interface Sample {
  wallMs: number;
  cpuMs: number;
  longest: number;
  busy: number;
  stages: number;
}

async function sample(server: BenchServer, run: () => Promise<unknown>, modelCalls: number): Promise<Sample> {
  const { wallMs, cpuMs, chats } = await timedRun(server, run, { expectRequests: modelCalls });
  const path = criticalPath(chats);
  return { wallMs, cpuMs, longest: path.longest, busy: path.busy, stages: path.stages };
}

/** wall ÷ critical path and CPU of the raw LangGraph fan-out/merge with the same subtasks and ChatOllama models. */
async function rawLangGraph(server: BenchServer, n: number, options: OverheadOptions) {
  const models = Object.values(ollamaAgents(3)).map((model) => new ChatOllama({ model, baseUrl: server.url }));
  const graph = createRawFanOutGraph(models);
  const samples = await repeat(options.repetitions(n), options.warmup, () =>
    sample(server, () => graph.invoke({ query: QUERY, subtasks: subtasks(n) }), n + 1),
  );
  return {
    rawLangGraphRatio: round(median(samples.map((s) => s.wallMs / s.longest))),
    rawLangGraphCpuMs: round(median(samples.map((s) => s.cpuMs)), 1),
  };
}

export async function measureOverhead(options: OverheadOptions): Promise<OverheadFigure[]> {
  const figures: OverheadFigure[] = [];
  const scripts = { defaultModel: timedReply(AGENT_ANSWER, options.latencyMs) };
  await withBenchServer(options.placement, scripts, async (server) => {
    for (const mode of options.modes) {
      for (const n of options.sizes) {
        const shape = runShape(mode, n);
        const orchestrator = new AgentOrchestrator(shape.agents, { hosts: uncappedHost(server.url) });
        const run = async () => completed(await orchestrator.orchestrate({ query: QUERY, executionMode: mode, ...shape.input }));
        const samples = await repeat(options.repetitions(n), options.warmup, () => sample(server, run, shape.modelCalls));
        const ratio = median(samples.map((s) => s.wallMs / s.longest));
        const overheadMs = median(samples.map((s) => s.wallMs - s.longest));
        figures.push({
          mode,
          n,
          latencyMs: options.latencyMs,
          modelCalls: shape.modelCalls,
          wallMs: round(median(samples.map((s) => s.wallMs)), 1),
          criticalPathMs: round(median(samples.map((s) => s.longest)), 1),
          busyMs: round(median(samples.map((s) => s.busy)), 1),
          scriptedMs: median(samples.map((s) => s.stages)) * options.latencyMs,
          ratio: round(ratio),
          ratioBusy: round(median(samples.map((s) => s.wallMs / s.busy))),
          cpuMs: round(median(samples.map((s) => s.cpuMs)), 1),
          overheadMs: round(overheadMs, 1),
          overheadPerCallMs: round(overheadMs / shape.modelCalls, 2),
          ...(mode === "parallel" ? await rawLangGraph(server, n, options) : {}),
          met: ratio <= OVERHEAD_TARGET,
        });
      }
    }
  });
  return figures;
}
