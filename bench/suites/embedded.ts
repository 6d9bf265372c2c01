/**
 * The embedded model: runtime start, load time and generation speed of the
 * tiny random-weight GGUF model (written by `test/support/tinyGguf.ts`), and
 * of a real model file when `LLMGENIE_BENCH_MODEL` names one (a path or
 * anything `embedded:<model>` takes). Through `EmbeddedChatModel`, so the
 * figures include LangChain's path; tokens/s = output tokens ÷ wall time of
 * the calls (prompt evaluation included, as users see it).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { EmbeddedChatModel } from "../../src/models/embeddedChatModel.js";
import { disposeModels, modelStats, threadsFor } from "../../src/models/loadedModels.js";
import { ensureModelFile } from "../../src/models/modelCache.js";
import { computeCores, sharedLlama } from "../../src/models/runtime.js";
import { writeTinyGguf } from "../../test/support/tinyGguf.js";
import { median, round } from "../stats.js";

export interface EmbeddedFigure {
  model: string;
  sizeMb: number;
  /** Threads the context used; `auto` rows use the default rule (`threadsFor`). */
  threads: number;
  threadsChoice: "auto" | "fixed";
  /** Calls at once, each on its own sequence of the one loaded model. */
  concurrent: number;
  loadMs: number;
  outputTokens: number;
  /** All concurrent calls' output tokens ÷ wall time, median of the repetitions. */
  tokensPerSecond: number;
}

export interface EmbeddedResults {
  /** 1-minute load average when the suite started (the other suites' figure is taken at the start of the whole run). */
  loadAverage: number;
  /** First `getLlama()` of the process: the native runtime starting. */
  runtimeStartMs: number;
  cores: number;
  figures: EmbeddedFigure[];
}

export interface EmbeddedPlan {
  maxTokens: number;
  /** Output tokens of the one call with every core on the tiny model. */
  comparisonTokens: number;
  concurrency: number[];
  repetitions: number;
}

async function measureModel(
  label: string,
  path: string,
  threads: number | undefined,
  plan: Pick<EmbeddedPlan, "maxTokens" | "concurrency" | "repetitions">,
): Promise<EmbeddedFigure[]> {
  const figures: EmbeddedFigure[] = [];
  await disposeModels([path]);
  const sizeBytes = statSync(path).size;
  // Output length is set by the cap: the random model seldom stops on its own, a real one may stop earlier.
  const model = new EmbeddedChatModel({ model: path, maxTokens: plan.maxTokens, temperature: 0.8, parallelSequences: Math.max(...plan.concurrency), ...(threads ? { threads } : {}) });
  await model.invoke("Warm up", { maxTokens: 1 }); // loads the model: its load time is recorded
  const stats = modelStats(path)!;
  for (const concurrent of plan.concurrency) {
    const rates: number[] = [];
    let outputTokens = 0;
    for (let rep = 0; rep < plan.repetitions; rep++) {
      const started = performance.now();
      const replies = await Promise.all(Array.from({ length: concurrent }, (_, i) => model.invoke(`Tell me story number ${i}.`)));
      const seconds = (performance.now() - started) / 1000;
      outputTokens = replies.reduce((sum, reply) => sum + (reply.usage_metadata?.output_tokens ?? 0), 0);
      rates.push(outputTokens / seconds);
    }
    figures.push({
      model: label,
      sizeMb: round(sizeBytes / 1e6, 2),
      threads: stats.threads,
      threadsChoice: threads ? "fixed" : "auto",
      concurrent,
      loadMs: round(stats.loadMs),
      outputTokens,
      tokensPerSecond: round(median(rates)),
    });
  }
  await disposeModels([path]);
  return figures;
}

export async function measureEmbedded(plan: EmbeddedPlan): Promise<EmbeddedResults> {
  const dir = mkdtempSync(join(tmpdir(), "llmgenie-bench-model-"));
  try {
    const loadAverage = round(loadavg()[0]!, 2);
    const started = performance.now();
    await sharedLlama();
    const runtimeStartMs = round(performance.now() - started);
    const tiny = writeTinyGguf(join(dir, "tiny.gguf"));
    const cores = computeCores();
    const figures = await measureModel("tiny (240 KB, random weights)", tiny, undefined, plan);
    // The thread rule's reason: the same tiny model on every core (one short call: it is that slow).
    if (cores > 1 && threadsFor(statSync(tiny).size) !== cores) {
      const short = { maxTokens: plan.comparisonTokens, concurrency: [1], repetitions: 1 };
      figures.push(...(await measureModel("tiny (240 KB, random weights)", tiny, cores, short)));
    }
    const real = process.env.LLMGENIE_BENCH_MODEL;
    if (real) figures.push(...(await measureModel(real, await ensureModelFile(real), undefined, plan)));
    return { loadAverage, runtimeStartMs, cores, figures };
  } finally {
    await disposeModels();
    rmSync(dir, { recursive: true, force: true });
  }
}
