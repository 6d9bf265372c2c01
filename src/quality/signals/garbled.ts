/**
 * Text that is not text, or letters that are not words.
 *
 * - U+FFFD, which a decoder writes for bytes that are not UTF-8, and control
 *   characters. A model run with the wrong tokenizer, or with random weights,
 *   streams them; no answer a person wrote has them (none of the 1,962
 *   labelled candidates in data/selection does).
 * - Strings of Latin letters no language writes: a model that emits letters
 *   at random. Most of its longer "words" hold a letter pair that words of
 *   the Latin-script languages below (almost) never have, or no vowel, or five
 *   consonants in a row; few real words do (at most 11 % of the distinct
 *   longer words of any labelled candidate, against 50 % or more in 99 % of
 *   random letter strings). Prose in other languages or scripts is not
 *   judged so: the pairs say nothing of them (Polish writes "cj", Czech
 *   "čtvrt", Russian no Latin vowel).
 *
 * A gate: such an answer scores near 0 however its few words happen to score.
 */
import { naturalLanguage } from "../text/normalize.js";
import { clamp01, criterion, type CriterionScore } from "../types.js";

/** Not text: the replacement character and C0/C1 controls other than tab, newlines, vertical tab and form feed. */
const NOT_TEXT = /[\uFFFD\u0000-\u0008\u000E-\u001F\u007F-\u009F]/gu;

/** Below this share a stray replacement character (say, an emoji cut in two) costs nothing. */
const TOLERATED = 0.01;
/** From this share on the answer scores 0. */
const GARBLED = 0.1;

/**
 * Letter pairs that occur in fewer than 2 of 100,000 letter pairs of every
 * one of Debian's word lists for English, German, French, Spanish, Italian,
 * Portuguese and Dutch (accents stripped).
 */
const RARE_PAIRS = new Set(
  ("bq bx cb cf cg cj cp cw fq fx gq gx hj hq hx jc jj jq jr jx jy kq kx mj mq pq px qa qb qc qd qe qf qg qh qi qj qk ql " +
    "qm qn qo qp qq qr qs qt qv qw qx qy qz rx sx tq tx vb vc vf vg vh vj vk vm vn vp vq vt vw vx vz wj wq wx wz xb xd xf " +
    "xg xj xm xn xq xr xs xw xz yj yq yv yy zd zj zx").split(" "),
);
/** The letters of the languages above (accents included): words of any other letter (ł, ě, ı, ő, ă, å, Cyrillic, Greek ...) are in another language. */
const KNOWN_WORD = /^[a-zàáâãäæçèéêëìíîïñòóôõöœùúûüÿß]+$/u;
const VOWELS = "aeiouyàáâãäæèéêëìíîïòóôõöùúûüÿœ";
const NO_VOWEL = new RegExp(`^[^${VOWELS}]+$`, "u");
const FIVE_CONSONANTS = new RegExp(`[^${VOWELS}]{5}`, "u");
/**
 * From this share of the distinct long words in other languages on, the prose is in another language,
 * not judged (a quarter to two thirds of the long words of Polish, Czech, Romanian or Turkish prose,
 * and all of Russian or Greek, have such a letter); below it, they are names and loanwords, left out.
 */
const OTHER_LANGUAGE = 0.1;
/** Words of six letters or more, not touching other letters, digits or underscores: short words and abbreviations prove nothing. */
const LONG_WORD = /(?<![\p{L}\p{N}_])\p{L}{6,}(?![\p{L}\p{N}_])/gu;
/** Fewer distinct long words than this are too few to judge. */
const MIN_WORDS = 8;
/** Up to this share of implausible words, nothing is lost ... */
const PLAUSIBLE = 0.3;
/** ... and from this share on, the answer scores 0. */
const NOT_WORDS = 0.5;

export interface GarbledSignal {
  /** 1 = text, 0 = mostly not text, or not words. */
  score: number;
  /** Share of the non-blank characters that are not text. */
  share: number;
  /** Share of the distinct long words no language writes (0 when too few to judge). */
  nonWordShare: number;
  note: string;
}

const implausible = (word: string): boolean => {
  if (NO_VOWEL.test(word) || FIVE_CONSONANTS.test(word)) return true;
  for (let i = 1; i < word.length; i++) if (RARE_PAIRS.has(word[i - 1]! + word[i]!)) return true;
  return false;
};

/**
 * Share of the distinct long words of `answer`'s prose that no language writes, among those in the
 * languages above; 0 for too few to judge, or for prose in another language.
 */
function nonWordShare(answer: string): { share: number; words: number } {
  const words = new Set<string>();
  for (const [word] of naturalLanguage(answer).matchAll(LONG_WORD)) {
    // All capitals: an acronym or a shout, not evidence either way.
    if (word !== word.toUpperCase()) words.add(word.toLowerCase());
  }
  const known = [...words].filter((word) => KNOWN_WORD.test(word));
  if (known.length < MIN_WORDS || words.size - known.length >= OTHER_LANGUAGE * words.size) return { share: 0, words: known.length };
  return { share: known.filter(implausible).length / known.length, words: known.length };
}

/** How much of `answer` is not text (its non-blank characters), and how much of its prose is not words. */
export function detectGarbled(answer: string): GarbledSignal {
  const notes: string[] = [];
  // Almost every answer has no character that is not text: count those first, the visible ones only when there are some.
  const bad = answer.match(NOT_TEXT)?.length ?? 0;
  let share = 0;
  if (bad > 0) {
    const visible = answer.replace(/\s+/gu, "").length;
    share = bad / visible;
    notes.push(`${bad} of ${visible} characters are not text (U+FFFD or control characters)`);
  }
  const words = nonWordShare(answer);
  if (words.share > PLAUSIBLE) {
    notes.push(`${Math.round(words.share * 100)} % of ${words.words} distinct long words are letter strings no language writes`);
  }
  const score = Math.min(
    clamp01(1 - (share - TOLERATED) / (GARBLED - TOLERATED)),
    clamp01(1 - (words.share - PLAUSIBLE) / (NOT_WORDS - PLAUSIBLE)),
  );
  return { score, share, nonWordShare: words.share, note: notes.join("; ") || "text" };
}

/** The `garbled` criterion of text and code answers: a gate (it multiplies the total). */
export function garbled(ctx: { answer: string }): CriterionScore {
  const signal = detectGarbled(ctx.answer);
  return criterion(signal.score, 1, signal.note);
}
