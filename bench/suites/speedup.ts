/**
 * 2. Parallel speedup: the same N subtasks through the parallel graph, all at
 * once (or capped by `maxConcurrency`) vs one after another (`maxConcurrency: 1`).
 */
import { AgentOrchestrator } from "../../src/orchestrator.js";
import { reply } from "../../test/support/ollamaScript.js";
import { withBenchServer, type ServerPlacement } from "../modelServer.js";
import { peakInFlight } from "../requestLog.js";
import { AGENT_ANSWER, MERGED_ANSWER, MERGE_PROMPT_MARK, ollamaAgents, subtasks, timedReply, uncappedHost } from "../scripts.js";
import { median, round } from "../stats.js";
import { completed, timedRun } from "../timedRun.js";

/** Speedup must reach this share of the ideal min(N, cap). */
export const SPEEDUP_TARGET_SHARE = 0.9;

export interface SpeedupFigure {
  n: number;
  /** `maxConcurrency` of the concurrent run (null: none). */
  maxConcurrency: number | null;
  latencyMs: number;
  sequentialMs: number;
  concurrentMs: number;
  /** Median over repetitions of sequential ÷ concurrent. */
  speedup: number;
  /** min(N, cap): what a framework that cost nothing would reach. */
  ideal: number;
  /** Most calls in flight in the concurrent run (must not exceed the cap) and in the sequential one (must be 1). */
  peakInFlight: number;
  sequentialPeakInFlight: number;
  met: boolean;
}

export interface SpeedupOptions {
  placement: ServerPlacement;
  cases: { n: number; maxConcurrency?: number }[];
  latencyMs: number;
  repetitions: number;
}

/**
 * The merge call is answered at zero latency (a server rule on the merge
 * prompt), so the ratio measures the fan-out itself; a 100 ms merge would be
 * a serial part and cap the ratio at 2N/(N+1) by Amdahl's law.
 */
export async function measureSpeedup(options: SpeedupOptions): Promise<SpeedupFigure[]> {
  const scripts = {
    defaultModel: timedReply(AGENT_ANSWER, options.latencyMs),
    rules: [{ contains: MERGE_PROMPT_MARK, answer: reply(MERGED_ANSWER) }],
  };
  const agents = ollamaAgents(3);
  const query = "Review the user service for correctness and performance";
  const figures: SpeedupFigure[] = [];
  await withBenchServer(options.placement, scripts, async (server) => {
    const hosts = uncappedHost(server.url);
    const sequential = new AgentOrchestrator(agents, { maxConcurrency: 1, hosts });
    // Cases with the same N share the one-at-a-time runs: each repetition runs it once, then every case.
    for (const n of [...new Set(options.cases.map((c) => c.n))]) {
      const input = { query, executionMode: "parallel" as const, subtasks: subtasks(n) };
      const run = async (orchestrator: AgentOrchestrator) =>
        timedRun(server, async () => completed(await orchestrator.orchestrate(input)), { expectRequests: n + 1 });
      const cases = options.cases
        .filter((c) => c.n === n)
        .map(({ maxConcurrency }) => ({
          maxConcurrency,
          orchestrator: new AgentOrchestrator(agents, { hosts, ...(maxConcurrency ? { maxConcurrency } : {}) }),
          runs: [] as { par: number; seq: number; peak: number }[],
        }));
      for (const c of cases) await c.orchestrator.orchestrate(input); // warm-up
      const seqPeaks: number[] = [];
      for (let i = 0; i < options.repetitions; i++) {
        const seq = await run(sequential);
        seqPeaks.push(peakInFlight(seq.chats));
        for (const c of cases) {
          const par = await run(c.orchestrator);
          // The merge call starts after every subtask call has ended: it never adds to the peak.
          c.runs.push({ par: par.wallMs, seq: seq.wallMs, peak: peakInFlight(par.chats) });
        }
      }
      for (const { maxConcurrency, runs } of cases) {
        const ideal = Math.min(n, maxConcurrency ?? n);
        const speedup = median(runs.map((r) => r.seq / r.par));
        const peak = Math.max(...runs.map((r) => r.peak));
        const seqPeak = Math.max(...seqPeaks);
        figures.push({
          n,
          maxConcurrency: maxConcurrency ?? null,
          latencyMs: options.latencyMs,
          sequentialMs: round(median(runs.map((r) => r.seq)), 1),
          concurrentMs: round(median(runs.map((r) => r.par)), 1),
          speedup: round(speedup, 2),
          ideal,
          peakInFlight: peak,
          sequentialPeakInFlight: seqPeak,
          met: speedup >= SPEEDUP_TARGET_SHARE * ideal && peak <= (maxConcurrency ?? n) && seqPeak === 1,
        });
      }
    }
  });
  return figures;
}
