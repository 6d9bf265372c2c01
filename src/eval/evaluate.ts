/**
 * `evaluateStrategies()`: every dataset item under every strategy (and
 * repetition), a bounded number at once; each result is checked and stored
 * in the run store as it comes, so an interrupted eval resumes where it
 * stopped. Then the statistics over all stored results of the eval.
 */
import pLimit from "p-limit";
import type { AgentSpec } from "../configuration.js";
import { chooseDefaultAgents } from "../agents/defaultAgents.js";
import { classifyByRules } from "../classification/rules.js";
import { InvalidInputError, type OrchestrateInput, type OrchestratorOptions } from "../input.js";
import { AgentOrchestrator } from "../orchestrator.js";
import { openRunStore, isRunStore, type RunStoreSpec } from "../store/open.js";
import { toRunRecord } from "../store/record.js";
import type { RunStore, StoredRun } from "../store/types.js";
import { strategyRun } from "../strategy.js";
import { runCheck } from "./checks.js";
import { loadDataset, type EvalItem } from "./dataset.js";
import { compare, recommend, summarize, whyNoRecommendation, type Comparison, type Outcome, type StrategySummary } from "./stats.js";
import { evalIdOf, resolveStrategies } from "./strategies.js";

/** Quality at or above which an item without a check counts as passed. */
export const PASS_QUALITY = 0.5;

export interface EvaluateOptions {
  /** A JSONL file or parsed items. */
  dataset: string | readonly EvalItem[];
  /**
   * Default: the default agents, as for a run: Ollama's when a server answers
   * at `OLLAMA_BASE_URL`, else the default roles on the embedded model.
   */
  agents?: Record<string, AgentSpec>;
  /** Default: the three modes and `single:<agent>` for each agent. */
  strategies?: readonly string[];
  /** Runs per item and strategy (default 1). */
  repeat?: number;
  /** Orchestrations in flight at once (default 2). */
  concurrency?: number;
  /** Where results go (default `true`: the default run store); a store instance stays open. */
  store?: Exclude<RunStoreSpec, false>;
  /** Options of every orchestrator (timeouts, retry, judge…); `store` and `classifier: "learned"` aside. */
  orchestratorOptions?: Omit<OrchestratorOptions, "store">;
  /** Stops the eval; finished items stay stored. */
  signal?: AbortSignal;
  /** Called after each finished item. */
  onProgress?: (progress: EvalProgress) => void;
}

export interface EvalProgress {
  strategy: string;
  itemId: string;
  repeat: number;
  passed: boolean;
  /** The run's error, or why the orchestrator refused the strategy. */
  error?: string;
  /** Finished (stored earlier included) and total runs, per strategy. */
  done: Record<string, number>;
  total: Record<string, number>;
  elapsedMs: number;
  /** From this session's pace; undefined before the first item. */
  etaMs?: number;
}

export interface EvalRecommendation {
  /** The strategy to use overall. */
  overall: string;
  /** The strategy to use per task type (the item's `taskType`, else the rules' classification). */
  byTaskType: Record<string, string>;
  /** Why, and whether the data can tell the pick apart from the others. */
  reasons: { overall: string; byTaskType: Record<string, string> };
}

/** The result of `evaluateStrategies`; `strategies`, `comparisons` and `recommendation` are the `--json` shape. */
export interface EvalReport {
  evalId: string;
  items: number;
  repeat: number;
  /** Runs found already stored (a resumed eval) and run now. */
  resumed: number;
  ran: number;
  strategies: StrategySummary[];
  comparisons: Comparison[];
  recommendation: EvalRecommendation;
  /** Where the runs are stored. */
  store: string;
}

const keyOf = (itemId: string, strategy: string, repeat: number) => `${itemId}\u0000${strategy}\u0000${repeat}`;

/** A stored eval run → the outcome statistics use. */
function outcomeOf(run: StoredRun, item: EvalItem, taskType: string): Outcome {
  return {
    strategy: run.strategy,
    itemId: item.id,
    repeat: run.eval!.repeat,
    taskType,
    passed: run.checkPassed ?? run.quality >= PASS_QUALITY,
    failed: run.status === "failed",
    quality: run.quality,
    latencyMs: run.latencyMs,
    tokens: run.inputTokens + run.outputTokens,
  };
}

/** The recommendation overall and per task type. */
function recommendAll(outcomes: readonly Outcome[], strategies: readonly string[]): EvalRecommendation {
  const overall = recommend(outcomes, strategies);
  const byTaskType: Record<string, string> = {};
  const reasons: Record<string, string> = {};
  for (const taskType of [...new Set(outcomes.map((o) => o.taskType))].sort()) {
    const pick = recommend(outcomes.filter((o) => o.taskType === taskType), strategies);
    if (!pick) continue;
    byTaskType[taskType] = pick.strategy;
    reasons[taskType] = pick.reason;
  }
  return {
    overall: overall?.strategy ?? "",
    byTaskType,
    reasons: { overall: overall?.reason ?? whyNoRecommendation(outcomes), byTaskType: reasons },
  };
}

/**
 * Evaluate strategies on a dataset (spec: "Evaluating strategies").
 *
 * @throws InvalidInputError for a bad dataset (naming the line and field), strategy or option
 * @throws AbortError when `signal` aborts; finished items are kept in the store
 */
