/**
 * Position-independent ordering of candidates. Equal scores must not be
 * broken by index (the same candidates in another order would give another
 * pick), so ties go to a stable hash of the normalised text (FNV-1a, 32 bit),
 * then to the normalised text itself. The hash is arbitrary but fixed: it
 * carries no preference for long, short or alphabetically early answers.
 */

/** Text as compared for ties: trimmed, whitespace collapsed, lower case. */
export function normalizeForTie(text: string): string {
  return text.trim().replace(/\s+/gu, " ").toLowerCase();
}

/** FNV-1a 32-bit hash of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Scores are compared after rounding, so float noise cannot decide. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Compare two candidates for ranking: higher score first; on equal scores
 * the smaller hash of the normalised text, then the normalised text.
 * Returns < 0 when `a` ranks before `b`; 0 only for identical texts.
 */
export function compareRanked(a: { score: number; text: string }, b: { score: number; text: string }): number {
  const byScore = round(b.score) - round(a.score);
  if (byScore !== 0) return byScore;
  const na = normalizeForTie(a.text);
  const nb = normalizeForTie(b.text);
  const byHash = fnv1a(na) - fnv1a(nb);
  if (byHash !== 0) return byHash;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** Candidate indices from best to worst by `scores`, ties broken by content. */
export function rankIndices(scores: readonly number[], texts: readonly string[]): number[] {
  return scores
    .map((score, index) => ({ score, text: texts[index]!, index }))
    .sort((a, b) => compareRanked(a, b) || a.index - b.index)
    .map((c) => c.index);
}
