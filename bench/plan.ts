/** Sizes, latencies and repetitions of each suite: the full run (4.5–10 min on 2 cores, by machine) and the smoke run. */
import type { ExecutionMode } from "../src/state/schemas.js";

export const SUITES = ["overhead", "speedup", "fanout", "raw", "context", "embedded", "import", "hosts"] as const;
export type SuiteName = (typeof SUITES)[number];

const MODES: ExecutionMode[] = ["parallel", "sequential", "collaborative"];

export function benchPlan(smoke: boolean) {
  return smoke
    ? {
        overhead: { sizes: [2], modes: MODES, latencyMs: 20, repetitions: () => 1, warmup: 0 },
        placement: { sizes: [2], modes: MODES, latencyMs: 20, repetitions: () => 1, warmup: 0 },
        overheadSlowCalls: { sizes: [2], modes: ["parallel"] as ExecutionMode[], latencyMs: 40, repetitions: () => 1, warmup: 0 },
        speedup: { cases: [{ n: 3 }, { n: 4, maxConcurrency: 2 }], latencyMs: 20, repetitions: 1 },
        fanout: { sizes: [20], maxConcurrency: 4, latencyMs: 5, repetitions: 1, raw: true },
        raw: { backends: ["fake", "loopback"] as const, sizes: [3], repetitions: 2, warmup: 1 },
        embedded: { maxTokens: 16, comparisonTokens: 16, concurrency: [1, 2], repetitions: 1 },
        importCost: { repetitions: 1 },
        rawScale: [{ backends: ["fake", "loopback"] as const, sizes: [20], repetitions: 2, warmup: 0 }],
        hosts: { callMs: 40, loadMs: 80, repetitions: 1, warmup: 0 },
      }
    : {
        overhead: { sizes: [3, 8, 32], modes: MODES, latencyMs: 100, repetitions: (n: number) => (n >= 32 ? 3 : 5), warmup: 1 },
        /** The largest runs again with 1 s calls: the same absolute overhead next to a realistic model time. */
        overheadSlowCalls: {
          sizes: [32],
          modes: ["parallel", "collaborative"] as ExecutionMode[],
          latencyMs: 1000,
          repetitions: () => 3,
          warmup: 0,
        },
        /** The overhead figures most sensitive to where the server runs, measured both ways. */
        placement: {
          sizes: [32],
          modes: ["parallel", "collaborative"] as ExecutionMode[],
          latencyMs: 100,
          repetitions: () => 3,
          warmup: 1,
        },
        speedup: {
          cases: [{ n: 3 }, { n: 8 }, { n: 32 }, { n: 32, maxConcurrency: 8 }],
          latencyMs: 100,
          repetitions: 3,
        },
        fanout: { sizes: [100, 1000, 5000], maxConcurrency: 16, latencyMs: 20, repetitions: 3, raw: true },
        raw: { backends: ["fake", "loopback"] as const, sizes: [3, 32], repetitions: 30, warmup: 10 },
        embedded: { maxTokens: 256, comparisonTokens: 32, concurrency: [1, 4], repetitions: 3 },
        importCost: { repetitions: 7 },
        /**
         * Fan-out at scale against raw LangGraph (§ 8). Loopback only at 200: 1,000 uncapped requests at
         * once make the raw graph's sockets fail (it has no retries), which would measure nothing.
         */
        rawScale: [
          { backends: ["fake"] as const, sizes: [200], repetitions: 30, warmup: 5 },
          { backends: ["fake"] as const, sizes: [1000], repetitions: 9, warmup: 1 },
          { backends: ["loopback"] as const, sizes: [200], repetitions: 15, warmup: 2 },
        ],
        /** Model hosts on the simulated scheduler: seconds-long loads, sub-second calls, as on a GPU. */
        hosts: { callMs: 400, loadMs: 1500, repetitions: 3, warmup: 1 },
      };
}
