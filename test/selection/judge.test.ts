import { describe, expect, it } from "vitest";
import { selectBest } from "../../src/selection/index.js";
import { judgeMessages } from "../../src/selection/judge.js";
import { FakeChatModel } from "../support/fakeModels.js";

const QUERY = "Give one tip for better sleep.";
// The rules rank these about equally; the judge's preference is what we observe.
const CANDIDATES = ["Keep a regular bedtime, even at weekends.", "Avoid screens for an hour before bed."];

const answerIn = (prompt: string, slot: "A" | "B"): string => new RegExp(`<answer_${slot}>\\n([\\s\\S]*?)\\n</answer_${slot}>`, "u").exec(prompt)![1]!;

/** A judge that always prefers the answer containing `word`, wherever it stands. */
const prefers = (word: string) => (prompt: string) => ({ json: { reason: `mentions ${word}`, winner: answerIn(prompt, "A").includes(word) ? "A" : "B" } });

describe("selectBest: judge", () => {
  it("asks in both orders and follows a verdict that survives the swap", async () => {
    const rules = await selectBest({ query: QUERY, candidates: CANDIDATES });
    const loser = 1 - rules.index;
    const judge = new FakeChatModel(prefers(CANDIDATES[loser]!.includes("bedtime") ? "bedtime" : "screens"));
    const pick = await selectBest({ query: QUERY, candidates: CANDIDATES, judge });
    expect(pick).toMatchObject({ index: loser, method: "judge", warnings: [] });
    expect(judge.calls).toHaveLength(2);
    const [first, second] = judge.calls.map((c) => c.prompt);
    expect(answerIn(first!, "A")).toBe(answerIn(second!, "B"));
    expect(answerIn(first!, "B")).toBe(answerIn(second!, "A"));
    expect(pick.reasons[0]).toMatch(/judge preferred .* in both orders/u);
    expect(pick.scores[loser]).toBe(Math.max(...pick.scores));
  });

  it("treats a verdict that flips with the order as a tie: the rules decide", async () => {
    const rules = await selectBest({ query: QUERY, candidates: CANDIDATES });
    const judge = new FakeChatModel({ json: { reason: "first is better", winner: "A" } });
    const pick = await selectBest({ query: QUERY, candidates: CANDIDATES, judge });
    expect(pick).toMatchObject({ index: rules.index, method: "rules", warnings: [] });
    expect(pick.reasons.join("\n")).toMatch(/verdict changed when the order was swapped/u);
  });

  it("falls back to the rules with a warning when the judge fails or answers off-schema", async () => {
    const rules = await selectBest({ query: QUERY, candidates: CANDIDATES });
    const failing = await selectBest({ query: QUERY, candidates: CANDIDATES, judge: new FakeChatModel(new Error("connection refused")) });
    expect(failing).toMatchObject({ index: rules.index, method: "rules" });
    expect(failing.warnings).toEqual([expect.stringMatching(/^judge failed: .*connection refused.*; rules decided$/u)]);
    const offSchema = await selectBest({ query: QUERY, candidates: CANDIDATES, judge: new FakeChatModel("I think A is better.") });
    expect(offSchema).toMatchObject({ index: rules.index, method: "rules" });
    expect(offSchema.warnings[0]).toMatch(/^judge failed: .*off-schema/u);
    const badWinner = await selectBest({ query: QUERY, candidates: CANDIDATES, judge: new FakeChatModel({ json: { reason: "x", winner: "C" } }) });
    expect(badWinner.warnings[0]).toMatch(/^judge failed/u);
  });

  it("sums the judge's token usage", async () => {
    const judge = new FakeChatModel({ json: { reason: "tie", winner: "tie" } });
    const pick = await selectBest({ query: QUERY, candidates: CANDIDATES, judge });
    expect(pick.usage.inputTokens).toBeGreaterThan(0);
    expect(pick.usage.outputTokens).toBe(2 * JSON.stringify({ reason: "tie", winner: "tie" }).split(/\s+/u).length);
  });

  it("compares every other candidate with the rules' top pick: 2·(n−1) calls, same pick in any order", async () => {
    const candidates = ["Sleep in a cool, dark room.", "Keep a regular bedtime.", "Avoid caffeine after noon.", "Exercise earlier in the day."];
    const judge = new FakeChatModel(prefers("caffeine"), "judge", 0);
    const pick = await selectBest({ query: QUERY, candidates, judge });
    expect(judge.calls).toHaveLength(6);
    expect(candidates[pick.index]).toContain("caffeine");
    expect(pick.method).toBe("judge");
    const shuffled = [candidates[2]!, candidates[0]!, candidates[3]!, candidates[1]!];
    const again = await selectBest({ query: QUERY, candidates: shuffled, judge: new FakeChatModel(prefers("caffeine")) });
    expect(shuffled[again.index]).toBe(candidates[pick.index]);
  });

  it("runs judge calls concurrently within the configured limit", async () => {
    const candidates = ["a one", "b two", "c three", "d four", "e five"];
    const judge = new FakeChatModel({ json: { reason: "tie", winner: "tie" }, delayMs: 20 });
    await selectBest({ query: QUERY, candidates, judge }, { maxConcurrency: 3 });
    expect(judge.calls).toHaveLength(8);
    expect(judge.maxInFlight).toBe(3);
  });

  it("does not let the judge overrule passing tests", async () => {
    const query = "Write a JavaScript function `const inc = (n)` that returns n + 1.";
    const good = "```js\nconst inc = (n) => {\n  return n + 1;\n};\n```";
    const bad = "```js\nconst inc = (n) => {\n  return n + 2;\n};\n```";
    const judge = new FakeChatModel(prefers("n + 2"));
    const pick = await selectBest({ query, candidates: [bad, good], tests: "console.assert(inc(1) === 2);", executeCode: true, judge });
    expect(pick).toMatchObject({ index: 1, method: "tests" });
    expect(judge.calls).toHaveLength(0);
  });

  it("builds a rubric prompt that names both answers", () => {
    const [system, human] = judgeMessages("Q?", "first", "second");
    expect(String(system!.content)).toMatch(/Instruction following/u);
    expect(String(system!.content)).toMatch(/not let the order/u);
    expect(String(human!.content)).toContain("<answer_A>\nfirst\n</answer_A>");
    expect(String(human!.content)).toContain("<answer_B>\nsecond\n</answer_B>");
  });
});
