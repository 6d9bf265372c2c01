/**
 * Learned auto mode (`classifier: "learned"`): for the query's task type (by
 * the rules), the strategy with the best stored record, once the run store
 * holds at least `MIN_LEARNED_RECORDS` records of that type; the rules
 * otherwise. A record is an eval run (its check, or its quality without one)
 * or any run a person gave feedback on. With a small probability
 * (`explorationRate`) another strategy is tried instead, so one bad early
 * record does not lock a strategy out for good.
 */
import type { Classification } from "../state/schemas.js";
import type { RunStore, StrategyOutcome } from "../store/types.js";
import { wilsonInterval } from "../statistics/binomial.js";
import { classifyByRules } from "./rules.js";

/** Records of a task type needed before the store, not the rules, decides. */
export const MIN_LEARNED_RECORDS = 5;
/** Share of learned decisions that try another strategy instead of the best one. */
export const DEFAULT_EXPLORATION_RATE = 0.05;

/** One strategy's record on a task type. */
export interface StrategyRecord {
  strategy: string;
  passed: number;
  total: number;
}

/**
 * Outcomes → one record per strategy, best first by the lower bound of the
 * Wilson 95 % interval of its pass rate, so 1/1 does not beat 9/10; then
 * pass rate, more evidence, name.
 */
export function strategyRecords(outcomes: readonly StrategyOutcome[]): StrategyRecord[] {
  const byStrategy = new Map<string, StrategyRecord>();
  for (const { strategy, passed } of outcomes) {
    const record = byStrategy.get(strategy) ?? { strategy, passed: 0, total: 0 };
    record.total++;
    if (passed) record.passed++;
    byStrategy.set(strategy, record);
  }
  const lowerBound = (r: StrategyRecord) => wilsonInterval(r.passed, r.total)[0];
  return [...byStrategy.values()].sort(
    (a, b) =>
      lowerBound(b) - lowerBound(a) || b.passed / b.total - a.passed / a.total || b.total - a.total || a.strategy.localeCompare(b.strategy),
  );
}

export interface LearnedChoiceOptions {
  taskType: string;
  /** The strategy the rules suggest, used with too few records and as an exploration candidate. */
  rulesStrategy: string;
  /** Can this orchestrator run the strategy (its agent exists, its mode is known)? */
  runnable: (strategy: string) => boolean;
  /** 0..1; default `DEFAULT_EXPLORATION_RATE`. */
  explorationRate?: number;
  /** Uniform in [0, 1); default `Math.random`. */
  random?: () => number;
}

export interface LearnedChoice {
  /** The strategy to run. */
  strategy: string;
  /** `learned` (the store's best), `exploring` (another, on purpose) or `rules` (too few records). */
  source: "learned" | "exploring" | "rules";
  /** The evidence, for `classification.reasoning`. */
  reasoning: string;
}

const describeRecords = (records: readonly StrategyRecord[], taskType: string): string => {
  const [best, ...rest] = records;
  const others = rest.slice(0, 3).map((r) => `${r.strategy} ${r.passed}/${r.total}`);
  return `${best!.strategy} passed ${best!.passed}/${best!.total} ${taskType} items${others.length ? `; ${others.join(", ")}` : ""}`;
};

/** Pick a strategy from the task type's outcomes (see the module comment). */
export function chooseLearnedStrategy(outcomes: readonly StrategyOutcome[], options: LearnedChoiceOptions): LearnedChoice {
  const { taskType, rulesStrategy, runnable } = options;
  const usable = outcomes.filter((o) => runnable(o.strategy));
  if (usable.length < MIN_LEARNED_RECORDS) {
    return {
      strategy: rulesStrategy,
      source: "rules",
      reasoning: `learned: ${usable.length} record(s) of ${taskType} in the run store, ${MIN_LEARNED_RECORDS} needed; rules chose ${rulesStrategy}`,
    };
  }
  const records = strategyRecords(usable);
  const best = records[0]!.strategy;
  const evidence = describeRecords(records, taskType);
  const rate = options.explorationRate ?? DEFAULT_EXPLORATION_RATE;
  const random = options.random ?? Math.random;
  const alternatives = [...new Set([...records.map((r) => r.strategy), rulesStrategy])].filter((s) => s !== best && runnable(s));
  if (alternatives.length > 0 && random() < rate) {
    const tried = alternatives[Math.min(alternatives.length - 1, Math.floor(random() * alternatives.length))]!;
    return { strategy: tried, source: "exploring", reasoning: `learned (exploring, rate ${rate}): tried ${tried} instead of ${evidence}` };
  }
  return { strategy: best, source: "learned", reasoning: `learned: ${evidence}` };
}

/**
 * Classify `query` for learned auto mode: the rules' classification, its
 * reasoning replaced by the learned choice's, and the strategy to run.
 */
export async function classifyLearned(
  query: string,
  subtasks: readonly string[],
  store: Pick<RunStore, "strategyOutcomes">,
  options: Omit<LearnedChoiceOptions, "taskType" | "rulesStrategy">,
): Promise<{ classification: Classification; choice: LearnedChoice }> {
  const rules = classifyByRules(query, { subtasks: [...subtasks] });
  const outcomes = await store.strategyOutcomes(rules.taskType);
  const choice = chooseLearnedStrategy(outcomes, { ...options, taskType: rules.taskType, rulesStrategy: rules.suggestedMode });
  const reasoning = choice.source === "rules" ? `${choice.reasoning} (${rules.reasoning})` : choice.reasoning;
  return { classification: { ...rules, reasoning }, choice };
}

/** A seeded uniform random source (mulberry32), so exploration can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
