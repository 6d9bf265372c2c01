/**
 * The code criteria. Each takes the answer in context and returns a score, a
 * weight (0 when it does not apply) and a note.
 */
import { criterion, type CriterionScore } from "../types.js";
import { checkSyntax, declaredNames, emptyFunctionBodies, openBrackets } from "./syntax.js";
import type { CodeLanguage, ExtractedCode } from "./extract.js";
import { unmatched } from "../signals/truncation.js";
import { detectRefusal } from "../signals/refusal.js";
import { garbled } from "../signals/garbled.js";
import { detectRepetition } from "../signals/repetition.js";
import { contentTerms } from "../text/normalize.js";

/** Everything a code criterion may look at. */
export interface CodeContext {
  query: string;
  answer: string;
  extracted: ExtractedCode;
}

const isJsLike = (language: CodeLanguage): boolean => language === "javascript" || language === "typescript";

/**
 * syntax: the code parses. JavaScript/TypeScript go through the TypeScript
 * parser (fences stripped first); each syntax error costs a third. Other
 * languages only get a bracket balance check, with a lower weight.
 */
export function syntax(ctx: CodeContext): CriterionScore {
  const { code, language, fenced } = ctx.extracted;
  if (!code.trim()) return criterion(0, 3, "no code");
  // Unfenced text that reads as no known language is prose, not code.
  if (!fenced && language === "other") return criterion(0, 3, "no recognisable code");
  if (isJsLike(language)) {
    const result = checkSyntax(code);
    return criterion(1 - result.errors / 3, 3, result.errors ? `${result.errors} syntax error(s): ${result.messages.join("; ")}` : "parses");
  }
  const open = unmatched(code, "(", ")") + unmatched(code, "[", "]") + unmatched(code, "{", "}");
  return criterion(open === 0 ? 1 : 0.4, 3, `${language}: ${open === 0 ? "brackets balanced" : `${open} bracket(s) left open`}`);
}

/**
 * completeness: the code is not cut off: no unclosed fence, no brackets left
 * open, no syntax error at the very end.
 */
export function completeness(ctx: CodeContext): CriterionScore {
  const { code, language, unclosedFence } = ctx.extracted;
  if (!code.trim()) return criterion(0, 2.5, "no code");
  const open = isJsLike(language) ? openBrackets(code) : unmatched(code, "{", "}") + unmatched(code, "(", ")");
  const endsMid = isJsLike(language) && checkSyntax(code).endsMidConstruct;
  if (open > 0 || endsMid) return criterion(0.1, 2.5, `cut off: ${open} bracket(s) open${unclosedFence ? ", fence not closed" : ""}`);
  if (unclosedFence) return criterion(0.6, 2.5, "closing fence missing");
  return criterion(1, 2.5, "complete");
}

