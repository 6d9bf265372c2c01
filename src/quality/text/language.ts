/**
 * A small language guesser: writing system first (CJK, Cyrillic, Arabic…),
 * then, for Latin script, which language's most frequent function words
 * occur most. Good enough to tell "answered in English" from "answered in
 * French"; not a general-purpose detector.
 */
import { naturalLanguage, tokenize } from "./normalize.js";

export type Language = "en" | "fr" | "es" | "de" | "it" | "pt" | "nl" | "zh" | "ja" | "ko" | "ru" | "ar" | "he" | "hi" | "el" | "unknown";

export const LANGUAGE_NAMES: Record<string, Language> = {
  english: "en", french: "fr", spanish: "es", german: "de", italian: "it", portuguese: "pt", dutch: "nl",
  chinese: "zh", mandarin: "zh", japanese: "ja", korean: "ko", russian: "ru", arabic: "ar", hebrew: "he",
  hindi: "hi", greek: "el",
};

/** Each language's most frequent short words, as sets: every scored answer asks each language. */
const FUNCTION_WORDS: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    en: ["the", "and", "is", "of", "to", "in", "that", "it", "with", "for", "are", "this", "you", "was", "be", "a", "an", "on", "not", "have", "what", "how", "can", "my", "your", "i", "do", "will", "as", "at", "from", "or", "by", "we", "they", "he", "she"],
    fr: ["le", "la", "les", "et", "est", "des", "une", "du", "que", "dans", "pour", "pas", "qui", "sur", "au"],
    es: ["el", "la", "los", "las", "y", "es", "que", "de", "una", "por", "para", "con", "del", "se", "como"],
    de: ["der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "mit", "den", "von", "auf", "sich", "ich"],
    it: ["il", "la", "e", "di", "che", "è", "un", "una", "per", "non", "con", "del", "della", "sono", "gli"],
    pt: ["o", "a", "os", "as", "e", "de", "que", "um", "uma", "para", "com", "não", "do", "da", "em"],
    nl: ["de", "het", "een", "en", "is", "van", "niet", "dat", "op", "te", "met", "voor", "zijn", "ik", "je"],
  }).map(([language, words]) => [language, new Set(words)]),
);

const SCRIPTS: Array<[Language, RegExp]> = [
  ["ja", /[\p{Script=Hiragana}\p{Script=Katakana}]/gu],
  ["zh", /\p{Script=Han}/gu],
  ["ko", /\p{Script=Hangul}/gu],
  ["ru", /\p{Script=Cyrillic}/gu],
  ["ar", /\p{Script=Arabic}/gu],
  ["he", /\p{Script=Hebrew}/gu],
  ["hi", /\p{Script=Devanagari}/gu],
  ["el", /\p{Script=Greek}/gu],
];

/** Guess the language of `text`; "unknown" for too little text to tell. */
export function detectLanguage(raw: string): Language {
  const text = naturalLanguage(raw);
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3) return "unknown";
  for (const [language, pattern] of SCRIPTS) {
    const count = text.match(pattern)?.length ?? 0;
    // Japanese mixes Han and kana; a little kana is enough to say Japanese.
    if (count / letters > (language === "ja" ? 0.05 : 0.3)) return language;
  }
  const tokens = tokenize(text);
  if (tokens.length < 4) return "unknown";
  const hits = (language: string): number => {
    const set = FUNCTION_WORDS[language]!;
    return tokens.filter((t) => set.has(t)).length;
  };
  const english = hits("en");
  let best: Language = "en";
  let bestHits = english;
  for (const language of Object.keys(FUNCTION_WORDS)) {
    if (language === "en") continue;
    const count = hits(language);
    // Another language must clearly beat English: names, code and URLs share short words.
    if (count > bestHits && count >= 2 * english + 2) {
      best = language as Language;
      bestHits = count;
    }
  }
  return bestHits / tokens.length >= 0.1 ? best : "unknown";
}
