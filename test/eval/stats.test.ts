/**
 * The eval's statistics against reference values: Wilson intervals (as
 * published, e.g. Wilson 1927 / Newcombe 1998 tables), exact sign-test
 * p-values (binomial sums), percentiles and the recommendation's wording.
 */
import { describe, expect, it } from "vitest";
import { compare, percentile, recommend, signTest, summarize, whyNoRecommendation, wilsonInterval, type Outcome } from "../../src/eval/stats.js";

describe("wilsonInterval", () => {
  it.each([
    [8, 10, 0.4902, 0.9433],
    [3, 10, 0.1078, 0.6032],
    [0, 10, 0, 0.2775],
    [10, 10, 0.7225, 1],
    [81, 263, 0.2553, 0.3662], // Newcombe (1998), example: 81/263
    [15, 148, 0.0624, 0.1605], // Newcombe (1998), example: 15/148
  ])("%i/%i → [%f, %f]", (k, n, lo, hi) => {
    const [low, high] = wilsonInterval(k, n);
    expect(low).toBeCloseTo(lo, 4);
    expect(high).toBeCloseTo(hi, 4);
  });

  it("no data: the whole range", () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});

describe("signTest (exact, two-sided)", () => {
  it.each([
    [9, 1, 22 / 1024], // 2 × (1 + 10) / 2^10
    [1, 9, 22 / 1024],
    [6, 1, 16 / 128], // 2 × (1 + 7) / 2^7
    [10, 0, 2 / 1024],
    [5, 5, 1],
    [0, 0, 1],
    [12, 3, 2 * (1 + 15 + 105 + 455) / 32768],
  ])("%i wins vs %i → p = %f", (wins, losses, p) => {
    expect(signTest(wins, losses)).toBeCloseTo(p, 10);
  });
});

describe("percentile", () => {
  it("interpolates like the usual definition; 0 for no values", () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5.5);
    expect(percentile([10, 20, 30], 0.5)).toBe(20);
    expect(percentile([], 0.95)).toBe(0);
  });
});

const outcome = (strategy: string, itemId: string, passed: boolean, extra: Partial<Outcome> = {}): Outcome => ({
  strategy, itemId, repeat: 0, taskType: "simple_query", passed, failed: false, quality: passed ? 0.9 : 0.3, latencyMs: 100, tokens: 50, ...extra,
});

/** `a` passes items whose index is in `aPass`, `b` in `bPass`, over `n` items. */
function pairedOutcomes(n: number, aPass: (i: number) => boolean, bPass: (i: number) => boolean, b = "b"): Outcome[] {
  return Array.from({ length: n }, (_, i) => [outcome("a", String(i), aPass(i)), outcome(b, String(i), bPass(i), { tokens: 10 })]).flat();
}

describe("summaries, comparisons and the recommendation", () => {
  it("counts wins, losses and ties on the same items only", () => {
    const outcomes = [...pairedOutcomes(10, (i) => i < 9, (i) => i === 0), outcome("a", "extra", true)];
    const [comparison] = compare(outcomes, ["a", "b"]);
    expect(comparison).toMatchObject({ a: "a", b: "b", aWins: 8, bWins: 0, ties: 2 });
    expect(comparison!.pValue).toBeCloseTo(2 / 256, 12);
    const [a] = summarize(outcomes, ["a", "b"]);
    expect(a).toMatchObject({ strategy: "a", n: 11, passRate: 10 / 11, failures: 0, tokens: { mean: 50 } });
  });

  it("a significant winner is decisive", () => {
    const pick = recommend(pairedOutcomes(12, (i) => i < 11, (i) => i < 2), ["a", "b"]);
    expect(pick).toMatchObject({ strategy: "a", decisive: true });
    expect(pick!.reason).toMatch(/significantly better than every other strategy/);
  });

  it("leaves out strategies whose every run failed, and recommends none when all did", () => {
    const failed = (strategy: string, itemId: string) => outcome(strategy, itemId, false, { failed: true, quality: 0 });
    // On quality and then tokens, `a` would rank first: its failed runs cost nothing.
    const someFinished = [failed("a", "1"), failed("a", "2"), outcome("b", "1", true, { quality: 0, tokens: 80 }), { ...failed("b", "2"), tokens: 80 }];
    expect(recommend(someFinished, ["a", "b"])).toMatchObject({ strategy: "b" });
    const allFailed = [failed("a", "1"), failed("b", "1")];
    expect(recommend(allFailed, ["a", "b"])).toBeUndefined();
    expect(whyNoRecommendation(allFailed)).toBe("every run failed: nothing to recommend");
  });

  it("recommends none when no strategy passed a single item: the least bad is no recommendation", () => {
    const outcomes = pairedOutcomes(6, () => false, () => false);
    expect(recommend([...outcomes, outcome("c", "0", false, { failed: true })], ["a", "b", "c"])).toBeUndefined();
    expect(whyNoRecommendation(outcomes)).toBe("no strategy passed a single item: nothing to recommend");
    expect(whyNoRecommendation([])).toBe("no results");
    // One pass is enough to rank.
    expect(recommend([...outcomes, outcome("a", "6", true)], ["a", "b"])).toMatchObject({ strategy: "a" });
  });

  it("says when the data cannot tell strategies apart, and names the cheaper one", () => {
    const pick = recommend(pairedOutcomes(10, (i) => i < 8, (i) => i < 6), ["a", "b"]);
    expect(pick).toMatchObject({ strategy: "a", decisive: false });
    expect(pick!.reason).toBe("a passes 80 % of 10, but the data cannot tell it apart from b (p = 0.50); the cheapest of them is b");
  });
});
