/**
 * 4. Against raw LangGraph: the same fan-out/merge with zero-latency models,
 * llmgenie's time per run ÷ the hand-written graph's (`rawGraph.ts`).
 */
import { ChatOllama } from "@langchain/ollama";
import { FakeListChatModel } from "@langchain/core/utils/testing";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AgentOrchestrator } from "../../src/orchestrator.js";
import { createParallelGraph } from "../../src/graphs/parallel.js";
import { validateAnswer } from "../../src/quality/index.js";
import { inFreshProcess } from "../freshProcess.js";
import { withBenchServer, type ServerPlacement } from "../modelServer.js";
import { createRawFanOutGraph } from "../rawGraph.js";
import { createBareAgentParallelGraph } from "../bareAgentGraph.js";
import { createShapedRawFanOutGraph } from "../shapedRawGraph.js";
import { createUncheckedParallelGraph } from "../uncheckedGraph.js";
import { AGENT_ANSWER, ollamaAgents, subtasks, timedReply, uncappedHost } from "../scripts.js";
import { shuffle } from "simple-statistics";
import { median, round } from "../stats.js";

export const RAW_TARGET = 1.25;

export type RawBackend = "fake" | "loopback";

export interface RawFigure {
  /** `fake`: an in-process fake chat model for both; `loopback`: ChatOllama against the 0-latency server for both. */
  backend: RawBackend;
  n: number;
  rawMs: number;
  /** `AgentOrchestrator.orchestrate` (what users call). */
  llmgenieMs: number;
  /** `createParallelGraph().compile().invoke` (the mode graph alone, no facade, no classify). */
  graphMs: number;
  /** The mode graph with its agent node swapped for a bare model call (`bareAgentGraph.ts`). */
  bareAgentMs: number;
  /** llmgenie's graph shape written on raw LangGraph with no llmgenie code (`shapedRawGraph.ts`). */
  shapedMs: number;
  /** The mode graph without LangGraph's zod check of node updates (`uncheckedGraph.ts`). */
  uncheckedMs: number;
  /**
   * The quality scoring llmgenie does per run (`validateAnswer` on each of the
   * N answers and on the merged output), timed alone: part of the gap.
   */
  scoringMs: number;
  /** llmgenie ÷ raw (medians). */
  ratio: number;
  graphRatio: number;
  bareAgentRatio: number;
  shapedRatio: number;
  uncheckedRatio: number;
  met: boolean;
}

export interface RawOptions {
  placement: ServerPlacement;
  backends: readonly RawBackend[];
  sizes: number[];
  repetitions: number;
  warmup: number;
}

const fakeModels = (): BaseChatModel[] =>
  Array.from({ length: 3 }, () => new FakeListChatModel({ responses: [AGENT_ANSWER] }));

export async function measureRaw(options: RawOptions): Promise<RawFigure[]> {
  const figures: RawFigure[] = [];
  const query = "Review the user service for correctness and performance";
  await withBenchServer(options.placement, { defaultModel: timedReply(AGENT_ANSWER, 0) }, async (server) => {
    for (const backend of options.backends) {
      const tags = Object.values(ollamaAgents(3));
      const models = backend === "fake" ? fakeModels() : tags.map((model) => new ChatOllama({ model, baseUrl: server.url }));
      const agents =
        backend === "fake"
          ? Object.fromEntries(models.map((model, i) => [`agent${i + 1}`, model]))
          : ollamaAgents(3);
      const raw = createRawFanOutGraph(models);
      const shaped = createShapedRawFanOutGraph(models);
      // The raw graph sends every call at once: lift the host cap (default 4) so both run the same shape.
      const hosts = uncappedHost(server.url);
      const orchestrator = new AgentOrchestrator(agents, { hosts });
      const graph = createParallelGraph().compile();
      const unchecked = createUncheckedParallelGraph();
      const bareAgent = createBareAgentParallelGraph(Object.fromEntries(Object.keys(agents).map((name, i) => [name, models[i]!])));
      for (const n of options.sizes) {
        const parts = subtasks(n);
        const runs = {
          raw: async () => {
            const state = await raw.invoke({ query, subtasks: parts });
            if (state.parts.length !== n || !state.output) throw new Error("raw graph run incomplete");
          },
          llmgenie: async () => {
            const result = await orchestrator.orchestrate({ query, executionMode: "parallel", subtasks: parts });
            if (result.status !== "completed") throw new Error(`llmgenie run ended ${result.status}`);
          },
          graph: async () => {
            const state = await graph.invoke({ query, subtasks: parts }, { configurable: { agents, hosts } });
            if (state.status !== "completed") throw new Error(`parallel graph run ended ${state.status}`);
          },
          bareAgent: async () => {
            const state = await bareAgent.invoke({ query, subtasks: parts }, { configurable: { agents, hosts } });
            if (state.status !== "completed") throw new Error(`bare-agent graph run ended ${state.status}`);
          },
          shaped: async () => {
            const state = await shaped.invoke({ query, subtasks: parts });
            if (state.results.length !== n || !state.output) throw new Error("shaped raw graph run incomplete");
          },
          unchecked: async () => {
            const state = await unchecked.invoke({ query, subtasks: parts }, { configurable: { agents, hosts } });
            if (state.status !== "completed") throw new Error(`unchecked parallel graph run ended ${state.status}`);
          },
          scoring: async () => {
            for (const part of parts) validateAnswer(part, AGENT_ANSWER);
            validateAnswer(query, AGENT_ANSWER);
          },
        };
        const times = Object.fromEntries(Object.keys(runs).map((name) => [name, [] as number[]])) as Record<keyof typeof runs, number[]>;
        for (let i = 0; i < options.warmup + options.repetitions; i++) {
          // Interleaved, so drift (CPU frequency, other load) hits each alike, in a new order each
          // round, so that no variant always pays for the garbage or warms the caches of the one before it.
          for (const name of shuffle(Object.keys(runs) as (keyof typeof runs)[])) {
            const started = performance.now();
            await runs[name]();
            if (i >= options.warmup) times[name].push(performance.now() - started);
          }
        }
        const rawMs = median(times.raw);
        const ratio = median(times.llmgenie) / rawMs;
        figures.push({
          backend,
          n,
          rawMs: round(rawMs, 2),
          llmgenieMs: round(median(times.llmgenie), 2),
          graphMs: round(median(times.graph), 2),
          bareAgentMs: round(median(times.bareAgent), 2),
          shapedMs: round(median(times.shaped), 2),
          uncheckedMs: round(median(times.unchecked), 2),
          scoringMs: round(median(times.scoring), 2),
          ratio: round(ratio),
          graphRatio: round(median(times.graph) / rawMs),
          bareAgentRatio: round(median(times.bareAgent) / rawMs),
          shapedRatio: round(median(times.shaped) / rawMs),
          uncheckedRatio: round(median(times.unchecked) / rawMs),
          met: ratio <= RAW_TARGET,
        });
      }
    }
  });
  return figures;
}

/**
 * `measureRaw` in a process of its own, so both sides run on a fresh heap,
 * not on what the suites before them left.
 */
export const measureRawInFreshProcess = (options: RawOptions): Promise<RawFigure[]> =>
  inFreshProcess(new URL("../rawWorker.ts", import.meta.url), options);
