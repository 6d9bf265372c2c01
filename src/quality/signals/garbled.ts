/**
 * Text that is not text: U+FFFD, which a decoder writes for bytes that are
 * not UTF-8, and control characters. A model run with the wrong tokenizer,
 * or with random weights, streams them; no answer a person wrote has them
 * (none of the 1,962 labelled candidates in data/selection does). A gate:
 * such an answer scores near 0 however its few words happen to score.
 */
import { clamp01, criterion, type CriterionScore } from "../types.js";

/** Not text: the replacement character and C0/C1 controls other than tab, newlines, vertical tab and form feed. */
const NOT_TEXT = /[\uFFFD\u0000-\u0008\u000E-\u001F\u007F-\u009F]/gu;

/** Below this share a stray replacement character (say, an emoji cut in two) costs nothing. */
const TOLERATED = 0.01;
/** From this share on the answer scores 0. */
const GARBLED = 0.1;

export interface GarbledSignal {
  /** 1 = text, 0 = mostly not text. */
  score: number;
  /** Share of the non-blank characters that are not text. */
  share: number;
  note: string;
}

/** How much of `answer` (its non-blank characters) is not text. */
export function detectGarbled(answer: string): GarbledSignal {
  // Almost every answer has none: count those first, and the visible characters only when there are some.
  const bad = answer.match(NOT_TEXT)?.length ?? 0;
  if (bad === 0) return { score: 1, share: 0, note: "text" };
  const visible = answer.replace(/\s+/gu, "").length;
  const share = bad / visible;
  const score = clamp01(1 - (share - TOLERATED) / (GARBLED - TOLERATED));
  return { score, share, note: `${bad} of ${visible} characters are not text (U+FFFD or control characters)` };
}

/** The `garbled` criterion of text and code answers: a gate (it multiplies the total). */
export function garbled(ctx: { answer: string }): CriterionScore {
  const signal = detectGarbled(ctx.answer);
  return criterion(signal.score, 1, signal.note);
}
