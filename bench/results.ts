/** The shape of `bench/results.json`. */
import type { Machine } from "./machine.js";
import type { ServerPlacement } from "./modelServer.js";
import type { ContextFigure } from "./suites/context.js";
import type { EmbeddedResults } from "./suites/embedded.js";
import type { FanoutFigure } from "./suites/fanout.js";
import type { ImportCostResult } from "./suites/importCost.js";
import type { HostsFigure } from "./suites/hosts.js";
import type { OverheadFigure } from "./suites/overhead.js";
import type { RawFigure } from "./suites/raw.js";
import type { SpeedupFigure } from "./suites/speedup.js";

/**
 * Overhead figures measured with the server in each placement. The one whose
 * measured model time stays closer to its script is used: a server sharing
 * the orchestrator's event loop answers late, which inflates the critical
 * path and so flatters the wall ÷ critical-path ratio.
 */
export interface PlacementComparison {
  chosen: ServerPlacement;
  /** Median over the figures of measured critical path ÷ scripted critical path. */
  modelTimeInflation: Record<ServerPlacement, number>;
  figures: Record<ServerPlacement, OverheadFigure[]>;
}

export interface BenchResults {
  date: string;
  smoke: boolean;
  machine: Machine;
  serverPlacement: ServerPlacement;
  placementComparison?: PlacementComparison;
  durationMs: number;
  /** Distinct Node process warnings seen in this process (e.g. MaxListenersExceededWarning). */
  processWarnings: string[];
  overhead?: OverheadFigure[];
  speedup?: SpeedupFigure[];
  fanout?: FanoutFigure[];
  raw?: RawFigure[];
  context?: ContextFigure[];
  embedded?: EmbeddedResults;
  importCost?: ImportCostResult;
  hosts?: HostsFigure[];
  /** The hosts suite's load and call times, ms. */
  hostsLoadMs?: number;
  hostsCallMs?: number;
}
