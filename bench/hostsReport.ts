/**
 * § 8 of `docs/benchmarks.md`: model hosts on the simulated Ollama scheduler,
 * and the fan-out-at-scale ratios against raw LangGraph, each beside the
 * figures of the code before hosts (`bench/before.json`, measured with the
 * same suites on the commit it names).
 */
import { existsSync, readFileSync } from "node:fs";
import { benchPlan } from "./plan.js";
import type { BenchResults } from "./results.js";
import type { HostsFigure } from "./suites/hosts.js";
import { WALL_TARGET } from "./suites/hosts.js";
import type { RawFigure } from "./suites/raw.js";

/** The same comparison where models take time (§ 3's capped fan-out): not the target's case, shown beside it. */
function withLatency(r: BenchResults): string {
  const figures = (r.fanout ?? []).filter((f) => f.n >= 1000 && f.rawLangGraph);
  if (!figures.length) return "";
  const { latencyMs, maxConcurrency } = figures[0]!;
  const ratios = figures.map((f) => `N = ${f.n}: ${f.rawLangGraph!.llmgenieWallRatio.toFixed(2)}`).join(", ");
  return `; with ${latencyMs} ms calls under a cap of ${maxConcurrency} (§ 3): ${ratios}`;
}

/** How many runs each fan-out-at-scale row is the median of, as the plan says. */
const scaleRepetitions = (smoke: boolean): string =>
  benchPlan(smoke)
    .rawScale.map(({ backends, sizes, repetitions }) => `${repetitions} (${backends.join(", ")}, N = ${sizes.join(", ")})`)
    .join(", ");

/** Figures of the code before hosts, measured by the same suites. */
export interface BeforeFigures {
  commit: string;
  date: string;
  loadAverage: number;
  hosts: HostsFigure[];
  raw: RawFigure[];
}

/** llmgenie ÷ raw LangGraph aimed at for wide fan-outs. */
const SCALE_TARGET = 1.1;

const BEFORE_PATH = new URL("./before.json", import.meta.url);

export function readBefore(): BeforeFigures | undefined {
  return existsSync(BEFORE_PATH) ? (JSON.parse(readFileSync(BEFORE_PATH, "utf8")) as BeforeFigures) : undefined;
}

