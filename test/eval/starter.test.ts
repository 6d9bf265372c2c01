/**
 * The shipped dataset (eval/starter.jsonl): it parses, has at least 40 items
 * with objective checks across code, math and facts, and every check passes
 * the reference answer and fails the wrong one (so it can tell them apart).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseDataset } from "../../src/eval/dataset.js";
import { runCheck } from "../../src/eval/checks.js";
import { STARTER_ANSWERS } from "../support/starterAnswers.js";

const path = new URL("../../eval/starter.jsonl", import.meta.url);
const items = parseDataset(readFileSync(path, "utf8"), "eval/starter.jsonl");

describe("eval/starter.jsonl", () => {
  it("has at least 40 items, each with a check, across code, math and facts", () => {
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.every((item) => item.check !== undefined)).toBe(true);
    const types = new Map<string, number>();
    for (const item of items) types.set(item.taskType!, (types.get(item.taskType!) ?? 0) + 1);
    expect(Object.fromEntries(types)).toEqual({ complex_reasoning: 10, code_generation: 15, simple_query: 15 });
    expect(Object.keys(STARTER_ANSWERS).sort()).toEqual(items.map((i) => i.id).sort());
  });

  it("every check passes the reference answer and fails the wrong one", { timeout: 120_000 }, async () => {
    for (const item of items) {
      const { right, wrong } = STARTER_ANSWERS[item.id]!;
      expect((await runCheck(item.check!, right, item.query)).passed, `${item.id} right`).toBe(true);
      expect((await runCheck(item.check!, wrong, item.query)).passed, `${item.id} wrong`).toBe(false);
    }
  });
});
