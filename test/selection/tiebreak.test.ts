import { describe, expect, it } from "vitest";
import { compareRanked, fnv1a, normalizeForTie, rankIndices } from "../../src/selection/tiebreak.js";

describe("content tie-break", () => {
  it("hashes normalised text stably", () => {
    expect(fnv1a("")).toBe(0x811c9dc5);
    expect(fnv1a("a")).toBe(0xe40c292c);
    expect(normalizeForTie("  Hello\n World ")).toBe("hello world");
  });

  it("orders equal scores by content, so the same texts in any order rank the same", () => {
    const texts = ["alpha answer", "beta answer", "gamma answer", "delta answer"];
    const scores = [0.5, 0.5, 0.5, 0.5];
    const ranked = rankIndices(scores, texts).map((i) => texts[i]);
    const reversed = [...texts].reverse();
    expect(rankIndices(scores, reversed).map((i) => reversed[i])).toEqual(ranked);
  });

  it("puts higher scores first and treats float noise as equal", () => {
    expect(rankIndices([0.2, 0.9, 0.5], ["a", "b", "c"])).toEqual([1, 2, 0]);
    const a = { score: 0.3 + 0.6, text: "x" };
    const b = { score: 0.9, text: "x" };
    expect(compareRanked(a, b)).toBe(0);
  });
});
