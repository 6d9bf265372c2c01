/**
 * Repetition and padding: the same line, list item or sentence again, or a
 * loop of recurring phrases. Small models that lose the thread repeat
 * themselves; the repetition makes an answer longer, never better.
 */
import { ngrams, normalizeText, sentences, tokenize } from "../text/normalize.js";
import { lines, LIST_ITEM, listItems } from "../text/structure.js";

export interface RepetitionSignal {
  /** 1 = no repetition, 0 = mostly repeated. */
  score: number;
  /** Share of repeated material, 0..1. */
  ratio: number;
  note: string;
}

function duplicateShare(units: string[]): number {
  if (units.length < 2) return 0;
  const seen = new Set<string>();
  let duplicates = 0;
  for (const unit of units) {
    if (seen.has(unit)) duplicates++;
    else seen.add(unit);
  }
  return duplicates / units.length;
}

/** Measure repeated lines, sentences and 4-word phrases. */
export function detectRepetition(answer: string): RepetitionSignal {
  const lineUnits = lines(answer)
    .map((l) => normalizeText(l.replace(LIST_ITEM, "")))
    .filter((l) => l.split(" ").length >= 2);
  const sentenceUnits = sentences(answer)
    .map((s) => normalizeText(s.replace(LIST_ITEM, "")))
    .filter((s) => s.split(" ").length >= 3);
  const tokens = tokenize(answer);
  const grams = ngrams(tokens, 4);
  // Natural prose repeats a few 4-grams; only a large share is a loop.
  const phraseShare = grams.length >= 12 ? Math.max(0, 1 - new Set(grams).size / grams.length - 0.1) / 0.9 : 0;
  // List items repeat even when they are single words ("3. Serial", "4. Serial").
  const itemUnits = listItems(answer).map((item) => normalizeText(item));
  const ratio = Math.max(duplicateShare(lineUnits), duplicateShare(sentenceUnits), duplicateShare(itemUnits), phraseShare);
  const score = Math.max(0, 1 - 1.6 * ratio);
  const note = ratio === 0 ? "no repetition" : `${Math.round(ratio * 100)}% repeated`;
  return { score, ratio, note };
}
