const STOP_WORDS = new Set(
  "a an the and or but if then else of to in on at by for with from as is are was were be been being it its this that these those there here i you he she we they me him her us them my your our their do does did done have has had not no so such than too very can could should would will just also into about over under up down out".split(
    " ",
  ),
);

/** Crude English stemming: enough to match "running"/"runs"/"run", "tests"/"testing". */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  return word.replace(/(?:ingly|edly|ings|ing|ied|ies|ed|es|s|ly)$/, (suffix) => (suffix === "ies" || suffix === "ied" ? "y" : ""));
}

/**
 * Content tokens: lower-cased, markdown and punctuation stripped, numbers kept
 * (they carry answers), stop words dropped, lightly stemmed.
 */
export function contentTokens(text: string): string[] {
  return (text.toLowerCase().normalize("NFKD").match(/[a-z]+|\d+(?:\.\d+)?/g) ?? [])
    .filter((token) => !STOP_WORDS.has(token))
    .map(stem);
}

function termVector(tokens: string[]): Map<string, number> {
  const vector = new Map<string, number>();
  const add = (term: string) => vector.set(term, (vector.get(term) ?? 0) + 1);
  tokens.forEach((token, i) => {
    add(token);
    if (i > 0) add(`${tokens[i - 1]} ${token}`);
  });
  return vector;
}

function cosine(va: Map<string, number>, vb: Map<string, number>): number {
  if (va.size === 0 || vb.size === 0) return va.size === vb.size ? 1 : 0;
  let dot = 0;
  for (const [term, count] of va) dot += count * (vb.get(term) ?? 0);
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((s, c) => s + c * c, 0));
  return dot / (norm(va) * norm(vb));
}

/**
 * Cosine similarity of unigram+bigram counts over content tokens, 0..1.
 * Bigrams make word order count a little; counts (not sets) make repeated
 * emphasis count — both unlike the original's raw word-set overlap.
 */
export function textSimilarity(a: string, b: string): number {
  return cosine(termVector(contentTokens(a)), termVector(contentTokens(b)));
}

/**
 * `textSimilarity` of every pair (1 on the diagonal). Each text is tokenised
 * once and each pair compared once: N texts cost N tokenisations and
 * N(N-1)/2 dot products, not N(N-1) of each.
 */
export function similarityMatrix(texts: readonly string[]): number[][] {
  const vectors = texts.map((text) => termVector(contentTokens(text)));
  const matrix = texts.map(() => new Array<number>(texts.length).fill(1));
  for (let i = 0; i < vectors.length; i++) {
    for (let j = i + 1; j < vectors.length; j++) {
      matrix[i]![j] = matrix[j]![i] = cosine(vectors[i]!, vectors[j]!);
    }
  }
  return matrix;
}
