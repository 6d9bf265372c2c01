/**
 * Entry points whose code loads on first call, so `import("llmgenie")` stays
 * as light as it was: the evaluation (statistics, sandbox checks, reports)
 * and the run store (database drivers).
 */
import type { EvaluateOptions, EvalReport } from "./eval/evaluate.js";
import type { RunStoreSpec } from "./store/open.js";
import type { RunStore } from "./store/types.js";

/**
 * Evaluate strategies on a dataset: every item under every strategy, stored
 * as it comes (a rerun resumes), with pass rates, paired comparisons and a
 * recommendation (spec: "Evaluating strategies").
 *
 * @throws InvalidInputError for a bad dataset (naming the line and field), strategy or option
 */
export async function evaluateStrategies(options: EvaluateOptions): Promise<EvalReport> {
  return (await import("./eval/evaluate.js")).evaluateStrategies(options);
}

/**
 * Open a run store: `true` (PostgreSQL from `LLMGENIE_DATABASE_URL` or a
 * PostgreSQL `DATABASE_URL`, else SQLite at `.llmgenie/runs.sqlite`), a
 * SQLite path or a `postgres://` URL. The caller closes it.
 *
 * @throws RunStoreError naming the database when it cannot be opened
 */
export async function openRunStore(spec: Exclude<RunStoreSpec, false | RunStore> = true): Promise<RunStore> {
  return (await import("./store/open.js")).openRunStore(spec);
}

/**
 * Free embedded models loaded in this process (the files given, or all),
 * once their calls in flight end; a later call loads a model again.
 *
 * @param paths - model files to free; omitted: every loaded model
 */
export async function disposeEmbeddedModels(paths?: Iterable<string>): Promise<void> {
  return (await import("./models/loadedModels.js")).disposeModels(paths);
}
