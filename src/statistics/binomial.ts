/**
 * Statistics of pass/fail counts, shared by the eval (intervals, paired
 * comparisons) and learned routing (ranking strategies by their record).
 */
import { binomialDistribution } from "simple-statistics";

/**
 * The standard normal quantile of 0.975 (two-sided 95 %). simple-statistics'
 * `probit` approximates it only to about 3e-3 (1.9572), which moves interval
 * bounds in the fourth decimal, so the exact constant is used.
 */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval of a binomial proportion: unlike the normal
 * approximation it stays inside [0, 1] and behaves at 0/n and n/n.
 *
 * @param successes - items that passed
 * @param n - items
 * @param z - the normal quantile of the confidence level; default 95 %
 * @returns [lo, hi]; [0, 1] when n is 0
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const z2n = (z * z) / n;
  const center = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + z2n);
  return [Math.max(0, center - half), Math.min(1, center + half)];
}

/**
 * Exact two-sided sign test: the probability, if neither strategy were
 * better, of a split of the decided pairs at least this uneven. Ties do not
 * count. 1 when no pair was decided.
 */
export function signTest(wins: number, losses: number): number {
  const n = wins + losses;
  if (n === 0) return 1;
  const probabilities = binomialDistribution(n, 0.5) ?? [];
  const tail = probabilities.slice(0, Math.min(wins, losses) + 1).reduce((sum, p) => sum + p, 0);
  return Math.min(1, 2 * tail);
}

