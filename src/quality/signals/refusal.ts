/**
 * Refusals and non-answers: "I'm sorry, but I can't…", "As an AI language
 * model…", "<nooutput>", "N/A". A refusal is the worst answer a selector can
 * pick when another candidate actually answers, so it gates the total score.
 */

const NON_ANSWER = /^\s*(<\s*no\s*(?:output|input|answer|response)\s*>|no output\.?|n\/?a\.?|none\.?|null|undefined|\.+|-+|\?+|i don'?t know\.?|i do not know\.?|unknown\.?)\s*$/iu;

const REFUSAL_PATTERNS: RegExp[] = [
  /\b(i'?m|i am)\s+(so\s+)?sorry,?\s+(but\s+)?(i|as an ai)\b[^.]{0,80}\b(can(?:no|')t|cannot|unable|not able|won'?t|will not|don'?t have)\b/iu,
  /\bi\s+(?:can(?:no|')t|cannot|am unable to|am not able to|won'?t|will not)\s+(?:help|assist|provide|answer|fulfil+|comply|do that|complete|write|generate|create|engage|support)\b/iu,
  /\bas an ai(?:\s+language model)?,?\s+i\s+(?:can(?:no|')t|cannot|do not|don'?t|am (?:not|unable))\b/iu,
  /\bi(?:'m| am) not (?:able|allowed|permitted) to\b/iu,
  /\b(?:it is|it's) not (?:appropriate|ethical|possible) for me to\b/iu,
];

const DISCLAIMER = /\bas an ai(?: language model)?\b|\bi (?:do not|don'?t) have (?:personal|access to|the ability)\b/iu;

export interface RefusalSignal {
  /** 1 = a real answer, 0 = a refusal or non-answer. */
  score: number;
  note: string;
}

/** Detect a refusal or a non-answer (placeholder output). */
export function detectRefusal(answer: string): RefusalSignal {
  const text = answer.trim();
  if (text.length === 0) return { score: 0, note: "empty answer" };
  if (NON_ANSWER.test(text)) return { score: 0, note: `non-answer "${text.slice(0, 20)}"` };
  const opening = text.slice(0, 300);
  if (REFUSAL_PATTERNS.some((p) => p.test(opening))) {
    // A refusal at the start followed by a long, substantive answer is a hedge, not a refusal.
    return text.length > 600 ? { score: 0.6, note: "hedges before answering" } : { score: 0, note: "refuses to answer" };
  }
  if (DISCLAIMER.test(opening)) return { score: 0.8, note: "AI disclaimer" };
  return { score: 1, note: "answers" };
}
