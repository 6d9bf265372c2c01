/**
 * The statistics of an eval: pass rates with Wilson score intervals, paired
 * comparisons with the exact sign test, latency percentiles, and a
 * recommendation that says when the data cannot tell strategies apart.
 * Distributions and quantiles come from simple-statistics.
 */
import { mean, quantile } from "simple-statistics";
import { signTest, wilsonInterval } from "../statistics/binomial.js";

export { signTest, wilsonInterval, Z_95 } from "../statistics/binomial.js";

/** Significance level of the comparisons behind a recommendation. */
export const ALPHA = 0.05;

/** The `p` quantile (0..1) of `values`, interpolated; 0 for no values. */
export const percentile = (values: readonly number[], p: number): number => (values.length ? quantile([...values], p) : 0);

/** The mean of `values`; 0 for no values. */
export const meanOf = (values: readonly number[]): number => (values.length ? mean([...values]) : 0);

/** One strategy's result on one item (one repetition). */
export interface Outcome {
  strategy: string;
  itemId: string;
  repeat: number;
  taskType: string;
  passed: boolean;
  /** The run ended `failed`, or the orchestrator refused the strategy. */
  failed: boolean;
  quality: number;
  latencyMs: number;
  tokens: number;
}

export interface StrategySummary {
  strategy: string;
  n: number;
  passRate: number;
  passRateCI: [number, number];
  meanQuality: number;
  latencyMs: { p50: number; p95: number };
  tokens: { mean: number };
  failures: number;
}

export interface Comparison {
  a: string;
  b: string;
  /** Pairs (same item and repetition) that `a` passed and `b` did not. */
  aWins: number;
  bWins: number;
  ties: number;
  /** Exact two-sided sign test over the decided pairs. */
  pValue: number;
}

/** Per-strategy measures (`strategies` gives the order). */
export function summarize(outcomes: readonly Outcome[], strategies: readonly string[]): StrategySummary[] {
  return strategies.map((strategy) => {
    const mine = outcomes.filter((o) => o.strategy === strategy);
    const passed = mine.filter((o) => o.passed).length;
    return {
      strategy,
      n: mine.length,
      passRate: mine.length ? passed / mine.length : 0,
      passRateCI: wilsonInterval(passed, mine.length),
      meanQuality: meanOf(mine.map((o) => o.quality)),
      latencyMs: { p50: percentile(mine.map((o) => o.latencyMs), 0.5), p95: percentile(mine.map((o) => o.latencyMs), 0.95) },
      tokens: { mean: meanOf(mine.map((o) => o.tokens)) },
      failures: mine.filter((o) => o.failed).length,
    };
  });
}

/** Every pair of strategies, compared on the items (and repetitions) both ran. */
export function compare(outcomes: readonly Outcome[], strategies: readonly string[]): Comparison[] {
  const byKey = new Map<string, Map<string, boolean>>();
  for (const o of outcomes) {
    const key = `${o.itemId}\u0000${o.repeat}`;
    const row = byKey.get(key) ?? new Map<string, boolean>();
    row.set(o.strategy, o.passed);
    byKey.set(key, row);
  }
  const comparisons: Comparison[] = [];
  for (const [i, a] of strategies.entries()) {
    for (const b of strategies.slice(i + 1)) {
      let aWins = 0;
      let bWins = 0;
      let ties = 0;
      for (const row of byKey.values()) {
        const pa = row.get(a);
        const pb = row.get(b);
        if (pa === undefined || pb === undefined) continue;
        if (pa && !pb) aWins++;
        else if (pb && !pa) bWins++;
        else ties++;
      }
      comparisons.push({ a, b, aWins, bWins, ties, pValue: signTest(aWins, bWins) });
    }
  }
  return comparisons;
}

/** A recommendation and why. */
export interface Pick {
  strategy: string;
  /** True when the pick beat every other strategy significantly (sign test, p < ALPHA). */
  decisive: boolean;
  reason: string;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

/**
 * The strategy to use: the best pass rate (then quality, then fewer tokens,
 * then lower latency). `decisive` only when the sign test separates it from
 * every other strategy; otherwise the reason names the strategies the data
 * cannot tell apart from it, and the cheapest among them. Strategies whose
 * every run failed are left out; none is recommended when that is all of
 * them, or when none passed a single item (`whyNoRecommendation`).
 */
export function recommend(outcomes: readonly Outcome[], strategies: readonly string[]): Pick | undefined {
  // A strategy none of whose runs even finished (every one failed) is not in the running.
  const summaries = summarize(outcomes, strategies).filter((s) => s.n > 0 && s.failures < s.n);
  // The "best" of strategies that all pass nothing is only the least bad: not a recommendation.
  if (summaries.every((s) => s.passRate === 0)) return undefined;
  const ranked = [...summaries].sort(
    (x, y) => y.passRate - x.passRate || y.meanQuality - x.meanQuality || x.tokens.mean - y.tokens.mean || x.latencyMs.p50 - y.latencyMs.p50,
  );
  const best = ranked[0]!;
  const described = `${best.strategy} passes ${percent(best.passRate)} of ${best.n}`;
  if (ranked.length === 1) return { strategy: best.strategy, decisive: false, reason: `${described}; no other strategy to compare with` };
  const comparisons = compare(outcomes, ranked.map((s) => s.strategy)).filter((c) => c.a === best.strategy || c.b === best.strategy);
  const tied = comparisons
    .filter((c) => c.pValue >= ALPHA || (c.a === best.strategy ? c.aWins <= c.bWins : c.bWins <= c.aWins))
    .map((c) => ({ strategy: c.a === best.strategy ? c.b : c.a, pValue: c.pValue }));
  if (tied.length === 0) {
    const worstP = Math.max(...comparisons.map((c) => c.pValue));
    return { strategy: best.strategy, decisive: true, reason: `${described}, significantly better than every other strategy (sign test p ≤ ${worstP.toPrecision(2)})` };
  }
  const contenders = [best, ...ranked.filter((s) => tied.some((t) => t.strategy === s.strategy))];
  const cheapest = [...contenders].sort((x, y) => x.tokens.mean - y.tokens.mean || x.latencyMs.p50 - y.latencyMs.p50)[0]!;
  const list = tied.map((t) => `${t.strategy} (p = ${t.pValue.toPrecision(2)})`).join(", ");
  const cheaper = cheapest.strategy !== best.strategy ? `; the cheapest of them is ${cheapest.strategy}` : "";
  return { strategy: best.strategy, decisive: false, reason: `${described}, but the data cannot tell it apart from ${list}${cheaper}` };
}

/** Why `recommend` picked nothing from these outcomes. */
export function whyNoRecommendation(outcomes: readonly Outcome[]): string {
  if (outcomes.length === 0) return "no results";
  if (outcomes.every((o) => o.failed)) return "every run failed: nothing to recommend";
  return "no strategy passed a single item: nothing to recommend";
}
