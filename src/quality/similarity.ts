import { contentTerms, ngrams } from "./text/normalize.js";

function termCounts(text: string): Map<string, number> {
  const terms = contentTerms(text);
  const counts = new Map<string, number>();
  for (const term of [...terms, ...ngrams(terms, 2)]) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/**
 * Cosine similarity of unigram+bigram counts over content terms (stemmed, no
 * stop words, numbers kept), 0..1. Bigrams make word order count a little;
 * counts (not sets) make emphasis count — unlike the original's raw word-set overlap.
 */
export function textSimilarity(a: string, b: string): number {
  return cosine(termCounts(a), termCounts(b));
}

function cosine(va: Map<string, number>, vb: Map<string, number>): number {
  if (va.size === 0 || vb.size === 0) return va.size === vb.size ? 1 : 0;
  let dot = 0;
  for (const [term, count] of va) dot += count * (vb.get(term) ?? 0);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, c) => s + c * c, 0));
  return dot / (norm(va) * norm(vb));
}

/**
 * `textSimilarity` of every pair (1 on the diagonal). Each text is tokenised
 * once and each pair compared once: N texts cost N tokenisations and
 * N(N-1)/2 dot products, not N(N-1) of each.
 */
export function similarityMatrix(texts: readonly string[]): number[][] {
  const vectors = texts.map(termCounts);
  const matrix = texts.map(() => new Array<number>(texts.length).fill(1));
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      matrix[i]![j] = matrix[j]![i] = cosine(vectors[i]!, vectors[j]!);
    }
  }
  return matrix;
}
