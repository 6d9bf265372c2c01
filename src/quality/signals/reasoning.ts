/**
 * Soundness of a worked numeric solution, beyond checking its arithmetic:
 * does it use the quantities the problem gives (a solution that ignores one
 * usually answers a different question), does it compute only with numbers
 * it has (a number from nowhere is a made-up step), and does its final answer
 * follow from its own computations.
 */
import { findArithmeticClaims } from "./arithmetic.js";
import { extractFinalAnswer } from "./finalAnswer.js";
import { digitNumbers, statedQuantities } from "../text/numbers.js";

export interface ReasoningSignal {
  score: number;
  /** Share of the problem's numbers that the solution uses. */
  coverage: number;
  /** Share of operands that come from the problem or earlier steps. */
  grounded: number;
  /** The final answer equals a computed result (or no computation to compare). */
  consistent: boolean;
  /** Computation steps shown, relative to what the problem's quantities call for (0..1). */
  work: number;
  /** Share of worded relations ("average", "twice", "30%") carried out. */
  relations: number;
  note: string;
}

const near = (a: number, b: number): boolean => Math.abs(a - b) <= Math.max(1e-6, Math.abs(b) * 1e-3);
const inSet = (set: Iterable<number>, value: number): boolean => {
  for (const x of set) if (near(x, value)) return true;
  return false;
};

/**
 * Relations a problem states in words and the operation each calls for:
 * "average" needs a division, "twice" a doubling, "30%" a multiplication by
 * a fraction, "shared among" a division… A solution without the operation
 * has dropped the relation (the commonest error in worked word problems).
 */
const RELATIONS: Array<{ cue: RegExp; name: string; satisfied: (expressions: string) => boolean }> = [
  { cue: /\b(average|mean)\b/iu, name: "average → division", satisfied: (e) => /\//u.test(e) },
  { cue: /\b(half|halves)\b/iu, name: "half → ÷2 or ×0.5", satisfied: (e) => /\/\s*2(?!\d)|[*x×]\s*(0?\.5|1\s*\/\s*2)\b|(0?\.5|1\s*\/\s*2)\s*[*x×]|\b50\s*%/u.test(e) },
  { cue: /\b(twice|double[ds]?)\b/iu, name: "twice → ×2", satisfied: (e) => /[*x×]\s*2(?![\d.])|(?<![\d.])2\s*[*x×]/u.test(e) },
  { cue: /\b(triple[ds]?|thrice|three times)\b/iu, name: "three times → ×3", satisfied: (e) => /[*x×]\s*3(?![\d.])|(?<![\d.])3\s*[*x×]/u.test(e) },
  { cue: /\d\s*%|\bpercent/iu, name: "percentage → ×fraction", satisfied: (e) => /%|\/\s*100\b|[*x×]\s*0?\.\d|0?\.\d+\s*[*x×]/u.test(e) },
  { cue: /\b(shared|split|divided|distributed)\b|\bequally\b/iu, name: "sharing → division", satisfied: (e) => /\//u.test(e) },
  { cue: /\b(quarter|one[- ]fourth)\b/iu, name: "quarter → ÷4 or ×0.25", satisfied: (e) => /\/\s*4(?!\d)|[*x×]\s*(0?\.25|1\s*\/\s*4)|(0?\.25|1\s*\/\s*4)\s*[*x×]|\b25\s*%/u.test(e) },
];

/** Share of the problem's worded relations whose operation the solution performs (1 when none). */
export function relationCoverage(query: string, expressions: string): { share: number; missing: string[] } {
  const required = RELATIONS.filter((r) => r.cue.test(query));
  if (required.length === 0) return { share: 1, missing: [] };
  const missing = required.filter((r) => !r.satisfied(expressions)).map((r) => r.name);
  return { share: 1 - missing.length / required.length, missing };
}

/** Checked computation steps per given quantity at which the work counts as fully shown. */
const WORK_STEPS_PER_QUANTITY = 3;

/** Assess a worked solution to the numeric problem `query`. */
export function assessReasoning(query: string, answer: string): ReasoningSignal {
  const given = [...new Set(digitNumbers(query).map(Math.abs))];
  const stated = statedQuantities(query);
  const claims = findArithmeticClaims(answer);
  const body = answer.replace(/<<[^<>]*>>/gu, " ");
  const used = new Set<number>([...digitNumbers(body).map(Math.abs), ...claims.flatMap((c) => c.operands)]);
  const coverage = given.length === 0 ? 1 : given.filter((n) => inSet(used, n)).length / given.length;

  const known = new Set<number>([...stated, 0, 1, 100]);
  let operands = 0;
  let groundedOperands = 0;
  for (const claim of claims) {
    for (const operand of claim.operands) {
      operands++;
      if (inSet(known, operand)) groundedOperands++;
    }
    known.add(Math.abs(claim.stated));
  }
  const grounded = operands === 0 ? 1 : groundedOperands / operands;

  const final = extractFinalAnswer(answer, query);
  const finalValue = final?.kind === "number" ? Number(final.value) : undefined;
  const results = claims.map((c) => c.stated);
  const consistent = finalValue === undefined || results.length === 0 || inSet(results.map(Math.abs), Math.abs(finalValue));
  // Counts of things are whole numbers; money, rates and averages may have cents.
  const fractionalOk = /[$€£%]|\d\.\d|\b(average|rate|percent|ratio|fraction|per|each|price|cost)\b/iu.test(query);
  const plausible =
    finalValue === undefined ||
    (finalValue >= 0 && (Number.isInteger(finalValue) || (fractionalOk && Number.isInteger(Math.round(finalValue * 100 * 1e6) / 1e6))));

  // Multi-step problems need steps: a solution that shows fewer computations than
  // the problem has quantities has usually skipped or merged one.
  const work = given.length === 0 ? 1 : Math.min(1, claims.length / (WORK_STEPS_PER_QUANTITY * given.length));

  const expressions = [...claims.map((c) => c.expression), ...[...answer.matchAll(/[\d.]+\s*%?\s*[-+*/x×÷]\s*[\d.(]+[^=\n]*/gu)].map((m) => m[0])].join(" ; ");
  const relation = relationCoverage(query, expressions);

  const score = 0.2 * coverage + 0.1 * grounded + 0.15 * (consistent ? 1 : 0) + 0.1 * (plausible ? 1 : 0) + 0.25 * work + 0.2 * relation.share;
  const note =
    `uses ${Math.round(coverage * 100)}% of the given numbers, ${Math.round(grounded * 100)}% of operands grounded, ${claims.length} checked step(s)` +
    (consistent ? "" : ", final answer not among its results") +
    (plausible ? "" : ", implausible final value") +
    (relation.missing.length ? `, misses ${relation.missing.join(", ")}` : "");
  return { score, coverage, grounded, consistent, work, relations: relation.share, note };
}
