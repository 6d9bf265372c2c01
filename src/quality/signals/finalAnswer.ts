/**
 * The final answer of a worked solution: a number ("#### 42", "The answer is
 * 42", "A: 42", the last number), a choice letter ("(B)") or a short span.
 * Self-consistency voting groups candidates by this value.
 */
import { canonicalNumber, parseNumber } from "../text/numbers.js";
import { normalizeText, words } from "../text/normalize.js";

export interface FinalAnswer {
  kind: "number" | "choice" | "span";
  /** Canonical value: "42", "B", or normalised text. */
  value: string;
  /** Marked as the answer by the text itself, not inferred from the last number. */
  explicit: boolean;
}

const MARKERS: RegExp[] = [
  /####\s*([^\n]+)/gu,
  /\\boxed\{([^{}]+)\}/gu,
  /\b(?:final answer|the answer|the correct answer|answer)\s*(?:is|:|=)\s*:?\s*([^\n]+)/giu,
  /^\s*A:\s*([^\n]+)/gmu,
  /\b(?:therefore|thus|so|hence),?\s+(?:the\s+)?(?:total|result|number|answer)\b[^.\n]{0,60}?\b(?:is|was|are|=)\s+([^\n]+)/giu,
];

function firstNumber(text: string): number | undefined {
  const match = /-?[$€£]?\d[\d,]*(?:\.\d+)?/u.exec(text.replace(/\*\*/gu, ""));
  return match ? parseNumber(match[0].replace(/,(?!\d{3})/gu, "")) : undefined;
}

/** Does the query offer lettered options ("(A) … (B) …", "A. … B. …")? */
export function hasChoices(query: string): boolean {
  return /(^|\s)\(?[A-D][).:]\s+\S/mu.test(query) && /(^|\s)\(?B[).:]\s+\S/mu.test(query);
}

function choiceOf(text: string): string | undefined {
  const match = /^\s*\**\(?([A-E])\)?(?:[.):\s*]|$)/u.exec(text) ?? /\b(?:option|choice)\s+\(?([A-E])\)?\b/iu.exec(text);
  return match?.[1];
}

/** A query whose answer is a quantity (worked word problem or "how many …"). */
export function asksForNumber(query: string): boolean {
  return /\b(how (many|much|long|far|old|fast)|what (is|was|will be) the (total|sum|average|number|cost|price|amount|value|difference|product|result)|calculate|compute|what percent(age)?)\b/iu.test(query);
}

/**
 * Extract the final answer of `answer`. `query` tells whether lettered choices
 * or a number are expected; without a marker the last number counts only for
 * numeric questions.
 */
export function extractFinalAnswer(answer: string, query = ""): FinalAnswer | undefined {
  const text = answer.trim();
  if (!text) return undefined;
  const choices = hasChoices(query);
  for (const marker of MARKERS) {
    const hits = [...text.matchAll(marker)];
    const last = hits[hits.length - 1];
    if (!last) continue;
    const captured = last[1]!.trim();
    if (choices) {
      const letter = choiceOf(captured);
      if (letter) return { kind: "choice", value: letter, explicit: true };
    }
    const number = firstNumber(captured);
    if (number !== undefined) return { kind: "number", value: canonicalNumber(number), explicit: true };
    if (words(captured).length <= 6) return { kind: "span", value: normalizeText(captured), explicit: true };
  }
  if (choices) {
    const letter = choiceOf(text);
    if (letter) return { kind: "choice", value: letter, explicit: false };
  }
  if (asksForNumber(query) || /^\s*-?[$€£]?\d[\d,.]*\s*\S{0,12}\s*$/u.test(text)) {
    const numbers = text.replace(/<<[^<>]*>>/gu, " ").match(/-?[$€£]?\d[\d,]*(?:\.\d+)?/gu);
    const lastNumber = numbers ? parseNumber(numbers[numbers.length - 1]!.replace(/,(?!\d{3})/gu, "")) : undefined;
    if (lastNumber !== undefined) return { kind: "number", value: canonicalNumber(lastNumber), explicit: false };
  }
  if (words(text).length <= 5) return { kind: "span", value: normalizeText(text), explicit: false };
  return undefined;
}
