import { describe, expect, it } from "vitest";
import { selectBest } from "../../src/selection/index.js";

const CODE_QUERY = "Write a JavaScript function `const isPrime = (n)` that returns true when n is prime.";
const CORRECT = "```js\nconst isPrime = (n) => {\n  if (n < 2) return false;\n  for (let i = 2; i * i <= n; i++) if (n % i === 0) return false;\n  return true;\n};\n```";
const CORRECT_TERSE = "```js\nconst isPrime = (n) => {\n  if (n < 2) return false;\n  for (let d = 2; d <= Math.sqrt(n); d++) {\n    if (n % d === 0) return false;\n  }\n  return true;\n};\n```";
const BUGGY = "```js\nconst isPrime = (n) => {\n  for (let i = 2; i < n; i++) if (n % i === 0) return false;\n  return true;\n};\n```";
const TESTS = "console.assert(isPrime(2) === true);\nconsole.assert(isPrime(1) === false);\nconsole.assert(isPrime(9) === false);\nconsole.assert(isPrime(13) === true);";

describe("selectBest: rules", () => {
  it("picks by the rules without a judge, deterministically and without model calls", async () => {
    const query = "List three primary colours.";
    const candidates = ["Colour is fascinating and has a long history in art and science, from cave paintings to modern displays.", "1. Red\n2. Blue\n3. Yellow"];
    const first = await selectBest({ query, candidates });
    expect(first).toMatchObject({ index: 1, method: "rules", usage: { inputTokens: 0, outputTokens: 0 }, warnings: [] });
    expect(first.scores).toHaveLength(2);
    expect(first.scores.every((s) => s >= 0 && s <= 1)).toBe(true);
    expect(first.reasons.some((r) => r.startsWith("rules:"))).toBe(true);
    expect(await selectBest({ query, candidates })).toEqual(first);
  });

  it("returns the only candidate", async () => {
    await expect(selectBest({ query: "Hi", candidates: ["Hello"] })).resolves.toMatchObject({ index: 0, method: "rules" });
  });

  it("is position-consistent on text pairs, including exact ties", async () => {
    const pairs: Array<[string, string[]]> = [
      ["What is the capital of France?", ["Paris.", "The capital of France is Paris, a city on the Seine."]],
      ["Tell me a joke.", ["Why did the chicken cross the road? To get to the other side.", "Why did the chicken cross the road? To get to the other side."]],
      ["Name a colour.", ["Red", "Blue"]],
      ["Explain gravity.", ["Gravity pulls masses together.", "Masses attract each other: that is gravity."]],
    ];
    for (const [query, candidates] of pairs) {
      const forward = await selectBest({ query, candidates });
      const swapped = await selectBest({ query, candidates: [candidates[1]!, candidates[0]!] });
      expect(candidates[forward.index], query).toBe([candidates[1]!, candidates[0]!][swapped.index]);
    }
  });
});

describe("selectBest: tests", () => {
  it("prefers the candidate that passes the tests", async () => {
    const pick = await selectBest({ query: CODE_QUERY, candidates: [BUGGY, CORRECT], tests: TESTS, executeCode: true });
    expect(pick).toMatchObject({ index: 1, method: "tests" });
    expect(pick.scores[1]).toBeGreaterThan(0.5);
    expect(pick.scores[0]).toBeLessThan(0.5);
    expect(pick.reasons.join("\n")).toMatch(/#0 failed: 1\/4 assertions failed/u);
  });

  it("breaks ties between passing candidates with the rules, in any order", async () => {
    const candidates = [CORRECT, BUGGY, CORRECT_TERSE];
    const pick = await selectBest({ query: CODE_QUERY, candidates, tests: TESTS, executeCode: true });
    expect(pick.method).toBe("tests");
    expect([0, 2]).toContain(pick.index);
    const reversed = [...candidates].reverse();
    const back = await selectBest({ query: CODE_QUERY, candidates: reversed, tests: TESTS, executeCode: true });
    expect(reversed[back.index]).toBe(candidates[pick.index]);
  });

  it("does not run tests unless executeCode is true", async () => {
    const pick = await selectBest({ query: CODE_QUERY, candidates: [BUGGY, CORRECT], tests: TESTS });
    expect(pick.method).toBe("rules");
    expect(pick.reasons).toContain("tests not run: executeCode is false");
  });

  it("falls back to the rules when every candidate passes, and treats prose as failing", async () => {
    const allPass = await selectBest({ query: CODE_QUERY, candidates: [CORRECT, CORRECT_TERSE], tests: TESTS, executeCode: true });
    expect(allPass.method).toBe("rules");
    expect(allPass.reasons.join("\n")).toMatch(/every candidate passes/u);
    const prose = await selectBest({ query: CODE_QUERY, candidates: ["I cannot write code, sorry.", CORRECT], tests: TESTS, executeCode: true });
    expect(prose).toMatchObject({ index: 1, method: "tests" });
  });

  it("kills a hanging candidate and still picks the working one", async () => {
    const hangs = "```js\nconst isPrime = (n) => { while (true) {} };\n```";
    const pick = await selectBest({ query: CODE_QUERY, candidates: [hangs, CORRECT], tests: TESTS, executeCode: true, sandbox: { timeoutMs: 400 } });
    expect(pick).toMatchObject({ index: 1, method: "tests" });
    expect(pick.reasons.join("\n")).toMatch(/#0 timeout/u);
  });
});

describe("selectBest: cancellation", () => {
  it("rejects when the signal is aborted, killing running tests", async () => {
    const hangs = "```js\nconst isPrime = (n) => { while (true) {} };\n```";
    const controller = new AbortController();
    const running = selectBest({ query: CODE_QUERY, candidates: [hangs, CORRECT], tests: TESTS, executeCode: true, sandbox: { timeoutMs: 60_000 } }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 300);
    await expect(running).rejects.toThrow("stop");
    await expect(selectBest({ query: "q", candidates: ["a", "b"] }, { signal: AbortSignal.abort(new Error("early")) })).rejects.toThrow("early");
  });
});
