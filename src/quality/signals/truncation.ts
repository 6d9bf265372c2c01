/**
 * Signs that an answer was cut off: unclosed code fences or brackets, a last
 * line that stops mid-sentence ("…and the", "…,"). Generation limits cut
 * answers mid-way; a complete shorter answer beats a truncated longer one.
 */

export interface TruncationSignal {
  /** 1 = ends cleanly, lower = looks cut off. */
  score: number;
  note: string;
}

const DANGLING_WORD = /\b(and|or|but|the|a|an|of|to|in|on|for|with|that|which|is|are|was|were|be|by|as|at|from|this|these|their|its|your|our|my|if|because|so|than|then|when|while)$/iu;
const CLEAN_END = /[.!?。！？:;)\]}"'”’*`|>…~]$|[\p{Emoji_Presentation}]$/u;

/** Count of unmatched openers for a pair of brackets, ignoring closers without opener. */
export function unmatched(text: string, open: string, close: string): number {
  let depth = 0;
  for (const ch of text) {
    if (ch === open) depth++;
    else if (ch === close && depth > 0) depth--;
  }
  return depth;
}

/** Assess whether a prose answer ends where it should. */
export function detectTruncation(answer: string): TruncationSignal {
  const text = answer.trim();
  if (text.length === 0) return { score: 0, note: "empty" };
  const fences = text.match(/```/gu)?.length ?? 0;
  if (fences % 2 === 1) return { score: 0.3, note: "unclosed code fence" };
  const prose = text.replace(/```[\s\S]*?```/gu, "").trim();
  if (prose.length === 0) return { score: 1, note: "code only" };
  if (unmatched(prose, "(", ")") >= 1 && /\([^)]*$/u.test(prose.slice(-80))) return { score: 0.4, note: "unclosed parenthesis at the end" };
  const lastLine = prose.split(/\n/u).pop()!.trim();
  const lastWords = lastLine.split(/\s+/u).length;
  if (/[,\-–—(]$/u.test(lastLine) || (DANGLING_WORD.test(lastLine) && lastWords > 3)) return { score: 0.2, note: `stops mid-sentence ("…${lastLine.slice(-20)}")` };
  if (CLEAN_END.test(lastLine)) return { score: 1, note: "ends cleanly" };
  // Titles, list items, table cells and short replies need no full stop.
  if (lastWords <= 8 || /^\s*([-*•+]|\d+[.)]|#)/u.test(lastLine)) return { score: 1, note: "ends with a short line" };
  return { score: 0.85, note: "last sentence lacks an ending" };
}
