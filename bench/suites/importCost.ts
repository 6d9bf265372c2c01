/**
 * What importing llmgenie costs before any work: wall time and RSS of
 * `import("llmgenie")` (the compiled package, as an installed user gets it)
 * against importing `@langchain/langgraph` and `@langchain/ollama` together,
 * each in fresh Node processes; and the wall time of `llmgenie --help`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { median, round } from "../stats.js";

export interface ImportCostFigure {
  /** What was imported (`llmgenie`, or the baseline). */
  subject: string;
  /** Median ms from the first `import()` call to its resolution. */
  importMs: number;
  /** Median resident set size once imported, MB. */
  rssMb: number;
}

export interface ImportCostResult {
  repetitions: number;
  figures: ImportCostFigure[];
  /** llmgenie ÷ baseline. Target: at most 1.5 each. */
  timeRatio: number;
  rssRatio: number;
  /** Median wall ms of the whole `llmgenie --help` process. Target: under 500. */
  helpMs: number;
}

/** The checkout compiled into bench/.build (not dist/, which other steps may be rewriting). */
function build(): string {
  const outDir = resolve("bench/.build/dist");
  mkdirSync(outDir, { recursive: true });
  execFileSync(process.execPath, [resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", outDir]);
  return outDir;
}

function measureImport(specifiers: string[]): { importMs: number; rssMb: number } {
  const script = `const t = performance.now();
await Promise.all(${JSON.stringify(specifiers)}.map((s) => import(s)));
process.stdout.write(JSON.stringify({ importMs: performance.now() - t, rssMb: process.memoryUsage().rss / 2 ** 20 }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: resolve("."), encoding: "utf8" });
  return JSON.parse(out) as { importMs: number; rssMb: number };
}

function measureHelp(distDir: string): number {
  const started = performance.now();
  execFileSync(process.execPath, [join(distDir, "cli/main.js"), "--help"], { stdio: "ignore" });
  return performance.now() - started;
}

/** @param options.repetitions - fresh processes per subject, interleaved so load hits both alike */
export async function measureImportCost({ repetitions }: { repetitions: number }): Promise<ImportCostResult> {
  const distDir = build();
  // A file URL, as `import("llmgenie")` resolves to in an installed project: the compiled entry point.
  const llmgenie = [new URL(`file://${join(distDir, "index.js")}`).href];
  const baseline = ["@langchain/langgraph", "@langchain/ollama"];
  const own: { importMs: number; rssMb: number }[] = [];
  const base: { importMs: number; rssMb: number }[] = [];
  const help: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    own.push(measureImport(llmgenie));
    base.push(measureImport(baseline));
    help.push(measureHelp(distDir));
  }
  const figure = (subject: string, runs: typeof own): ImportCostFigure => ({
    subject,
    importMs: round(median(runs.map((r) => r.importMs))),
    rssMb: round(median(runs.map((r) => r.rssMb))),
  });
  const figures = [figure("llmgenie", own), figure("@langchain/langgraph + @langchain/ollama", base)];
  return {
    repetitions,
    figures,
    timeRatio: round(figures[0]!.importMs / figures[1]!.importMs),
    rssRatio: round(figures[0]!.rssMb / figures[1]!.rssMb),
    helpMs: round(median(help)),
  };
}
