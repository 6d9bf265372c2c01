import { describe, expect, it } from "vitest";
import { selectBest, voteOnAnswers } from "../../src/selection/index.js";
import { stepAgreement } from "../../src/selection/vote.js";

const QUERY = "Janet's ducks lay 16 eggs per day. She eats 3 and bakes with 4. She sells the rest for $2 each. How much does she make?";
const RIGHT_A = "She uses 3 + 4 = <<3+4=7>>7 eggs. She sells 16 - 7 = <<16-7=9>>9 eggs. 9 * 2 = <<9*2=18>>18 dollars.\nA: 18";
const RIGHT_B = "16 - 3 - 4 = <<16-3-4=9>>9 eggs are left, so she makes 9 * 2 = <<9*2=18>>18.\n#### 18";
const WRONG_A = "16 - 3 = <<16-3=13>>13 eggs. 13 * 2 = <<13*2=26>>26 dollars.\nA: 26";
const WRONG_B = "She eats 3 so 16 * 3 = <<16*3=48>>48. 48 / 2 = <<48/2=24>>24.\nThe answer is 24";

describe("voteOnAnswers", () => {
  it("finds the plurality of final answers", () => {
    const outcome = voteOnAnswers(QUERY, [WRONG_A, RIGHT_A, WRONG_B, RIGHT_B]);
    expect(outcome.answers).toEqual(["number:26", "number:18", "number:24", "number:18"]);
    expect(outcome).toMatchObject({ decisive: true, leaders: ["number:18"], topVotes: 2 });
  });

  it("reports ties and does not vote on two candidates", () => {
    expect(voteOnAnswers(QUERY, [RIGHT_A, WRONG_A, RIGHT_B, WRONG_A.replace("A: 26", "#### 26")])).toMatchObject({ decisive: false, leaders: ["number:18", "number:26"] });
    expect(voteOnAnswers(QUERY, [RIGHT_A, WRONG_A]).leaders).toEqual([]);
  });

  it("measures agreement on intermediate steps", () => {
    const steps = stepAgreement([RIGHT_A, RIGHT_B, WRONG_A]);
    expect(steps[0]).toBeGreaterThan(steps[2]!);
  });
});

describe("selectBest with votes", () => {
  it("picks the majority answer whatever the order", async () => {
    const candidates = [WRONG_A, RIGHT_A, WRONG_B, RIGHT_B];
    const pick = await selectBest({ query: QUERY, candidates });
    expect(pick.method).toBe("vote");
    expect([1, 3]).toContain(pick.index);
    const reversed = [...candidates].reverse();
    const back = await selectBest({ query: QUERY, candidates: reversed });
    expect(reversed[back.index]).toBe(candidates[pick.index]);
    expect(pick.scores[pick.index]).toBe(Math.max(...pick.scores));
  });

  it("breaks a tied vote with the rules, independent of order", async () => {
    // 18 and 26 have two votes each; the solutions for 18 use every number given.
    const wrongTwin = "She eats 3, so 16 - 3 = <<16-3=13>>13 remain and 13 * 2 = <<13*2=26>>26.\n#### 26";
    const candidates = [WRONG_A, RIGHT_A, wrongTwin, RIGHT_B];
    const pick = await selectBest({ query: QUERY, candidates });
    expect(pick.method).toBe("rules");
    expect(pick.reasons[0]).toMatch(/vote tied 2-2/u);
    expect([1, 3]).toContain(pick.index);
    for (const order of [[3, 2, 1, 0], [2, 0, 3, 1], [1, 3, 0, 2]]) {
      const shuffled = order.map((i) => candidates[i]!);
      const again = await selectBest({ query: QUERY, candidates: shuffled });
      expect(shuffled[again.index]).toBe(candidates[pick.index]);
    }
  });
});