const PLACEHOLDERS: Array<[RegExp, string]> = [
  [/\b(TODO|FIXME|XXX)\b/u, "TODO marker"],
  [/(\/\/|#|\/\*)\s*(your|add|implement|write|insert|put)\s+(your\s+)?(code|logic|implementation)/iu, "'your code here' comment"],
  [/(\/\/|#)\s*\.\.\.\s*$/mu, "elided code comment"],
  [/^\s*\.\.\.\s*;?\s*$/mu, "'...' in place of code"],
  [/\{\s*\.\.\.\s*\}/u, "'{ ... }' body"],
  [/^\s*pass\s*$/mu, "'pass' body"],
  [/throw\s+new\s+\w*Error\(\s*["'`](not\s+implemented|todo|implement\s+me|unimplemented)/iu, "throws 'not implemented'"],
  [/raise\s+NotImplementedError/u, "raises NotImplementedError"],
  [/(\/\/|#)\s*(rest|remainder)\s+of\s+(the\s+)?(code|implementation)/iu, "'rest of the code' comment"],
];

/**
 * placeholders: stubs instead of code: TODO markers, "// your code here",
 * `...`, `pass`-only bodies, `throw new Error("not implemented")`, empty
 * function bodies. Each one costs 0.35.
 */
export function placeholders(ctx: CodeContext): CriterionScore {
  const { code, language } = ctx.extracted;
  if (!code.trim()) return criterion(0, 2.5, "no code");
  const found = PLACEHOLDERS.filter(([pattern]) => pattern.test(code)).map(([, name]) => name);
  const empty = isJsLike(language) ? emptyFunctionBodies(code) : 0;
  if (empty > 0) found.push(`${empty} empty function bod${empty === 1 ? "y" : "ies"}`);
  return criterion(1 - 0.35 * found.length, 2.5, found.length ? found.join(", ") : "no placeholders");
}

/** Identifiers the query asks for: `name`, "function foo", "const foo = (", "named foo". */
export function requestedNames(query: string): string[] {
  const names = new Set<string>();
  for (const m of query.matchAll(/`(?:const|let|var|function|def|async function)?\s*([A-Za-z_$][\w$]*)\s*(?:=|\(|`)/gu)) names.add(m[1]!);
  for (const m of query.matchAll(/\b(?:function|method|class)\s+(?:named|called)?\s*`?([A-Za-z_$][\w$]*)`?\s*\(/gu)) names.add(m[1]!);
  for (const m of query.matchAll(/\b(?:named|called)\s+`?([A-Za-z_$][\w$]*)`?/gu)) names.add(m[1]!);
  const keywords = new Set(["const", "let", "var", "function", "def", "return", "class", "async", "await", "new", "this", "true", "false", "null"]);
  return [...names].filter((n) => !keywords.has(n) && n.length > 1);
}

const LANGUAGE_ASKED: Array<[RegExp, (l: CodeLanguage) => boolean, string]> = [
  [/\b(javascript|js|node(\.js)?|typescript|ts)\b/iu, isJsLike, "JavaScript/TypeScript"],
  [/\bpython\b/iu, (l) => l === "python", "Python"],
  [/\bsql\b/iu, (l) => l === "sql", "SQL"],
];

/**
 * relevance: the code defines what the query names (e.g. `hasCloseElements`),
 * is in the language asked for, and shares vocabulary with the request
 * (identifiers split at camelCase).
 */
export function codeRelevance(ctx: CodeContext): CriterionScore {
  const { code, language } = ctx.extracted;
  if (!code.trim()) return criterion(0, 2, "no code");
  const parts: Array<[number, number, string]> = [];
  const wanted = requestedNames(ctx.query);
  if (wanted.length > 0) {
    const declared = isJsLike(language) ? declaredNames(code) : new Set([...code.matchAll(/\b(?:def|class|function)\s+(\w+)/gu)].map((m) => m[1]!));
    const present = wanted.filter((n) => declared.has(n) || new RegExp(`\\b${n.replace(/\$/gu, "\\$")}\\b`, "u").test(code));
    parts.push([2, present.length / wanted.length, `defines ${present.length}/${wanted.length} requested name(s)`]);
  }
  const asked = LANGUAGE_ASKED.find(([pattern]) => pattern.test(ctx.query));
  if (asked && language !== "other") parts.push([1.5, asked[1](language) ? 1 : 0, asked[1](language) ? `in ${asked[2]}` : `${language}, asked ${asked[2]}`]);
  const queryTerms = new Set(contentTerms(ctx.query, { dropTaskWords: true }));
  if (queryTerms.size > 0) {
    const codeTerms = new Set(contentTerms(`${code.replace(/([a-z])([A-Z])/gu, "$1 $2").replace(/_/gu, " ")} ${ctx.extracted.prose}`));
    const share = [...queryTerms].filter((t) => codeTerms.has(t)).length / queryTerms.size;
    parts.push([1, Math.min(1, share / 0.3), `${Math.round(share * 100)}% of the request's terms`]);
  }
  const weight = parts.reduce((s, [w]) => s + w, 0);
  const score = parts.reduce((s, [w, v]) => s + w * v, 0) / weight;
  return criterion(score, 2, parts.map(([, , n]) => n).join(", "));
}

/**
 * substance: there is real logic: more than a line or two of statements, and
 * a `return` when the request says the function returns something.
 */
export function substance(ctx: CodeContext): CriterionScore {
  const statements = ctx.extracted.code
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !/^(\/\/|#|\/\*|\*|[{}()[\];,]+$)/u.test(l)).length;
  const wantsReturn = /\breturns?\b/iu.test(ctx.query);
  const returns = /\breturn\b|=>\s*[^{\s]/u.test(ctx.extracted.code);
  let score = statements >= 3 ? 1 : statements === 2 ? 0.8 : statements === 1 ? 0.5 : 0;
  if (wantsReturn && !returns) score *= 0.5;
  return criterion(score, 1, `${statements} statement line(s)${wantsReturn && !returns ? ", no return" : ""}`);
}

/** refusal: refuses or gives a non-answer instead of code. A gate: multiplies the total. */
export function codeRefusal(ctx: CodeContext): CriterionScore {
  const signal = detectRefusal(ctx.answer);
  return criterion(signal.score, 1, signal.note);
}

/** repetition: the same code lines looped (ignores short lines such as `}`). */
export function codeRepetition(ctx: CodeContext): CriterionScore {
  const signal = detectRepetition(
    ctx.extracted.code
      .split("\n")
      .filter((l) => l.trim().length > 12)
      .join("\n"),
  );
  // Code legitimately repeats short idioms; only heavy repetition counts.
  const score = signal.ratio > 0.25 ? signal.score : 1;
  return criterion(score, 1, signal.note);
}

/** All code criteria, by name, in report order. */
export const CODE_CRITERIA: Record<string, (ctx: CodeContext) => CriterionScore> = {
  syntax,
  completeness,
  placeholders,
  relevance: codeRelevance,
  substance,
  repetition: codeRepetition,
  refusal: codeRefusal,
  garbled,
};

/** Criteria that multiply the total instead of averaging into it. */
export const CODE_GATES = ["refusal", "garbled"] as const;
