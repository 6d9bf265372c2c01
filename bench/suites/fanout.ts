/**
 * 3. Fan-out at scale: thousands of subtasks under `maxConcurrency`, each run
 * in a fresh process (`fanoutWorker.ts`) so its peak RSS is its own; the
 * hand-written LangGraph graph runs the same fan-out for comparison.
 */
import { reply } from "../../test/support/ollamaScript.js";
import type { FanoutWorkerInput, FanoutWorkerMessage } from "../fanoutWorker.js";
import { forkBenchModule } from "../freshProcess.js";
import { withBenchServer, type BenchServer, type ServerPlacement } from "../modelServer.js";
import { peakInFlight } from "../requestLog.js";
import { AGENT_ANSWER, MERGED_ANSWER, MERGE_PROMPT_MARK, timedReply } from "../scripts.js";
import { median, round } from "../stats.js";

export interface FanoutFigure {
  n: number;
  maxConcurrency: number;
  latencyMs: number;
  wallMs: number;
  /** ceil(N / cap) × latency: the run if orchestration cost nothing. */
  idealMs: number;
  /** wall ÷ ideal (median over repetitions). */
  ratio: number;
  /** (wall − ideal) ÷ N: what orchestration adds per subtask. */
  overheadPerSubtaskMs: number;
  /** CPU time of the orchestrating process ÷ N (robust to other load on the machine). */
  cpuPerSubtaskMs: number;
  peakRssMb: number;
  /** Growth of RSS during the run ÷ N. */
  rssPerSubtaskKb: number;
  peakInFlight: number;
  modelCalls: number;
  /**
   * The same fan-out in raw LangGraph (as many runs, interleaved): wall ÷ ideal, CPU per subtask,
   * and llmgenie ÷ raw LangGraph in wall and CPU time (medians).
   */
  rawLangGraph?: { ratio: number; cpuPerSubtaskMs: number; peakRssMb: number; llmgenieWallRatio: number; llmgenieCpuRatio: number };
  warnings: string[];
}

export interface FanoutOptions {
  placement: ServerPlacement;
  sizes: number[];
  maxConcurrency: number;
  latencyMs: number;
  repetitions: number;
  /** Also run the raw LangGraph graph, as often as llmgenie's, alternating with it. */
  raw: boolean;
}

type Done = Extract<FanoutWorkerMessage, { type: "done" }>;

interface WorkerRun {
  done: Done;
  peak: number;
  calls: number;
}

function runWorker(server: BenchServer, input: FanoutWorkerInput): Promise<WorkerRun> {
  const { child: worker, stderrTail } = forkBenchModule(new URL("../fanoutWorker.ts", import.meta.url), input, {
    ...process.env,
    OLLAMA_BASE_URL: server.url,
  });
  return new Promise((resolve, reject) => {
    worker.on("message", async (message: FanoutWorkerMessage) => {
      try {
        if (message.type === "warm") {
          await server.reset();
          worker.send("go");
        } else if (message.type === "done") {
          const chats = await server.chats();
          resolve({ done: message, peak: peakInFlight(chats), calls: chats.length });
        } else reject(new Error(`fan-out worker failed: ${message.message}`));
      } catch (error) {
        reject(error);
      }
    });
    worker.on("exit", (code) => {
      if (code) reject(new Error(`fan-out worker exited ${code}: ${stderrTail()}`));
    });
  });
}

async function measuredRun(server: BenchServer, input: FanoutWorkerInput): Promise<WorkerRun> {
  const run = await runWorker(server, input);
  if (!run.done.completed) throw new Error(`${input.impl} fan-out of ${input.n} did not complete`);
  if (run.calls !== input.n + 1) throw new Error(`${input.impl} fan-out of ${input.n} made ${run.calls} model calls, expected ${input.n + 1}`);
  return run;
}

export async function measureFanout(options: FanoutOptions): Promise<FanoutFigure[]> {
  const scripts = {
    defaultModel: timedReply(AGENT_ANSWER, options.latencyMs, 2),
    rules: [{ contains: MERGE_PROMPT_MARK, answer: reply(MERGED_ANSWER) }],
  };
  const figures: FanoutFigure[] = [];
  await withBenchServer(options.placement, scripts, async (server) => {
    for (const n of options.sizes) {
      const input = { n, maxConcurrency: options.maxConcurrency };
      const runs: WorkerRun[] = [];
      const rawRuns: WorkerRun[] = [];
      for (let i = 0; i < options.repetitions; i++) {
        runs.push(await measuredRun(server, { ...input, impl: "llmgenie" }));
        if (options.raw) rawRuns.push(await measuredRun(server, { ...input, impl: "raw" }));
      }
      const idealMs = Math.ceil(n / options.maxConcurrency) * options.latencyMs;
      const wallMs = median(runs.map((r) => r.done.wallMs));
      const cpuMs = median(runs.map((r) => r.done.cpuMs));
      const rawWallMs = median(rawRuns.map((r) => r.done.wallMs));
      const rawCpuMs = median(rawRuns.map((r) => r.done.cpuMs));
      figures.push({
        n,
        maxConcurrency: options.maxConcurrency,
        latencyMs: options.latencyMs,
        wallMs: round(wallMs, 1),
        idealMs,
        ratio: round(wallMs / idealMs),
        overheadPerSubtaskMs: round((wallMs - idealMs) / n, 3),
        cpuPerSubtaskMs: round(cpuMs / n, 3),
        peakRssMb: round(median(runs.map((r) => r.done.maxRssKb / 1024)), 1),
        rssPerSubtaskKb: round(median(runs.map((r) => (r.done.maxRssKb - r.done.rssBeforeKb) / n)), 2),
        peakInFlight: Math.max(...runs.map((r) => r.peak), ...rawRuns.map((r) => r.peak)),
        modelCalls: n + 1,
        ...(rawRuns.length
          ? {
              rawLangGraph: {
                ratio: round(rawWallMs / idealMs),
                cpuPerSubtaskMs: round(rawCpuMs / n, 3),
                peakRssMb: round(median(rawRuns.map((r) => r.done.maxRssKb / 1024)), 1),
                llmgenieWallRatio: round(wallMs / rawWallMs),
                llmgenieCpuRatio: round(cpuMs / rawCpuMs),
              },
            }
          : {}),
        warnings: [...new Set(runs.flatMap((r) => r.done.warnings))],
      });
    }
  });
  return figures;
}