const table = (head: string[], rows: (string | number)[][]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const hostCell = (f: HostsFigure | undefined) =>
  f?.hosts ? f.hosts.map((h) => `cap ${h.cap}: peak ${h.peak}, ${h.calls} calls, busy ${Math.round(h.busyShare * 100)} %`).join("; ") : "";

/** The summary rows (target, goal, measured, met) for § 8. */
export function hostsSummaryRows(r: BenchResults): string[][] {
  if (!r.hosts?.length) return [];
  const by = (s: HostsFigure["scenario"]) => r.hosts!.find((f) => f.scenario === s);
  const resident = by("resident");
  const collaborative = by("collaborative");
  const two = by("two-hosts");
  const rows: string[][] = [];
  if (resident) {
    rows.push([
      "8a. one host holding one model, 3 agents on 3 models, 6 subtasks: loads; wall ÷ best schedule",
      `0 loads; ≤ ${WALL_TARGET}`,
      `${resident.loads} loads; ${resident.ratio.toFixed(2)}`,
      resident.met ? "yes" : "**no**",
    ]);
  }
  if (collaborative) {
    rows.push(["8b. collaborative over 3 models on that host: each model loaded once", "no model loaded twice", `${collaborative.loads} loads, ${collaborative.reloaded} reloaded`, collaborative.met ? "yes" : "**no**"]);
  }
  if (two) rows.push(["8c. two hosts with caps 1 and 3", "never over a cap; both busy", hostCell(two), two.met ? "yes" : "**no**"]);
  const scale = (r.raw ?? []).filter((f) => f.n >= 200);
  if (scale.length) {
    const before = readBefore();
    const was = (f: RawFigure) => before?.raw.find((o) => o.backend === f.backend && o.n === f.n);
    rows.push([
      "8d. fan-out of 200 and 1,000 subtasks, llmgenie ÷ raw LangGraph",
      `≤ ${SCALE_TARGET}`,
      scale.map((f) => `${f.backend} N = ${f.n}: ${f.ratio.toFixed(2)}${was(f) ? ` (before ${was(f)!.ratio.toFixed(2)})` : ""}`).join("; ") + withLatency(r),
      scale.every((f) => f.ratio <= SCALE_TARGET) ? "yes" : "**no**",
    ]);
  }
  return rows;
}

export function hostsSection(r: BenchResults): string {
  if (!r.hosts?.length) return "";
  const before = readBefore();
  const old = (s: HostsFigure["scenario"]) => before?.hosts.find((f) => f.scenario === s);
  const rows = r.hosts.map((f) => {
    const b = old(f.scenario);
    return [
      f.scenario,
      f.description,
      `**${f.loads}**`,
      f.bestLoads,
      b ? b.loads : "",
      f.wallMs.toFixed(0),
      f.bestWallMs,
      `**${f.ratio.toFixed(2)}**`,
      b ? `${b.wallMs.toFixed(0)} / ${b.ratio.toFixed(2)}` : "",
      hostCell(f),
      b ? hostCell(b) : "",
    ];
  });
  const scale = (r.raw ?? []).filter((f) => f.n >= 200);
  const scaleRows = scale.map((f) => {
    const b = before?.raw.find((o) => o.backend === f.backend && o.n === f.n);
    return [
      f.backend,
      f.n,
      f.rawMs.toFixed(1),
      f.llmgenieMs.toFixed(1),
      f.shapedRatio.toFixed(2),
      f.bareAgentRatio.toFixed(2),
      f.uncheckedRatio.toFixed(2),
      f.graphRatio.toFixed(2),
      `**${f.ratio.toFixed(2)}**`,
      b ? `${b.llmgenieMs.toFixed(1)} / ${b.ratio.toFixed(2)}` : "",
    ];
  });
  const beforeNote = before
    ? `"before" = the same suite on commit \`${before.commit}\` (round-robin, no host limits), measured ${before.date.slice(0, 16).replace("T", " ")} UTC, load average ${before.loadAverage}.`
    : "";
  return `## 8. Model hosts and residency

A simulated Ollama scheduler (\`test/support/ollamaScheduler.ts\`, modelled on Ollama's \`server/sched.go\`: docs/ollama-scheduler.md) stands in for the GPU: it holds one model at a time, a load takes ${r.hostsLoadMs ?? "?"} ms, a call ${r.hostsCallMs ?? "?"} ms, each loaded model serves the slots shown, and requests for a model that is not loaded wait in one FIFO queue for an eviction. Loads are counted from its log (during the agent calls; the merge call goes to the planner). Best schedule = the fewest loads, then every slot busy: ceil(calls ÷ slots) × call time + loads × load time. Median of ${r.smoke ? 1 : 3} runs after a warm-up. ${beforeNote}

${table(["scenario", "what", "loads", "best loads", "loads before", "wall ms", "best ms", "wall ÷ best", "before: wall ms / ÷ best", "hosts", "hosts before"], rows)}
${
  scaleRows.length
    ? `
**Fan-out at scale against raw LangGraph** (the § 4 shape at N = 200 and 1,000, zero-latency models, the host cap lifted as the raw graph has none, interleaved in a new random order each round, in a process of their own per row, medians of ${scaleRepetitions(r.smoke)}; the "before" column: medians of 5). From raw LangGraph to \`orchestrate\` in four steps: llmgenie's graph shape written on LangGraph with no llmgenie code (\`bench/shapedRawGraph.ts\`), the mode graph with a bare model call as its agent node (plus llmgenie's nodes on that shape: its zod state, whose updates LangGraph validates, planning, retry and error handling, the merge prompt, quality check and finalize), the mode graph (plus llmgenie's agent call: host, slot, time limit, events, attempt record; shown also with LangGraph's zod check of node updates turned off, \`bench/uncheckedGraph.ts\`), and \`orchestrate\` (plus the auto-mode layer and the facade):

${table(["backend", "N", "raw LangGraph ms", "llmgenie ms", "shape on raw LangGraph ÷ raw", "bare-agent graph ÷ raw", "mode graph, updates unchecked ÷ raw", "mode graph ÷ raw", "llmgenie ÷ raw", "before: llmgenie ms / ÷ raw"], scaleRows)}
`
    : ""
}`;
}