export async function evaluateStrategies(options: EvaluateOptions): Promise<EvalReport> {
  const items = typeof options.dataset === "string" ? await loadDataset(options.dataset) : [...options.dataset];
  const agents = options.agents ?? (await chooseDefaultAgents(options.signal)).agents;
  const strategies = resolveStrategies(options.strategies, Object.keys(agents));
  const repeat = options.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new InvalidInputError(`repeat: must be a positive integer, got ${repeat}`);
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidInputError(`concurrency: must be a positive integer, got ${concurrency}`);
  const evalId = evalIdOf(items, agents);
  const taskTypes = new Map(items.map((item) => [item.id, item.taskType ?? classifyByRules(item.query, { subtasks: item.subtasks ?? [] }).taskType]));

  const spec = options.store ?? true;
  const store: RunStore = isRunStore(spec) ? spec : await openRunStore(spec);
  const orchestrators = new Map<string, AgentOrchestrator>();
  try {
    const stored = new Map((await store.evalRuns(evalId)).map((run) => [keyOf(run.eval!.itemId, run.strategy, run.eval!.repeat), run]));
    const outcomes: Outcome[] = [];
    const total: Record<string, number> = {};
    const done: Record<string, number> = {};
    const jobs: { item: EvalItem; strategy: string; repeat: number }[] = [];
    for (const strategy of strategies) {
      total[strategy] = items.length * repeat;
      done[strategy] = 0;
      for (let r = 0; r < repeat; r++) {
        for (const item of items) {
          const run = stored.get(keyOf(item.id, strategy, r));
          if (run) {
            outcomes.push(outcomeOf(run, item, taskTypes.get(item.id)!));
            done[strategy]!++;
          } else jobs.push({ item, strategy, repeat: r });
        }
      }
    }
    const resumed = outcomes.length;

    const orchestratorFor = (strategy: string): { orchestrator: AgentOrchestrator; executionMode?: string } => {
      const run = strategyRun(strategy, agents);
      let orchestrator = orchestrators.get(strategy);
      if (!orchestrator) {
        const { classifier, cascade, ...rest } = options.orchestratorOptions ?? {};
        // Learned routing would read the eval's own results as it writes them: the rules decide here.
        // A cascade (its order: the `cascade` option, which names agents a `single:` run lacks) escalates
        // on an item's tests, which the eval runs in the sandbox anyway.
        orchestrator = new AgentOrchestrator(run.agents, {
          ...rest,
          ...(classifier && classifier !== "learned" ? { classifier } : {}),
          ...(strategy === "cascade" ? { executeCode: true, ...(cascade ? { cascade } : {}) } : {}),
          store: false,
        });
        orchestrators.set(strategy, orchestrator);
      }
      return { orchestrator, ...(run.executionMode ? { executionMode: run.executionMode } : {}) };
    };

    const started = performance.now();
    let finishedNow = 0;
    const limit = pLimit(concurrency);
    const runJob = async ({ item, strategy, repeat: r }: (typeof jobs)[number]): Promise<void> => {
      options.signal?.throwIfAborted();
      const { orchestrator, executionMode } = orchestratorFor(strategy);
      const taskType = taskTypes.get(item.id)!;
      let outcome: Outcome;
      let error: string | undefined;
      try {
        const result = await orchestrator.orchestrate({
          query: item.query,
          ...(item.subtasks ? { subtasks: item.subtasks } : {}),
          ...(item.context ? { context: item.context } : {}),
          ...(executionMode ? { executionMode: executionMode as OrchestrateInput["executionMode"] } : {}),
          ...(strategy === "cascade" && item.check && "tests" in item.check ? { tests: item.check.tests } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const check = item.check && result.status !== "failed" ? await runCheck(item.check, result.output, item.query, options.signal) : undefined;
        const checkPassed = item.check ? (check?.passed ?? false) : undefined;
        await store.recordRun(
          toRunRecord(result, { query: item.query, strategy, ...(checkPassed !== undefined ? { checkPassed } : {}), eval: { evalId, itemId: item.id, repeat: r } }),
        );
        const usage = result.metadata.usage ?? { inputTokens: 0, outputTokens: 0 };
        outcome = {
          strategy, itemId: item.id, repeat: r, taskType,
          passed: checkPassed ?? result.qualityScore >= PASS_QUALITY,
          failed: result.status === "failed",
          quality: result.qualityScore,
          latencyMs: result.executionTimeMs,
          tokens: usage.inputTokens + usage.outputTokens,
        };
        error = result.error;
      } catch (thrown) {
        // A run the orchestrator refuses as invalid input (a strategy this version lacks): a failure of
        // that strategy, not stored, so a later version runs it.
        if (!(thrown instanceof InvalidInputError)) throw thrown;
        error = thrown.message;
        outcome = { strategy, itemId: item.id, repeat: r, taskType, passed: false, failed: true, quality: 0, latencyMs: 0, tokens: 0 };
      }
      outcomes.push(outcome);
      done[strategy]!++;
      finishedNow++;
      const elapsedMs = performance.now() - started;
      const remaining = jobs.length - finishedNow;
      options.onProgress?.({
        strategy, itemId: item.id, repeat: r, passed: outcome.passed, ...(error ? { error } : {}),
        done: { ...done }, total: { ...total }, elapsedMs, etaMs: (elapsedMs / finishedNow) * remaining,
      });
    };
    // After a failure (or Ctrl-C) queued jobs do not start, and the ones in flight finish
    // before the store closes, so every finished item is stored.
    let failure: { error: unknown } | undefined;
    await Promise.all(
      jobs.map((job) =>
        limit(async () => {
          if (failure) return;
          try {
            await runJob(job);
          } catch (error) {
            failure ??= { error };
          }
        }),
      ),
    );
    if (failure) throw failure.error;

    return {
      evalId,
      items: items.length,
      repeat,
      resumed,
      ran: jobs.length,
      strategies: summarize(outcomes, strategies),
      comparisons: compare(outcomes, strategies),
      recommendation: recommendAll(outcomes, strategies),
      store: store.location,
    };
  } finally {
    await Promise.all([...orchestrators.values()].map((o) => o.close()));
    if (!isRunStore(spec)) await store.close();
  }
}
