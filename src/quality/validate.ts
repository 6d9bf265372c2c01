/**
 * `validateAnswer`: a deterministic 0..1 quality score with a per-criterion
 * breakdown, separately for code and text.
 *
 * The total is the weighted mean of the criteria that apply (weight > 0),
 * multiplied by the gate criteria (`refusal`): a refusal or non-answer scores
 * near 0 however well-formed it is. No criterion rewards length as such.
 */
import { CODE_CRITERIA, CODE_GATES, type CodeContext } from "./code/criteria.js";
import { extractCode } from "./code/extract.js";
import { detectKind } from "./kind.js";
import { TEXT_CRITERIA, TEXT_GATES, type TextContext } from "./text/criteria.js";
import { parseInstructions } from "./text/instructions.js";
import { profileQuery } from "./text/query.js";
import { clamp01, type CriterionScore, type QualityReport, type ValidateOptions } from "./types.js";

function total(criteria: Record<string, CriterionScore>, gates: readonly string[]): number {
  let weighted = 0;
  let weights = 0;
  for (const [name, c] of Object.entries(criteria)) {
    if (gates.includes(name)) continue;
    weighted += c.score * c.weight;
    weights += c.weight;
  }
  const mean = weights > 0 ? weighted / weights : 0;
  const gate = gates.reduce((product, name) => product * (criteria[name]?.score ?? 1), 1);
  // Rounded so that equal answers compare equal whatever order they were scored in.
  return Math.round(clamp01(mean * gate) * 1e6) / 1e6;
}

/** Score `answer` as an answer to `query`. */
export function validateAnswer(query: string, answer: string, options: ValidateOptions = {}): QualityReport {
  const kind = options.kind ?? detectKind(query, answer);
  const criteria: Record<string, CriterionScore> = {};
  if (kind === "code") {
    const ctx: CodeContext = { query, answer, extracted: extractCode(answer) };
    for (const [name, fn] of Object.entries(CODE_CRITERIA)) criteria[name] = fn(ctx);
    return { score: total(criteria, CODE_GATES), kind, criteria };
  }
  const profile = profileQuery(query, options.taskType);
  const ctx: TextContext = { query, answer, profile, constraints: parseInstructions(profile.instruction, profile.input) };
  for (const [name, fn] of Object.entries(TEXT_CRITERIA)) criteria[name] = fn(ctx);
  return { score: total(criteria, TEXT_GATES), kind, criteria };
}
