/**
 * Arithmetic claims in an answer ("3 + 4 = 7", "<<16-7=9>>9") and whether
 * they hold. A wrong calculation is one of the few correctness errors a rule
 * can prove, so it is checked rather than guessed at.
 */
import { parseNumber } from "../text/numbers.js";

export interface ArithmeticClaim {
  expression: string;
  stated: number;
  /** The true value, or undefined when the expression could not be evaluated. */
  actual: number | undefined;
  correct: boolean;
  /** The numbers the expression computes with. */
  operands: number[];
  /** Character offset of the claim in the answer. */
  at: number;
}

type Token = { kind: "num"; value: number } | { kind: "op"; value: string };

function lex(expression: string): Token[] | undefined {
  const tokens: Token[] = [];
  const source = expression.replace(/[$€£,]/gu, "").replace(/[×x]/gu, "*").replace(/÷/gu, "/").replace(/−/gu, "-");
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/u.test(ch)) {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)(%?)/u.exec(source.slice(i));
    if (number) {
      const value = Number(number[1]) / (number[2] ? 100 : 1);
      tokens.push({ kind: "num", value });
      i += number[0].length;
      continue;
    }
    if ("+-*/^()".includes(ch)) {
      tokens.push({ kind: "op", value: ch });
      i++;
      continue;
    }
    return undefined;
  }
  return tokens;
}

/** Evaluate + - * / ^ and parentheses without `eval`; undefined on anything else. */
export function evaluateExpression(expression: string): number | undefined {
  const lexed = lex(expression);
  if (!lexed || lexed.length === 0) return undefined;
  const tokens: Token[] = lexed;
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (value: string): boolean => peek()?.kind === "op" && peek()!.value === value;
  function primary(): number | undefined {
    const token = peek();
    if (!token) return undefined;
    if (token.kind === "num") {
      pos++;
      return token.value;
    }
    if (token.value === "-") {
      pos++;
      const v = power();
      return v === undefined ? undefined : -v;
    }
    if (token.value === "(") {
      pos++;
      const v = sum();
      if (!isOp(")")) return undefined;
      pos++;
      return v;
    }
    return undefined;
  }
  function power(): number | undefined {
    const base = primary();
    if (base === undefined) return undefined;
    if (isOp("^")) {
      pos++;
      const exponent = power();
      return exponent === undefined ? undefined : base ** exponent;
    }
    return base;
  }
  function product(): number | undefined {
    let left = power();
    while (left !== undefined && (isOp("*") || isOp("/"))) {
      const op = tokens[pos++]!.value;
      const right = power();
      if (right === undefined) return undefined;
      left = op === "*" ? left * right : left / right;
    }
    return left;
  }
  function sum(): number | undefined {
    let left = product();
    while (left !== undefined && (isOp("+") || isOp("-"))) {
      const op = tokens[pos++]!.value;
      const right = product();
      if (right === undefined) return undefined;
      left = op === "+" ? left + right : left - right;
    }
    return left;
  }
  const value = sum();
  return pos === tokens.length && value !== undefined && Number.isFinite(value) ? value : undefined;
}

function decimals(text: string): number {
  return /\.(\d+)/u.exec(text)?.[1]!.length ?? 0;
}

/** Stated results may be rounded or truncated to their own precision ("6.6" for 6.65, "99" for 99.00000001). */
function matches(actual: number, stated: number, statedText: string): boolean {
  const unit = 10 ** -decimals(statedText);
  return Math.abs(actual - stated) < Math.max(unit, Math.abs(actual) * 1e-6);
}

const NUM = String.raw`\(?-?[$€£]?\d[\d,]*(?:\.\d+)?%?\)?`;
const OP = String.raw`\s*(?:[-+*/^×÷]|\bx\b)\s*`;
// Not preceded by a variable or operator ("x/2 + 6 = 25" is algebra), not followed by more terms ("= 5 + 1").
const PLAIN_CLAIM = new RegExp(String.raw`(?<![\w.)/*+^-])(?<![/*+^-]\s)(${NUM}(?:${OP}${NUM})+)\s*=\s*([-$€£]*\d[\d,]*(?:\.\d+)?)(?!\s*(?:[-+*/^×÷]|\bx\b)\s*[\d(])(?![\w.]*\d)`, "gu");

function operandsOf(expression: string): number[] {
  return (expression.match(/\d[\d,]*(?:\.\d+)?/gu) ?? []).map((n) => Number(n.replace(/,/gu, "")));
}

/** All checkable arithmetic claims in `answer`, in order of appearance. */
export function findArithmeticClaims(answer: string): ArithmeticClaim[] {
  const claims: ArithmeticClaim[] = [];
  for (const match of answer.matchAll(/<<([^<>=]+)=([^<>]+)>>/gu)) {
    const stated = parseNumber(match[2]!);
    if (stated === undefined) continue;
    const actual = evaluateExpression(match[1]!);
    claims.push({ expression: match[1]!, stated, actual, correct: actual === undefined || matches(actual, stated, match[2]!), operands: operandsOf(match[1]!), at: match.index });
  }
  // Prose around a calculator annotation ("8/2 = <<20*1/2=10>>10") is checked too: with the
  // annotation removed it reads "8/2 = 10". When the prose repeats the annotation's own
  // computation it is the same claim and counted once.
  // Positions are kept in the stripped text's coordinates for all claims so they sort together.
  let removed = 0;
  for (const claim of claims) {
    const length = /^<<[^<>]*>>/u.exec(answer.slice(claim.at))![0].length;
    claim.at -= removed;
    removed += length;
  }
  const annotations = [...claims];
  const withoutAnnotations = answer.replace(/<<[^<>]*>>/gu, "");
  for (const match of withoutAnnotations.matchAll(PLAIN_CLAIM)) {
    const expression = match[1]!;
    // "x" is multiplication only between numbers; an algebra variable is not a claim.
    if (/[a-wyz]/iu.test(expression.replace(/\bx\b/gu, ""))) continue;
    const stated = parseNumber(match[2]!);
    if (stated === undefined) continue;
    const actual = evaluateExpression(expression);
    if (actual === undefined) continue;
    const correct = matches(actual, stated, match[2]!);
    if (correct && annotations.some((a) => a.actual !== undefined && Math.abs(a.stated - stated) < 1e-9)) continue;
    claims.push({ expression, stated, actual, correct, operands: operandsOf(expression), at: match.index });
  }
  return claims.sort((a, b) => a.at - b.at);
}
