/**
 * `docs/benchmarks.md` from `bench/results.json`: the measured tables, the
 * targets, how the figures are made, what was fixed and what bounds the rest.
 */
import type { BenchResults } from "./results.js";
import { CONTEXT_TARGET } from "./suites/context.js";
import { OVERHEAD_TARGET } from "./suites/overhead.js";
import { RAW_TARGET } from "./suites/raw.js";
import { SPEEDUP_TARGET_SHARE } from "./suites/speedup.js";
import { hostsSection, hostsSummaryRows } from "./hostsReport.js";

const table = (head: string[], rows: (string | number)[][]): string =>
  [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const yes = (met: boolean) => (met ? "yes" : "**no**");
const ms = (value: number) => value.toFixed(1);
const x = (value: number, digits = 3) => value.toFixed(digits);
const pct = (value: number) => `${Math.round(value * 1000) / 10} %`;

function summary(r: BenchResults): string {
  const rows: string[][] = [];
  if (r.overhead?.length) {
    const base = r.overhead[0]!.latencyMs;
    const main = r.overhead.filter((f) => f.latencyMs === base);
    const slow = r.overhead.filter((f) => f.latencyMs !== base);
    const range = (figures: typeof main) =>
      `${x(Math.min(...figures.map((f) => f.ratio)))}–${x(Math.max(...figures.map((f) => f.ratio)))}`;
    const missed = main.filter((f) => !f.met).map((f) => `${f.mode} ${f.n}`);
    rows.push([
      `1. wall ÷ critical path of model time, ${base} ms calls, N = ${[...new Set(main.map((f) => f.n))].join(", ")}`,
      `≤ ${OVERHEAD_TARGET}`,
      `${range(main)}${slow.length ? `; with ${slow[0]!.latencyMs} ms calls at N = ${slow[0]!.n}: ${range(slow)}` : ""}`,
      missed.length ? `**no** for ${missed.join(", ")}${slow.length ? `; ${slow.every((f) => f.met) ? "yes" : "**no**"} with ${slow[0]!.latencyMs} ms calls` : ""}` : "yes",
    ]);
  }
  if (r.speedup?.length) {
    const worst = r.speedup.reduce((a, b) => (b.speedup / b.ideal < a.speedup / a.ideal ? b : a));
    const capped = r.speedup.every((f) => f.peakInFlight <= (f.maxConcurrency ?? f.n) && f.sequentialPeakInFlight === 1);
    rows.push([
      "2. parallel speedup ÷ min(N, maxConcurrency); cap never exceeded",
      `≥ ${SPEEDUP_TARGET_SHARE}`,
      `${x(worst.speedup / worst.ideal, 2)} at worst (N = ${worst.n}: ${x(worst.speedup, 2)}× of ${worst.ideal}×); cap ${capped ? "held" : "**exceeded**"}`,
      yes(r.speedup.every((f) => f.met)),
    ]);
  }
  if (r.fanout?.length) {
    const at = (n: number) => r.fanout!.find((f) => f.n === n);
    const thousand = at(1000) ?? r.fanout[0]!;
    const first = r.fanout[0]!;
    const last = r.fanout.at(-1)!;
    rows.push([
      `3. fan-out: ${thousand.n} subtasks, maxConcurrency ${thousand.maxConcurrency}, ${thousand.latencyMs} ms calls`,
      `wall near ceil(N / ${thousand.maxConcurrency}) × ${thousand.latencyMs} ms; cost per subtask flat`,
      `${x(thousand.ratio, 2)}× the ideal (raw LangGraph ${thousand.rawLangGraph ? x(thousand.rawLangGraph.ratio, 2) : "–"}×); CPU per subtask ${x(first.cpuPerSubtaskMs, 2)} → ${x(last.cpuPerSubtaskMs, 2)} ms and RSS growth per subtask ${x(first.rssPerSubtaskKb, 0)} → ${x(last.rssPerSubtaskKb, 0)} KB from N = ${first.n} to ${last.n}`,
      `flat: ${yes(r.fanout.every((f, i) => i === 0 || (f.cpuPerSubtaskMs <= 1.25 * r.fanout![i - 1]!.cpuPerSubtaskMs && f.rssPerSubtaskKb <= 1.25 * r.fanout![i - 1]!.rssPerSubtaskKb)))}; cap held: ${yes(r.fanout.every((f) => f.peakInFlight <= f.maxConcurrency))}`,
    ]);
  }
  if (r.raw?.length) {
    rows.push([
      "4. llmgenie ÷ raw LangGraph, zero-latency models",
      `≤ ${RAW_TARGET}`,
      r.raw.map((f) => `${f.backend} N = ${f.n}: ${x(f.ratio, 2)}`).join("; "),
      yes(r.raw.every((f) => f.met)),
    ]);
  }
  if (r.context?.length) {
    rows.push([
      "5. earlier facts present in later sequential prompts",
      `${CONTEXT_TARGET * 100} %`,
      r.context.map((f) => `${f.variant} answers (~${f.answerChars} chars): ${pct(f.share)}`).join("; "),
      r.context.map((f) => `${f.variant}: ${yes(f.met)}`).join(", "),
    ]);
  }
  if (r.importCost) {
    const { timeRatio, rssRatio, helpMs } = r.importCost;
    rows.push([
      '7. `import("llmgenie")` ÷ importing LangGraph and `@langchain/ollama`; `llmgenie --help`',
      `≤ ${IMPORT_TARGET} (time and RSS); < 500 ms`,
      `time ${x(timeRatio, 2)}, RSS ${x(rssRatio, 2)}; --help ${Math.round(helpMs)} ms`,
      yes(timeRatio <= IMPORT_TARGET && rssRatio <= IMPORT_TARGET && helpMs < 500),
    ]);
  }
  rows.push(...hostsSummaryRows(r));
  return table(["target", "goal", "measured", "met"], rows);
}

const IMPORT_TARGET = 1.5;

function importSection(r: BenchResults): string {
  if (!r.importCost) return "";
  const { figures, repetitions, helpMs } = r.importCost;
  return `## 7. Import cost

The package compiled as it is published (\`tsc -p tsconfig.build.json\`), imported in a fresh Node process, against \`@langchain/langgraph\` and \`@langchain/ollama\` imported together; medians of ${repetitions} interleaved processes. The TypeScript compiler (code validation, sandbox transpiling) and the checkpoint savers with their drivers (\`pg\`, \`better-sqlite3\`) load on first use, not on import.

${table(["import", "ms", "RSS MB"], figures.map((f) => [f.subject, x(f.importMs, 0), x(f.rssMb, 0)]))}

\`llmgenie --help\` (the whole process, \`dist/cli/main.js\`): ${Math.round(helpMs)} ms.
`;
}

function overheadSection(r: BenchResults): string {
  if (!r.overhead?.length) return "";
  const rows = r.overhead.map((f) => [
    f.mode,
    f.n,
    f.latencyMs,
    f.modelCalls,
    ms(f.criticalPathMs),
    ms(f.wallMs),
    ms(f.overheadMs),
    x(f.overheadPerCallMs, 2),
    ms(f.cpuMs),
    `**${x(f.ratio)}**`,
    x(f.ratioBusy),
    f.rawLangGraphRatio !== undefined ? `${x(f.rawLangGraphRatio)} / ${ms(f.rawLangGraphCpuMs ?? 0)} ms` : "",
    yes(f.met),
  ]);
  const c = r.placementComparison;
  const comparison = c
    ? `\n**Where the server runs.** The figures most sensitive to it, measured both ways. A server on the orchestrator's event loop answers late whenever the orchestrator is busy: its calls take longer than scripted, which inflates the critical path and flatters the ratio. So the placement whose model time stays closer to its script is the one used:\n\n${table(
        ["mode", "N", "scripted critical path ms", "in process: critical path / wall ms", "child process: critical path / wall ms"],
        c.figures.inproc.map((f, i) => {
          const g = c.figures.child[i]!;
          return [f.mode, f.n, f.scriptedMs, `${ms(f.criticalPathMs)} / ${ms(f.wallMs)}`, `${ms(g.criticalPathMs)} / ${ms(g.wallMs)}`];
        }),
      )}\n\nModel time inflation (measured ÷ scripted critical path, median): ${x(c.modelTimeInflation.inproc)} in process, ${x(c.modelTimeInflation.child)} in a child process — every suite uses the ${c.chosen === "child" ? "child process" : "in-process server"}.\n`
    : "";
  return `## 1. Overhead vs the ideal

Each model call takes ${r.overhead[0]!.latencyMs} ms on the server (the last rows: the largest runs again with ${r.overhead.at(-1)!.latencyMs} ms calls, closer to a real model). Critical path = Σ over the run's dependency stages of the longest call in the stage (calls that overlap form a stage; the merge call and each sequential step are stages of their own). "busy" is the other reading: Σ over stages of the time at least one call was in flight. Parallel: N given subtasks over 3 agents, then one merge call; sequential: N given steps over 3 agents; collaborative: N agents, rules selection (no judge call). Median of ${r.smoke ? "1 run" : "5 runs (3 at N = 32)"} after a warm-up. The last but one column runs the same parallel shape as a hand-written LangGraph graph (\`bench/rawGraph.ts\`) through the same ChatOllama path: the floor this stack sets.

${table(
  ["mode", "N", "call ms", "model calls", "critical path ms", "wall ms", "overhead ms", "per call ms", "orchestrator CPU ms", "wall ÷ critical", "wall ÷ busy", "raw LangGraph: wall ÷ critical / CPU", "≤ 1.05"],
  rows,
)}
${comparison}`;
}

function speedupSection(r: BenchResults): string {
  if (!r.speedup?.length) return "";
  const rows = r.speedup.map((f) => [
    f.n,
    f.maxConcurrency ?? "none",
    ms(f.sequentialMs),
    ms(f.concurrentMs),
    `**${x(f.speedup, 2)}×**`,
    `${f.ideal}×`,
    x(f.speedup / f.ideal, 2),
    f.peakInFlight,
    f.sequentialPeakInFlight,
    yes(f.met),
  ]);
  return `## 2. Parallel speedup

The same N subtasks through the parallel graph: one after another (\`maxConcurrency: 1\`) vs concurrently (no cap, or the cap shown), ${r.speedup[0]!.latencyMs} ms per call, median of the per-pair ratios. The merge call is answered at zero latency so the ratio measures the fan-out (with a ${r.speedup[0]!.latencyMs} ms merge, Amdahl caps it at 2N/(N+1)). Peaks come from the server's request log.

${table(
  ["N", "maxConcurrency", "one at a time ms", "concurrent ms", "speedup", "ideal", "share of ideal", "peak in flight", "peak in flight (one at a time)", `≥ ${SPEEDUP_TARGET_SHARE}`],
  rows,
)}
`;
}

function fanoutSection(r: BenchResults): string {
  if (!r.fanout?.length) return "";
  const rows = r.fanout.map((f) => [
    f.n,
    ms(f.idealMs),
    ms(f.wallMs),
    `**${x(f.ratio, 2)}**`,
    x(f.overheadPerSubtaskMs, 2),
    x(f.cpuPerSubtaskMs, 2),
    ms(f.peakRssMb),
    x(f.rssPerSubtaskKb, 1),
    f.peakInFlight,
    f.rawLangGraph ? `${x(f.rawLangGraph.ratio, 2)} / ${x(f.rawLangGraph.cpuPerSubtaskMs, 2)} ms / ${ms(f.rawLangGraph.peakRssMb)} MB` : "",
    f.rawLangGraph ? `**${x(f.rawLangGraph.llmgenieWallRatio, 2)}** / ${x(f.rawLangGraph.llmgenieCpuRatio, 2)}` : "",
    f.warnings.join(", ") || "none",
  ]);
  const f0 = r.fanout[0]!;
  return `## 3. Fan-out at scale

\`maxConcurrency\` ${f0.maxConcurrency}, ${f0.latencyMs} ms per call, the merge call at zero latency; each run in a fresh process (peak RSS is the process's own, TypeScript and LangChain loaded), median of ${r.smoke ? 1 : 3}; the same fan-out on raw LangGraph (\`bench/rawGraph.ts\`, LangGraph's own \`maxConcurrency\`) as often, alternating with llmgenie's runs. Ideal = ceil(N / ${f0.maxConcurrency}) × ${f0.latencyMs} ms. CPU is the orchestrating process's user + system time, which other load on the machine does not inflate.

${table(
  ["subtasks", "ideal ms", "wall ms", "wall ÷ ideal", "(wall − ideal) per subtask ms", "CPU per subtask ms", "peak RSS MB", "RSS growth per subtask KB", "peak in flight", "raw LangGraph: wall ÷ ideal / CPU per subtask / peak RSS", "llmgenie ÷ raw LangGraph: wall / CPU", "process warnings"],
  rows,
)}
`;
}

function rawSection(r: BenchResults): string {
  if (!r.raw?.length) return "";
  const rows = r.raw.map((f) => [
    f.backend,
    f.n,
    x(f.rawMs, 2),
    x(f.graphMs, 2),
    x(f.llmgenieMs, 2),
    x(f.scoringMs, 2),
    x(f.shapedRatio, 2),
    x(f.bareAgentRatio, 2),
    x(f.uncheckedRatio, 2),
    x(f.graphRatio, 2),
    `**${x(f.ratio, 2)}**`,
    yes(f.met),
  ]);
  return `## 4. Against raw LangGraph

The parallel shape (N subtasks fanned out with \`Send\`, 3 models round-robin, one merge call) written directly on \`StateGraph\` with no llmgenie code (\`bench/rawGraph.ts\`) vs \`AgentOrchestrator.orchestrate\`, vs the parallel mode graph alone (\`createParallelGraph().compile().invoke\`), and vs that graph with its agent node swapped for a bare model call (\`bench/bareAgentGraph.ts\`: llmgenie's graph and nodes without its agent call). Zero-latency models, the same for all: \`fake\` = LangChain's \`FakeListChatModel\` in process (pure framework cost), \`loopback\` = \`ChatOllama\` against the 0-latency server (the real client path). Runs interleaved in a process of their own (not the one that ran the suites before), in a new random order each round, medians of ${r.smoke ? 2 : 30}. "scoring" is \`validateAnswer\` on the N answers and the merged output, timed alone. "shape on raw LangGraph" is llmgenie's graph shape written on LangGraph with no llmgenie code (\`bench/shapedRawGraph.ts\`: plan node, assignments sent, deferred barrier and its routing, merge, two nodes after it, the 21 channels, a result object per subtask): what the shape itself costs. "mode graph, updates unchecked" is the mode graph with LangGraph's zod check of node updates turned off (\`bench/uncheckedGraph.ts\`, a measuring instrument): its distance to "mode graph" is what checking every update costs.

${table(["backend", "N", "raw LangGraph ms", "mode graph ms", "llmgenie ms", "scoring ms", "shape on raw LangGraph ÷ raw", "bare-agent graph ÷ raw", "mode graph, updates unchecked ÷ raw", "mode graph ÷ raw", "llmgenie ÷ raw", `≤ ${RAW_TARGET}`], rows)}
`;
}

function contextSection(r: BenchResults): string {
  if (!r.context?.length) return "";
  const kinds = Object.keys(r.context[0]!.byKind);
  const rows = r.context.map((f) => [
    f.variant,
    f.answerChars,
    `**${pct(f.share)}**`,
    ...kinds.map((k) => pct(f.byKind[k as keyof typeof f.byKind])),
    f.byStep.map(pct).join(", "),
  ]);
  return `## 5. Context preservation

A sequential chain of 6 given steps; each step's scripted answer carries 6 distinct facts: a name in its opening sentence, a \`Decision:\` line, a constant in a code block, an \`Open question:\`, a number in prose and a plain-words phrase (no number, no identifier). In \`long\` answers the last two sit after ~2,500 characters of prose, beyond the 1,500-character handoff summary. Share = earlier facts found in later steps' prompts (from the server's request log) ÷ earlier facts.

${table(["answers", "mean chars", "share", ...kinds, "per later step (2..6)"], rows)}
`;
}

function embeddedSection(r: BenchResults): string {
  if (!r.embedded) return "";
  const rows = r.embedded.figures.map((f) => [
    f.model,
    f.sizeMb,
    `${f.threads}${f.threadsChoice === "auto" ? " (auto)" : ""}`,
    f.concurrent,
    x(f.loadMs, 0),
    f.outputTokens,
    `**${x(f.tokensPerSecond, 0)}**`,
  ]);
  return `## 6. Embedded model

\`EmbeddedChatModel\` on node-llama-cpp in this process (CPU), through LangChain's \`invoke\`: the tiny random-weight model of the tests (\`test/support/tinyGguf.ts\`; its output is gibberish and seldom ends by itself, so calls run to the token cap) and, when \`LLMGENIE_BENCH_MODEL\` names one, a real model file. Load = weights and context; concurrent calls run on sequences of the one loaded copy, evaluated in one batch; tokens/s = all calls' output tokens ÷ wall time (prompt evaluation included), median of ${r.smoke ? 1 : 3}. Runtime start (first \`getLlama()\`): ${x(r.embedded.runtimeStartMs, 0)} ms; ${r.embedded.cores} cores available; load average ${r.embedded.loadAverage} when the suite started (other work on a 2-core machine slows every figure here, and most of all a context that asks for every core, as the row with every core on the tiny model shows).

${table(["model", "MB", "threads", "calls at once", "load ms", "output tokens", "tokens/s"], rows)}
`;
}

export function renderReport(r: BenchResults): string {
  const m = r.machine;
  return `# Benchmarks

What llmgenie costs next to its models' own time. \`npm run bench\` (\`tsx bench/run.ts\`, ${Math.round(r.durationMs / 1000)} s on this machine) writes \`bench/results.json\` and this page; \`npm run bench -- --smoke\` runs every suite at tiny sizes (\`test/bench.test.ts\` does, so the script never rots — it asserts shapes and request-log facts, never timings).

Every figure goes through the real client path: agents are Ollama tags, \`OLLAMA_BASE_URL\` points at the loopback Ollama server of the tests (\`test/support/ollamaServer.ts\`) with fixed scripted latency, so \`ChatOllama\` streams NDJSON over HTTP as it does against Ollama. Each figure is a ratio of two measurements of the same run (or of interleaved runs), median of several repetitions. Retry and timeout options are the defaults (3 attempts, 120 s per agent call).

- Ran: ${r.date.slice(0, 16).replace("T", " ")} UTC${r.smoke ? " (smoke run)" : ""}
- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; load average ${m.loadAverage} when the run started (other work on the machine stretches wall times; the CPU-time columns are immune)
- Node ${m.node}; @langchain/langgraph ${m.langgraph}, @langchain/core ${m.langchainCore}, @langchain/ollama ${m.ollamaClient}
- Model server: ${r.serverPlacement === "child" ? "a child process (its event loop is not the orchestrator's)" : "this process"}

## Targets

${summary(r)}

${overheadSection(r)}
${speedupSection(r)}
${fanoutSection(r)}
${rawSection(r)}
${contextSection(r)}
${embeddedSection(r)}
${importSection(r)}
${hostsSection(r)}
${NOTES}`;
}

/** Findings that do not change from run to run: decisions, fixes (with their before/after), bounds. */
const NOTES = `## Decisions

- **Planner, merge and judge calls are model calls** and sit on the critical path like any other: the parallel run's merge call is a stage of its own. Overhead runs give subtasks (no plan call) and collaborative runs have no judge, so every call in the log is one the mode needs.
- **Critical path** is read from the server's log, not assumed: calls that overlap form a stage; the stage's longest call is its share of the ideal. Any stagger in starting a fan-out therefore counts as overhead.
- **Server placement** is measured, not assumed (see § 1). In one process the server's timers and stream writes share the orchestrator's event loop: its calls end late whenever the orchestrator computes, so the measured model time grows and the ratio looks better than it is. The criterion is therefore how close the measured critical path stays to the scripted one, not the ratio itself; a child process keeps the two loops apart (on the second core when the machine is otherwise idle).
- **Speedup baseline** is the same graph with \`maxConcurrency: 1\`, so both sides do identical work.
- **Fan-out runs in fresh processes**, so peak RSS is per size, not a high-water mark of everything before it. The comparisons with raw LangGraph (§ 4, § 8) run in processes of their own too, so that what the suites before them left in the heap weighs on neither side.

## What was fixed

Measured before and after each change, on the machine of the day it was made (compare the ratios, not the milliseconds, with this run):

| where | problem | before | after |
|---|---|---|---|
| \`src/agents/limits.ts\`, \`src/graphs/compile.ts\` (no patch: users install LangGraph unpatched) | With \`maxConcurrency: 1\` LangGraph 1.7.3's task loop stops after the first task of a superstep: every other \`Send\` is silently dropped and the run ends \`failed\` with no error ([langgraphjs#2656](https://github.com/langchain-ai/langgraphjs/issues/2656)). llmgenie now caps agent calls with its own per-run limiter (p-limit) and gives LangGraph's loop no cap. | parallel, 3 subtasks, \`maxConcurrency: 1\`: 1 of 4 calls made, status \`failed\` | 4 of 4, \`completed\` |
| \`src/nodes/consensus.ts\`, \`src/quality/similarity.ts\` (\`similarityMatrix\`) | Collaborative consensus compared every ordered pair and re-tokenised both texts each time: 2N(N−1) tokenisations. Now each answer is tokenised once and each pair compared once. | 32 candidates of ~550 chars: 34 ms | 1.7 ms |
| \`src/nodes/finalize.ts\` | The failure summary copied the agent list of an error on every failure: quadratic when many tasks fail for one reason (a server down). | failure summary of 5,000 failed results: 10.5 ms | 0.14 ms |
| \`src/nodes/handoff.ts\` (\`DECISION\`) | The \`decision:\` alternative was followed by \`\\b\`, which needs a word character after the colon: "Decision: …" lines were never extracted. | decisions in handoffs: 0 % | 100 % |
| \`src/nodes/handoff.ts\` (\`summarize\`) | Over the 1,500-character budget the summary kept the first sentences and cut the rest, and split sentences inside numbers ("0." / "65 percent"). Now: the first sentence, then sentences with specifics (numbers, code spans, identifiers), then the rest, in original order; "0.65" stays whole. | long answers: 60 % of earlier facts (80 % with the decision fix) | see § 5 |
| \`src/quality/text/normalize.ts\` (\`stem\`) | Scoring stems every token of every answer; \`stem\` rebuilt its rule and suffix tables on each call and recomputed words it had seen. The tables are module constants now and results are cached per word (bounded; same output for every word of this repository's docs). | \`validateAnswer\`: 0.205 ms per 550-character answer, 0.92 ms per 3,200 | 0.172 ms, 0.74 ms |
| \`src/agents/assign.ts\`, \`src/agents/hosts.ts\` | Parallel mode gave subtasks to agents round-robin and sent every call at once: with three agents on three models over a GPU that holds one model, Ollama swapped models back and forth. Now subtasks go to models the host holds (\`GET /api/ps\`), calls are admitted per host by model under a cap (§ 8). | 6 subtasks, one model loaded: 6 loads, 9.4× the best schedule | 0 loads, ≤ 1.1× |
| \`src/nodes/runAgent.ts\`, \`src/quality/attempt.ts\` | Every answer was scored (\`validateAnswer\`, ~0.5 ms) as it arrived, on the fan-out's path, though most callers read only the run's score. Now \`AgentResult.qualityScore\` is computed when read. | fan-out of 200 / 1,000, fake models: llmgenie ÷ raw LangGraph 2.40 / 1.81 | see § 8 |
| \`src/run/execute.ts\` | \`orchestrate\` streamed the \`values\` of every subgraph step and every agent's \`custom\` events whether or not anyone watched: each chunk is a step of LangChain's stream with a run tree and a UUIDv7 of its own, two or three per agent call. A run now streams only its own state; agent events and subgraphs when an \`onEvent\` observer or a \`runTimeoutMs\` (which keeps what finished) needs them. | fan-out of 200, fake models: \`orchestrate\` ÷ the mode graph alone 1.08 | 1.01 |
| \`src/agents/invoke.ts\` (\`withTimeLimit\`), \`src/agents/ollamaModel.ts\` | The agent time limit made two abort signals per call (\`AbortSignal.timeout\` + \`AbortSignal.any\`) and ran the call under LangChain's \`runWithConfig\`, which builds a callback manager and a run tree per call, only so that Ollama agents could find the call's signal for their fetch. Now one controller and one timer per call, joined to the run's signal through its shared listener; an Ollama agent takes the signal from its call options and streams through an Ollama client of its own per call. A second async-local storage, tried first, made every promise of the process slower (~10 % of the fan-out) and was dropped. Side effects: aborting one call no longer ends the streams of other calls on the same model, and \`invoke(…, { signal })\` alone closes a hung request. | fan-out of 200, fake models, llmgenie ÷ raw LangGraph: 1.43 | 1.33 (with the async-local variant; dropping it took ~10 % more off the mode graph) |
| \`src/configuration.ts\` (\`getConfiguration\`) | The run configuration was parsed with zod twice per agent call (the node and its time limit) — ~12 µs each inside a run, not the ~3 µs of a tight loop. It is now parsed once per run (keyed by a scope object each run carries, \`src/runScope.ts\`) and settings (a hit needs every setting to be the same value). | fan-out of 200, fake models, llmgenie ÷ raw LangGraph: 1.55 | 1.43 |
| \`src/agents/limits.ts\`, \`src/agents/ollamaModel.ts\`, \`src/quality/text/instructions.ts\` | Per call: an uncapped run's calls looked up LangChain's ambient config (an async-context lookup) for a limiter they did not have; every call built a \`ChatOllama\`; a LangGraph agent's tool-call limit made an \`AbortController\` for every agent; the run's quality check compiled its instruction patterns on every call. Now an uncapped run says so, models are kept per URL and tag, the limit lives in the LangGraph agent's loop, and the patterns are module constants. | (together with the two rows above) fan-out of 200 / 1,000 / loopback 200, llmgenie ÷ raw LangGraph, interleaved runs of the commit before and after: 1.55 / 1.21 / 1.30–1.35 | 1.23 / 1.06–1.10 / 1.13–1.26 |
| \`src/agents/tracing.ts\`, \`src/nodes/runAgent.ts\` | Every agent call got a run name, an \`agent:<name>\` tag and six metadata fields (LangSmith's filters, the token stream's agent and task), which LangChain copies through each runnable of the model call and reads only through callback handlers. A call that no handler would see (no tracing, no streaming observer, no token budget, no callbacks on the model; LangChain's own \`CallbackManager.configure\` decides) now goes without. | fan-out of 200, fake models, interleaved runs of the commit before and after (medians of 50): \`orchestrate\` ÷ raw LangGraph 1.28–1.30, the mode graph ÷ raw 1.20 | 1.20–1.21, 1.14–1.15 |
| \`src/agents/hosts.ts\`, \`src/agents/residency.ts\` | A host that does not answer \`GET /api/ps\` (not Ollama, an old Ollama, the loopback server of § 4) cannot be scheduled by model, yet every call to it waited for the admission pump: the event-loop turns in which one superstep's calls arrive, then all admitted together. A host whose last answer (still fresh) was none now admits calls at once. | loopback fan-out of 200, llmgenie ÷ raw LangGraph, interleaved runs of before and after (medians of 15, 3 pairs): 1.22–1.27 | 1.17–1.23 |
| \`src/agents/ollamaModel.ts\` | Each request of an Ollama agent joined its one-call client's abort signal and the call's with \`AbortSignal.any\`: one more signal per request, and signals are costly to create on Node 20. The client's signal only ever aborts after the call's (\`ChatOllama\` aborts the client when the call's signal has), so the call's signal alone is given to \`fetch\`. | loopback fan-out of 200, llmgenie ÷ raw LangGraph, 3 interleaved pairs (medians of 30): wall 1.21–1.22, CPU 1.23–1.25 | wall 1.17–1.21, CPU 1.20–1.24 |
| \`src/agents/hosts.ts\` (\`hostKey\`) | Each agent call looked its host up three times (its result's \`host\`, the host pool, the host's limits), and each lookup parsed the base URL with \`new URL\`. Host keys are now kept per base URL as written. | loopback fan-out of 200, CPU profile (33 runs): \`hostKey\` 2.2 ms per run | 0.14 ms per run |

Checked and left alone: LangGraph's validation of every node update against the state schema (zod; ~2 µs per agent result in a tight loop, but switching it off took 0.02–0.05 off the 200-subtask ratio in interleaved runs on the Intel Xeon) and of \`runAgent\`'s input (no difference outside the noise), both of which guard state edited through the LangGraph server; a lighter update schema measured no difference outside the noise. The \`results\` reducer's \`concat\` per write costs 3.8 ms over 5,000 writes; \`merge\` and \`concatenateParts\` already index results by key (\`outcomeByKey\`).

## What bounds the rest

- **Load on the machine.** The machine is shared (load average in the header). Every millisecond of CPU the orchestrator needs at a stage boundary waits behind other processes, so wall-time ratios grow with the load; the CPU columns barely move. The same suite measured wall ÷ critical path of 1.07–1.93 for the 100 ms rows under a load average of ~10, and 1.03–1.5 on a quiet machine (load ~1), with nearly the same CPU per run. Speed also changes with no load average to show it, and so does the machine between sessions (the header names its CPU): raw LangGraph's fan-out of 200 with fake models (§ 4) took 86 ms on 2026-11-28, 114–226 ms on an AMD EPYC on the morning of 2026-11-29, 68 ms on an Intel Xeon later that morning, and 180–220 ms on an AMD EPYC at noon, with the same code. Ratios move less, but they move: the fan-out of 1,000 measured 0.95 and 1.00 on that AMD EPYC, 1.13 on the Xeon. Compare ratios between runs, not milliseconds; the raw LangGraph columns of § 4 show how fast the machine was.
- **The stack's per-call cost.** The raw LangGraph column of § 1 is the same fan-out shape with no llmgenie code through the same ChatOllama path. Its overhead is the client side of every call — a LangChain \`RunTree\` and UUIDv7 per runnable, callback managers, \`ChatOllama\`'s NDJSON parsing, undici — about 0.8 ms of CPU per call on the Intel Xeon of 2026-11-29 (the column shows this run's own). When 32 calls start together and end together that work queues up twice per stage (dispatch, completion): a CPU bound, not a wait, and the reason the ratio grows with N in every mode.
- **What llmgenie adds per run** is fixed milliseconds (the next item): supersteps for planning, the join, the quality check and finalize (each superstep over a state of 200 results cost 0.34–0.47 ms on the AMD EPYC of 2026-11-29, measured by chaining no-op nodes into the mode graph: about 0.007 × raw LangGraph's fan-out of 200 each; on a slower hour a superstep cost 1.10–1.22 ms over an empty state and 1.07–1.27 ms over 200 results, so it is LangGraph's work per step and per task, not the state's size: a leaner state would not shorten it), the auto-mode layer, and in collaborative runs \`selectBest\` scoring each candidate and consensus. That is why a single 100 ms stage (collaborative) shows the highest ratio in § 1: the same fixed milliseconds over the shortest critical path; with 1 s calls the same 32-call runs measure ~1.03–1.05 (parallel) and ~1.05–1.14 (collaborative) from run to run (last rows of § 1).
- **Against raw LangGraph at zero latency** (§ 4, § 8) the models cost nothing, so what is left is LangGraph's and LangChain's own work per runnable and per task, times what each shape has:
  - Every node, edge and channel write runs under \`runWithConfig\`, which builds a LangSmith \`RunTree\` with a UUIDv7 even with tracing off: ~37 µs each on the AMD EPYC, three quarters of it in \`crypto.getRandomValues\` (10 µs a call there even in a tight loop, where \`randomUUID\` takes 2 µs); on the Intel Xeon ~23 µs in a CPU profile, with \`getRandomValues\` at 1.5 µs in a tight loop and 2.8 µs inside a run. Counted per run (fake models): 6 per subtask in both graphs; beyond those, raw LangGraph 17, the parallel mode graph 46, \`orchestrate\` 68. The extra ones are the mode graph's four supersteps (plan, the deferred join that makes fallback rounds possible, the quality check, finalize) and the auto-mode layer (classify, and the mode graph as a subgraph, which Studio shows). LangChain tried skipping the run tree when tracing is off ([langchainjs#10043](https://github.com/langchain-ai/langchainjs/pull/10043), for performance); that pull request was closed, not merged.
  - LangGraph validates every node update against a \`StateSchema\` state, field by field and asynchronously (\`validateStateUpdates\`): ~1.3 ms of a 200-subtask run with fake models, 5–9 ms through \`ChatOllama\` (CPU profiles). The raw graph's \`Annotation\` state is not validated.
  - Code full of regular expressions runs cold in a busy process: after a full garbage collection V8 compiles them again. The rule classifier takes 0.02 ms warm and 0.2–0.3 ms after \`gc()\`; \`validateAnswer\` 0.26–0.44 and 0.53–0.63 ms. Each run classifies once and scores its output once.
  - Medians at N = 3 (the fixed part): raw LangGraph 3.2 ms, \`orchestrate\` 10.5 ms (1,500 runs, AMD EPYC); 2.6–2.7 ms and 8.9–9.1 ms (two runs of 400, Intel Xeon). On 2026-11-30 (AMD EPYC, a slow hour: the mode graph alone 9.1 ms at N = 3, 300 interleaved rounds) the auto-mode layer's fixed part split as the mode graph nested as a subgraph node +2.7 ms and \`classify\` +1.3 ms; at N = 200 the same variants came within 0.04 of the mode graph either way (40 rounds). In a CPU profile of 1,500 runs at N = 3, 18 % of the mode graph's CPU time was \`crypto.randomFillSync\`: one 16-byte \`getRandomValues\` per UUIDv7, one UUID per LangChain \`RunTree\`.
  - **llmgenie's own per-call code is not what is left.** With \`runAgent\` cut down to the bare model call (no time limit, host, slot, tracing or tool recorder) and no retry policy, error handler or input schema, the parallel mode graph still measured 1.13–1.18 × raw LangGraph at N = 200 (interleaved in one process; an experiment, not kept). With LangGraph's validation of node updates switched off as well (its code edited for the experiment), the mode graph measured 1.09–1.10 and \`orchestrate\` 1.14–1.16, against 1.16–1.17 and 1.22–1.26 unchanged (Intel Xeon, three interleaved runs, medians of 30): even without those behaviours the auto-mode run stays above 1.1. The ~35 µs per subtask that remain are LangGraph's per-task work for this state, and its garbage.
  - **The steps, measured in every run** (§ 4 and § 8, since 2026-11-29): between raw LangGraph and the mode graph sits the mode graph with a bare model call as its agent node (\`bench/bareAgentGraph.ts\`), llmgenie's graph shape on LangGraph without its agent call. Two full runs of the same code an hour apart on the AMD EPYC measured (bare-agent graph / mode graph / \`orchestrate\`, ÷ raw LangGraph): fake N = 200: 1.04 / 1.16 / 1.19 and 1.16 / 1.20 / 1.28; fake N = 1,000: 1.10 / 1.11 / 1.17 and 0.89 / 1.04 / 1.09; loopback N = 200: 1.08 / 1.23 / 1.25 and 1.04 / 1.18 / 1.15. Ad hoc runs in between (raw, bare-agent graph and mode graph only, medians of 60 interleaved rounds) put the bare-agent graph at 1.03–1.18 and the mode graph at 1.09–1.26 at N = 200, and with the order of the variants fixed, reversing it moved them by up to 0.1; the bench now draws a new order each round. On that machine a step of a few hundredths is within the noise. A third full run, later that day in a quiet hour (load 0.61, raw LangGraph's fan-out of 200 in 56 ms against 180 ms), measured fake N = 200: 1.10 / 1.16 / 1.22; fake N = 1,000: 1.04 / 1.08 / 1.10; loopback N = 200: 1.04 / 1.14 / 1.17. The auto-mode layer is not LangGraph's nesting: raw LangGraph's graph run as the subgraph node of a parent graph took 0.999 × the raw graph alone (medians of 60 interleaved rounds), and the orchestrator graph over the mode graph measured 0.99–1.07 in four such runs, its parts (the subgraph node, \`classify\`, the mode's tags, the input and output schemas) each 0.01–0.02. What every run shows: the gap is spread over the three steps, none measured more than 0.16, and each was near zero in some run.
  - **Two more steps, measured in every run since the evening of 2026-11-29.** llmgenie's graph shape written on LangGraph with no llmgenie code (\`bench/shapedRawGraph.ts\`: its supersteps, the deferred barrier and its routing, 21 channels, a result object per subtask) measured 1.05 / 1.01 / 0.99 × raw LangGraph (fake N = 200 / fake N = 1,000 / loopback N = 200; ad hoc runs the same day, 1.02–1.04 at fake N = 200): the shape itself costs a few hundredths at most. The mode graph with LangGraph's zod check of node updates turned off (\`bench/uncheckedGraph.ts\`) measured 1.13 / 1.07 / 1.09 against the mode graph's 1.15 / 1.09 / 1.10 in the same run (ad hoc: 1.12 against 1.16, twice): checking every update costs 0.01–0.04. In that run the rest split as llmgenie's nodes on the shape (bare-agent graph − shape: planning, the merge prompt, the quality check, finalize) 0.04–0.07, the agent call (host, slot, time limit, events) up to 0.05, and the auto-mode layer 0.02–0.08: no single piece whose removal would reach 1.1.
  - **Instruction counts, tried as a noise-free yardstick (2026-11-30, not part of \`npm run bench\`).** Under valgrind's \`cachegrind\` (each variant's count for 20 runs minus that for 10; fake models, N = 200) raw LangGraph took 0.674–0.686 G instructions per run, the shape on raw LangGraph 0.744 G (1.09), the bare-agent graph 0.776 G (1.14), the mode graph 0.847 G (1.25) and \`orchestrate\` 0.914 G (1.34). Under \`callgrind\`, counting only after 20 warm-up runs over a window of 5, the mode graph read 1.11 (1.20 with a full garbage collection closing the window). V8's major collections fall into some windows and not others, so the counts vary by as much as wall-time medians do; they agree that the shape alone is about 0.09 before any llmgenie code runs. A CPU profile taken alternately, one run of each at a time, put the mode graph at about 22 ms more CPU per run than raw LangGraph's 144 ms: garbage collection 3.9, zod checks of updates and \`Send\` inputs 2.9, LangChain/LangGraph config copies 1.6, \`runAgent\` 1.1, one \`AbortController\` per call 0.9, the rest under 0.5 each.
  - Through \`ChatOllama\` (the loopback rows) each call also has an Ollama client of its own, so that its \`fetch\` ends with the call's signal, and its host's slot and abort race.
  - Each remaining piece is a promised behaviour (retries, \`agentTimeoutMs\`, failed attempts recorded, fallback rounds, host caps, Studio's subgraph view, the run's quality score), so they were kept. At N = 1,000 the fixed part is spread thinner, but the per-subtask part stays: 0.95, 1.00, 1.17, 1.09 and 1.10 in five full runs on AMD EPYC machines, 1.13 on the Intel Xeon (and 1.07–1.24 when the comparison still ran in the bench's own process after the other suites). With real model latency the difference vanishes (§ 1, 1 s calls: within 0.02 of the raw graph's ratio).
- **Fan-out at scale is CPU-bound**, not wait-bound: 16 calls of 20 ms in flight leave the orchestrator 1.25 ms per call, and each call costs about 1 ms in LangChain/ChatOllama alone on the Intel Xeon (the raw LangGraph CPU column shows this run's own) plus llmgenie's scoring and bookkeeping. CPU per subtask falls, not rises, from 100 to 5,000 subtasks (fixed per-run costs spread out; no quadratic path is left in llmgenie), and peak RSS is within a few percent of raw LangGraph's at every size: memory per subtask is LangGraph's and LangChain's (state, per-task config and run trees), not llmgenie's. These processes ran before \`typescript\` (code validation, test sandbox) and the checkpointers loaded on first use instead of with the package (§ 7), so each started near 300 MB. Without \`maxConcurrency\`, LangGraph's task loop re-lists and \`Promise.race\`s every running task each time one settles, so a very wide fan-out grows faster than linear (fake model: 0.19 ms per task at 32 tasks, 0.47 ms at 1,000): give large fan-outs a cap. A merge of thousands of parts is one prompt of megabytes — beyond any local model's context; the fan-out figures measure orchestration, not a sensible merge.
- **\`MaxListenersExceededWarning\`** appeared on Node 20 when more than 10 agent calls ran in one superstep: LangGraph 1.7.3 hands every task of a superstep one abort signal, created inside each tick, and \`@langchain/core\` (\`raceWithSignal\` in \`RunnableSequence.invoke\`) adds one listener to it per running task, removed when the task ends: a warning, not a leak ([langgraphjs#1014](https://github.com/langchain-ai/langgraphjs/issues/1014), [#1494](https://github.com/langchain-ai/langgraphjs/issues/1494); fix proposed in [langgraphjs#2573](https://github.com/langchain-ai/langgraphjs/pull/2573)). The tasks start in lockstep and each task's node starts before its own listener is added, so the first agent call of a superstep now lifts the limit on that one signal (\`allowListenerPerTask\`), leaving the process's default alone; raw LangGraph's fan-out still warns.
- **Context** beyond the handoff budget: a step sees every earlier step's summary (≤ 1,500 characters of prose), decisions, open questions and code blocks verbatim. Facts with specifics survive long answers; a plain-words remark deep in a long answer can be summarised away — the budget is what keeps a 6-step prompt within a 7B model's context.
`;
