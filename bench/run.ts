/**
 * `npm run bench`: what llmgenie costs next to its models' own time.
 * Writes `bench/results.json` and the tables of `docs/benchmarks.md`.
 *
 *   tsx bench/run.ts [--smoke] [--out <json>] [--docs <md>] [--server child|inproc|compare]
 *                    [--only overhead,speedup,fanout,raw,context,embedded,import,hosts]
 *
 * `LLMGENIE_BENCH_MODEL` (a .gguf path, hf: URI or URL) adds a real model to the embedded suite.
 *
 * `--smoke` runs every suite at tiny sizes, once, and writes no docs unless
 * `--docs` is given (the test suite uses it so the script never rots).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeMachine } from "./machine.js";
import type { ServerPlacement } from "./modelServer.js";
import { renderReport } from "./report.js";
import { benchPlan, type SuiteName, SUITES } from "./plan.js";
import { measureContext } from "./suites/context.js";
import { measureEmbedded } from "./suites/embedded.js";
import { measureFanout } from "./suites/fanout.js";
import { measureImportCost } from "./suites/importCost.js";
import { measureOverhead, type OverheadFigure } from "./suites/overhead.js";
import { measureRawInFreshProcess } from "./suites/raw.js";
import { measureSpeedup } from "./suites/speedup.js";
import { measureHosts } from "./suites/hosts.js";
import { median, round } from "./stats.js";
import type { BenchResults, PlacementComparison } from "./results.js";

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    out: { type: "string" },
    docs: { type: "string" },
    server: { type: "string" },
    only: { type: "string" },
  },
});

const smoke = values.smoke!;
const plan = benchPlan(smoke);
const only = new Set<SuiteName>(values.only ? (values.only.split(",") as SuiteName[]) : SUITES);
for (const name of only) if (!SUITES.includes(name)) throw new Error(`--only: unknown suite "${name}" (${SUITES.join(", ")})`);
const serverMode = values.server ?? (smoke ? "child" : "compare");
if (!["child", "inproc", "compare"].includes(serverMode)) throw new Error(`--server: child, inproc or compare`);
const outPath = resolve(values.out ?? "bench/results.json");
const docsPath = values.docs ? resolve(values.docs) : smoke ? undefined : resolve("docs/benchmarks.md");

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const warnings: string[] = [];
process.on("warning", (warning) => warnings.push(`${warning.name}: ${warning.message}`));

const started = performance.now();

/** How far the server's measured model time strays from its script (1 = not at all). */
const distortion = (figures: OverheadFigure[]) => median(figures.map((f) => f.criticalPathMs / f.scriptedMs));

async function choosePlacement(): Promise<{ placement: ServerPlacement; comparison?: PlacementComparison }> {
  if (serverMode !== "compare") return { placement: serverMode as ServerPlacement };
  log("server placement: overhead in this process vs in a child process");
  const inproc = await measureOverhead({ ...plan.placement, placement: "inproc" });
  const child = await measureOverhead({ ...plan.placement, placement: "child" });
  const placement: ServerPlacement = distortion(child) <= distortion(inproc) ? "child" : "inproc";
  return {
    placement,
    comparison: {
      chosen: placement,
      modelTimeInflation: { inproc: round(distortion(inproc)), child: round(distortion(child)) },
      figures: { inproc, child },
    },
  };
}

// The embedded and import suites run no model server: alone, they need no placement.
const needsServer = [...only].some((name) => name !== "embedded" && name !== "import" && name !== "hosts");
const { placement, comparison } = needsServer ? await choosePlacement() : { placement: "child" as ServerPlacement, comparison: undefined };
log(`server placement: ${placement}`);

const results: BenchResults = {
  date: new Date().toISOString(),
  smoke,
  machine: describeMachine(),
  serverPlacement: placement,
  ...(comparison ? { placementComparison: comparison } : {}),
  durationMs: 0,
  processWarnings: [],
};

if (only.has("overhead")) {
  log("overhead");
  results.overhead = [
    ...(await measureOverhead({ ...plan.overhead, placement })),
    ...(await measureOverhead({ ...plan.overheadSlowCalls, placement })),
  ];
}
if (only.has("speedup")) {
  log("speedup");
  results.speedup = await measureSpeedup({ ...plan.speedup, placement });
}
if (only.has("fanout")) {
  log("fan-out at scale");
  results.fanout = await measureFanout({ ...plan.fanout, placement });
}
if (only.has("raw")) {
  log("against raw LangGraph");
  results.raw = await measureRawInFreshProcess({ ...plan.raw, placement });
  for (const scale of plan.rawScale) results.raw.push(...(await measureRawInFreshProcess({ ...scale, placement })));
}
if (only.has("context")) {
  log("context preservation");
  results.context = await measureContext({ placement });
}
if (only.has("embedded")) {
  log("embedded model");
  results.embedded = await measureEmbedded(plan.embedded);
}
if (only.has("import")) {
  log("import cost");
  results.importCost = await measureImportCost(plan.importCost);
}
if (only.has("hosts")) {
  log("model hosts on a simulated Ollama scheduler");
  results.hosts = await measureHosts(plan.hosts);
  results.hostsLoadMs = plan.hosts.loadMs;
  results.hostsCallMs = plan.hosts.callMs;
}
results.durationMs = Math.round(performance.now() - started);
results.processWarnings = [...new Set(warnings)];

mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${outPath} (${(results.durationMs / 1000).toFixed(1)} s)`);
if (docsPath) {
  mkdirSync(dirname(docsPath), { recursive: true });
  writeFileSync(docsPath, renderReport(results));
  log(`wrote ${docsPath}`);
}
