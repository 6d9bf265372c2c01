/**
 * An item's check against a run's output: `contains` (every string, any
 * case), `regex` (case-insensitive), `answer` (the final answer, extracted
 * as the quality validator does; numbers compared numerically) and `tests`
 * (JavaScript run in the sandbox against the output's code, as `selectBest`
 * runs candidate tests).
 */
import { extractFinalAnswer } from "../quality/index.js";
import { normalizeText } from "../quality/text/normalize.js";
import { parseNumber } from "../quality/text/numbers.js";
import { runCandidateTests } from "../selection/testStage.js";
import type { Check } from "./dataset.js";

export interface CheckOutcome {
  passed: boolean;
  /** Why, in a few words (the missing string, the answer found, the test failure). */
  detail: string;
}

/** Any numeric question: makes `extractFinalAnswer` fall back to the last number of the output. */
const NUMERIC_QUESTION = "how many";

function checkAnswer(expected: string | number, output: string, query: string): CheckOutcome {
  const expectedNumber = typeof expected === "number" ? expected : parseNumber(expected.trim());
  if (expectedNumber !== undefined) {
    const found = extractFinalAnswer(output, query);
    const numeric = found?.kind === "number" ? found : extractFinalAnswer(output, NUMERIC_QUESTION);
    const value = numeric?.kind === "number" ? Number(numeric.value) : undefined;
    const passed = value !== undefined && Math.abs(value - expectedNumber) <= 1e-9 * Math.max(1, Math.abs(expectedNumber));
    return { passed, detail: value === undefined ? "no numeric answer found" : `answer ${value}, expected ${expectedNumber}` };
  }
  const found = extractFinalAnswer(output, query);
  const want = normalizeText(String(expected));
  const passed = found !== undefined && (found.value === want || found.value.toLowerCase() === want.toLowerCase());
  return { passed, detail: found ? `answer "${found.value}", expected "${want}"` : "no final answer found" };
}

/**
 * Check `output` (the run's answer to `query`).
 *
 * @param signal - stops a running sandbox
 */
export async function runCheck(check: Check, output: string, query: string, signal?: AbortSignal): Promise<CheckOutcome> {
  if ("contains" in check) {
    const needles = Array.isArray(check.contains) ? check.contains : [check.contains];
    const haystack = output.toLowerCase();
    const missing = needles.filter((needle) => !haystack.includes(needle.toLowerCase()));
    return { passed: missing.length === 0, detail: missing.length ? `missing ${missing.map((m) => JSON.stringify(m)).join(", ")}` : "all found" };
  }
  if ("regex" in check) {
    const passed = new RegExp(check.regex, "iu").test(output);
    return { passed, detail: passed ? "matched" : `no match for /${check.regex}/` };
  }
  if ("answer" in check) return checkAnswer(check.answer, output, query);
  const [result] = await runCandidateTests([output], check.tests, { concurrency: 1 }, signal);
  return { passed: result!.passed, detail: result!.summary };
}
