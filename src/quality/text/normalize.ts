/**
 * Text normalisation shared by the quality criteria: tokens, stop words and a
 * light stemmer. Relevance must not be raw word overlap ("The" and "the",
 * "running" and "runs" would count as different words, and "the"/"of" would
 * dominate), so every comparison goes through `contentTerms`.
 */

/** English function words and generic request words that carry no topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below " +
    "between both but by can could did do does doing done down during each either else etc even ever every few for " +
    "from further get gets got had has have having he her here hers herself him himself his how however i if in " +
    "into is it its itself just let lets like may me might more most much must my myself no nor not now of off " +
    "on once one only or other our ours ourselves out over own per please rather same shall she should so some " +
    "such than that the their theirs them themselves then there these they this those though through thus to too " +
    "under until up upon us very was we were what when where whether which while who whom whose why will with " +
    "within without would yet you your yours yourself yourselves"
  ).split(" "),
);

/**
 * Words that say what to do rather than what about ("write", "following").
 * They are dropped from the query's key terms so that an answer is not
 * rewarded for repeating the instruction.
 */
export const TASK_WORDS: ReadonlySet<string> = new Set(
  (
    "answer answers ask asked brief briefly create describe description detail detailed explain explanation " +
    "following follow given give generate help input instruction instructions list make need needs new note " +
    "output paragraph please point points provide question questions response respond rewrite say sentence " +
    "sentences short show state statement summarize summarise summary tell text think try use using want word " +
    "words write written below above example examples based kind type way thing things something good best " +
    "possible certain many several following content"
  ).split(" "),
);

/** Lower-cased word tokens (letters and digits, apostrophes kept inside words). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

const MAX_CACHED_STEMS = 50_000;
const stems = new Map<string, string>();

/**
 * A light suffix stripper (plural, -ing, -ed, -ly, -ation…), deliberately
 * weaker than Porter: it only has to make "summarise"/"summarising" and
 * "cities"/"city" meet, and must not merge unrelated words.
 */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    // Scoring stems every token of every answer, and a vocabulary repeats: compute each word once.
    if (stems.size >= MAX_CACHED_STEMS) stems.clear();
    stemmed = stemWord(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

const PLURAL_RULES: ReadonlyArray<[RegExp, string]> = [
  [/ies$/u, "y"],
  [/(ss)es$/u, "$1"],
  [/([sxz]|ch|sh)es$/u, "$1"],
  [/([^su])s$/u, "$1"],
];
const SUFFIXES = ["ship", "hood", "ising", "izing", "ised", "ized", "ational", "ization", "isation", "fulness", "ousness", "iveness", "ation", "ments", "ment", "ness", "ing", "ed", "ly", "er", "est", "ise", "ize", "ity", "al", "e"];

function stemWord(word: string): string {
  let w = word.replace(/['’]s$/u, "");
  if (w.length <= 3) return w;
  for (const [pattern, replacement] of PLURAL_RULES) {
    if (pattern.test(w)) {
      w = w.replace(pattern, replacement);
      break;
    }
  }
  for (const suffix of SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  // "running" → "runn" → "run": undo the doubled consonant a suffix left behind.
  if (/([b-df-hj-np-tv-z])\1$/u.test(w) && !/(ll|ss|zz)$/u.test(w)) w = w.slice(0, -1);
  return w;
}

/** Stemmed tokens without stop words (numbers kept: they carry meaning). */
export function contentTerms(text: string, options: { dropTaskWords?: boolean } = {}): string[] {
  return tokenize(text)
    .filter((t) => !STOP_WORDS.has(t) && !(options.dropTaskWords && TASK_WORDS.has(t)))
    .filter((t) => t.length > 1 || /\d/u.test(t))
    .map(stem);
}

/** Code (fenced and inline), URLs and markup, which are not natural language. */
const NOT_NATURAL = /```[\s\S]*?```|`[^`]*`|https?:\/\/\S+|<[^>]+>/gu;

/** `text` with its code, URLs and markup blanked out: what is left is written in a language. */
export const naturalLanguage = (text: string): string => text.replace(NOT_NATURAL, " ");

/** Whitespace-separated words, as a person would count them for "under 50 words". */
export function words(text: string): string[] {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/**
 * Sentences of prose. List items and lines count as sentence breaks too, so a
 * bulleted answer is not one giant sentence.
 */
export function sentences(text: string): string[] {
  return text
    .replace(/```[\s\S]*?```/gu, " ")
    .split(/(?<=[.!?。！？])["'”’)\]]*\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** Lower case, single spaces, no punctuation at the ends: for equality checks. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/\s+/gu, " ")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "")
    .trim();
}

/** The set of word n-grams of a token list (joined by spaces). */
export function ngrams(tokens: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(" "));
  return out;
}
