/**
 * Verifiable instructions in a query ("in one sentence", "under 50 words",
 * "list 3 …", "in French", "in all caps", "as a table", "use the word X")
 * and checks of an answer against them. Instruction following is what
 * separates a good answer from a long, fluent one that ignores the request
 * (LLMBar's adversarial pairs), so these checks carry a high weight.
 */
import { COUNT_PATTERN, parseCount } from "./numbers.js";
import { normalizeText, sentences, words } from "./normalize.js";
import { countItems, lines, listItems, paragraphs, tableRows } from "./structure.js";
import { detectLanguage, LANGUAGE_NAMES, type Language } from "./language.js";

export type CountUnit = "item" | "sentence" | "word" | "paragraph" | "line";

export type Constraint =
  | { type: "count"; unit: CountUnit; min?: number; max?: number; source: string }
  | { type: "format"; format: "list" | "table" | "json" | "yesno" | "question"; source: string }
  | { type: "case"; letterCase: "upper" | "lower"; source: string }
  | { type: "language"; language: Language | "not-source"; source: string }
  | { type: "include"; terms: string[]; source: string }
  | { type: "exclude"; terms: string[]; source: string }
  | { type: "person"; person: "first" | "third"; source: string }
  | { type: "startsWith"; text: string; source: string }
  | { type: "endsWith"; text: string; source: string };

export interface ConstraintCheck {
  constraint: Constraint;
  score: number;
  note: string;
}

const C = COUNT_PATTERN;
const BOUND = "(exactly|only|just|at most|no more than|up to|not more than|maximum of|max(?:imum)?|fewer than|less than|under|within|at least|no less than|minimum of|more than|over)";

function bounds(qualifier: string | undefined, n: number, trailing?: string): { min?: number; max?: number } {
  const q = (qualifier ?? "").toLowerCase();
  const t = (trailing ?? "").toLowerCase();
  if (/less|fewer/u.test(t)) return { max: n };
  if (/more/u.test(t)) return { min: n };
  if (/^(at most|no more than|up to|not more than|maximum of|max|maximum|within)$/u.test(q)) return { max: n };
  if (/^(fewer than|less than|under)$/u.test(q)) return { max: Math.max(1, n - 1) };
  if (/^(at least|no less than|minimum of)$/u.test(q)) return { min: n };
  if (/^(more than|over)$/u.test(q)) return { min: n + 1 };
  return { min: n, max: n };
}

/** Nouns that follow a number without naming the answer's items ("9-day trip", "5 minutes"). */
const NOT_ITEMS = /^(days?|weeks?|months?|years?|hours?|minutes?|seconds?|times?|people|persons?|percent|dollars?|cents?|pounds?|kg|miles?|km|meters?|feet|inches|degrees?|points?|words?|sentences?|paragraphs?|lines?|characters?|letters?|pages?|parameters?|numbers? (?:and|or))$/iu;

/** Per unit: its range pattern ("3-5 sentences") and its count pattern ("at most 50 words"), built once. */
const UNIT_PATTERNS = (
  [
    ["sentence", "sentences?"],
    ["word", "words?"],
    ["paragraph", "paragraphs?"],
    ["line", "lines?"],
  ] as Array<[CountUnit, string]>
).map(([unit, noun]) => ({
  unit,
  range: new RegExp(`\\b${C}\\s*(?:-|to|or)\\s*${C}[\\s-]+${noun}\\b`, "iu"),
  count: new RegExp(`(?:\\b${BOUND}\\s+)?\\b${C}(?:[\\s-]+(?:short|brief|single|complete|full|concise))?[\\s-]+${noun}\\b(\\s+or\\s+(?:less|fewer|more))?`, "iu"),
}));

const ITEM_PATTERN = new RegExp(
  `\\b(?:list|give|name|provide|generate|suggest|write|create|recommend|find|come up with|choose|select|pick|identify|mention|share|offer|enter|compose|produce|brainstorm|construct|state|outline|top)\\b(?:\\s+(?:me|us|out|down|the|your|of|some))*\\s+(?:${BOUND}\\s+)?${C}\\s+((?:[\\w'’-]+\\s*){1,3})`,
  "iu",
);

function countConstraints(text: string): Constraint[] {
  const out: Constraint[] = [];
  const lower = text.toLowerCase();
  for (const { unit, range: rangePattern, count } of UNIT_PATTERNS) {
    const range = rangePattern.exec(lower);
    if (range) {
      const a = parseCount(range[1]!);
      const b = parseCount(range[2]!);
      if (a !== undefined && b !== undefined && a > 0 && b >= a) {
        out.push({ type: "count", unit, min: a, max: b, source: range[0] });
        continue;
      }
    }
    const match = count.exec(lower);
    if (!match) continue;
    // "from a single sentence", "the given two sentences" describe the input, not the answer.
    if (/\b(from|given|following|these|those|each|per|every)\s+$/u.test(lower.slice(Math.max(0, match.index - 12), match.index))) continue;
    const countWord = match[2]!;
    // "a word"/"a sentence" is only a count in "in a word", "a single sentence", "one-sentence".
    if ((countWord === "a" || countWord === "single") && !/\b(in|as|with|using|into) a\b|a single/u.test(lower.slice(Math.max(0, match.index - 8), match.index + match[0].length))) continue;
    if (unit === "word" && /\bthe words?\b/u.test(match[0])) continue;
    const n = parseCount(countWord);
    if (n === undefined || n <= 0 || n > 2000) continue;
    out.push({ type: "count", unit, ...bounds(match[1], n, match[3]), source: match[0].trim() });
  }
  const items = ITEM_PATTERN.exec(lower);
  if (items && !out.some((c) => c.type === "count" && c.unit !== "paragraph")) {
    const n = parseCount(items[2]!);
    // The counted noun is the first plural among the next words ("three public figures").
    const noun = items[3]!.trim().split(/\s+/u).find((w) => /[^su]s$/u.test(w) || /^(people|children|men|women|ideas)$/u.test(w));
    if (n !== undefined && n >= 2 && n <= 30 && noun && !NOT_ITEMS.test(noun)) {
      out.push({ type: "count", unit: /^sentences$/u.test(noun) ? "sentence" : "item", ...bounds(items[1], n), source: items[0].trim() });
    }
  }
  return out;
}

function quotedTerms(text: string): string[] {
  return [...text.matchAll(/["“'‘]([^"”'’]{1,40})["”'’]/gu)].map((m) => m[1]!.trim()).filter(Boolean);
}

/** A short input that is itself a count of items ("5 Countries that Start with S"). */
const INPUT_COUNT = new RegExp(`^\\s*${C}\\s+([a-z][\\w'’-]*s)\\b`, "iu");
/** "in French", "translate … into German": the language an answer must be in. */
const LANGUAGE_REQUEST = new RegExp(
  `\\b(?:translat\\w*[^.]*?\\b(?:in)?to|in|respond in|answer in|write in|written in)\\s+(${Object.keys(LANGUAGE_NAMES).join("|")})\\b`,
  "iu",
);

/** Find the verifiable instructions in a query's instruction part (and a short input that specifies the request). */
export function parseInstructions(instruction: string, input = ""): Constraint[] {
  const text = instruction;
  const out: Constraint[] = countConstraints(text);
  // "Enter the words that satisfy the given condition. / 5 Countries that Start with S": the count is in the input.
  const spec = INPUT_COUNT.exec(input.toLowerCase());
  if (!out.some((c) => c.type === "count") && spec && words(input).length <= 15) {
    const n = parseCount(spec[1]!);
    if (n !== undefined && n >= 2 && n <= 30 && !NOT_ITEMS.test(spec[2]!)) out.push({ type: "count", unit: "item", min: n, max: n, source: spec[0].trim() });
  }
  const lower = text.toLowerCase();

  if (/\b(bullet(?:ed)?\s*(?:points?|list)|as a list|in (?:a )?list(?: form)?|numbered list|(?:make|create|compile|write|give me|provide) a list|itemi[sz]e|step[- ]by[- ]step (?:list|guide|instructions))\b|^\s*(?:please\s+)?list\b/iu.test(lower)) {
    out.push({ type: "format", format: "list", source: "list" });
  }
  if (/\b(in a table|as a table|create a table|make a table|tabular|table (?:with|listing|of|that))\b/iu.test(lower) && !/table of contents/iu.test(lower)) {
    out.push({ type: "format", format: "table", source: "table" });
  }
  if (/\bjson\b/iu.test(lower) && /\b(format|output|return|respond|as|in)\b/iu.test(lower)) out.push({ type: "format", format: "json", source: "JSON" });
  if (/\b(yes or no|yes\/no|true or false)\b/iu.test(lower) && !/\bexplain\b/iu.test(lower)) out.push({ type: "format", format: "yesno", source: "yes/no" });
  if (/\b(so (?:that )?it is a question|into a question|as a question|in (?:the )?form of a question|interrogative)\b/iu.test(lower)) {
    out.push({ type: "format", format: "question", source: "question" });
  }

  if (/\b(all caps|all capital letters|in capital letters|uppercase|upper case|all upper|capitali[sz]e (?:all|every|the entire))\b/iu.test(lower)) {
    out.push({ type: "case", letterCase: "upper", source: "upper case" });
  } else if (/\b(all lowercase|all lower case|in lowercase|in lower case|no capital letters)\b/iu.test(lower)) {
    out.push({ type: "case", letterCase: "lower", source: "lower case" });
  }

  const language = LANGUAGE_REQUEST.exec(lower);
  if (language && (/translat/iu.test(language[0]) || !/\b(written in|in) (english)\b/iu.test(language[0]))) {
    out.push({ type: "language", language: LANGUAGE_NAMES[language[1]!.toLowerCase()]!, source: language[0] });
  } else if (/\btranslat\w*\b|\b(second|another|foreign|different) language\b/iu.test(lower)) {
    out.push({ type: "language", language: "not-source", source: "another language" });
  }

  const include = /\b(?:using|use|include|including|contain(?:ing)?|with|incorporat\w*|mention(?:ing)?)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:following\s+)?(?:key)?(?:words?|terms?|phrases?)\s*:?\s*((?:["“'‘][^"”'’]{1,40}["”'’][\s,]*(?:and\s+|or\s+)?)+)/iu.exec(text);
  const negated = include !== null && /\b(without|not|never|avoid|n't)\s*$/iu.test(text.slice(Math.max(0, include.index - 12), include.index));
  if (include && !negated) out.push({ type: "include", terms: quotedTerms(include[1]!), source: include[0].trim() });
  const exclude = /\b(?:do not|don't|without|avoid|never)\s+(?:us(?:e|ing)|mention(?:ing)?|includ(?:e|ing)|say(?:ing)?)\s+(?:the\s+)?(?:words?|terms?|letters?|phrases?)?\s*((?:["“'‘][^"”'’]{1,40}["”'’][\s,]*(?:and\s+|or\s+)?)+)/iu.exec(text);
  if (exclude) out.push({ type: "exclude", terms: quotedTerms(exclude[1]!), source: exclude[0].trim() });
  // "Change the first person to the third person", "written in first person": the last one named is wanted.
  const persons = [...lower.matchAll(/\b(first|third)[- ]person\b/gu)];
  if (persons.length > 0) {
    const wanted = persons[persons.length - 1]![1] as "first" | "third";
    out.push({ type: "person", person: wanted, source: `${wanted} person` });
  }
  const starts = /\b(?:start|begin)s?\s+(?:your\s+(?:answer|response|reply)\s+|it\s+)?with\s+(?:the\s+(?:word|phrase|sentence)\s+)?["“]([^"”]{1,60})["”]/iu.exec(text);
  if (starts) out.push({ type: "startsWith", text: starts[1]!, source: starts[0] });
  const ends = /\b(?:end|finish)s?\s+(?:your\s+(?:answer|response|reply)\s+|it\s+)?with\s+(?:the\s+(?:word|phrase|sentence)\s+)?["“]([^"”]{1,60})["”]/iu.exec(text);
  if (ends) out.push({ type: "endsWith", text: ends[1]!, source: ends[0] });
  return out;
}

/** Items of the longest comma-separated enumeration inside a sentence ("a, b, c and d"). */
export function inlineEnumeration(answer: string): number {
  let best = 0;
  for (const sentence of sentences(answer)) {
    const tail = sentence.replace(/^.*?\b(include|includes|including|are|is|such as|like|:)\s+/iu, "");
    const parts = tail.split(/\s*(?:,|;|\band\b|\bor\b)\s*/iu).filter((p) => /[\p{L}\p{N}]/u.test(p));
    if (parts.length >= 2 && parts.every((p) => words(p).length <= 6)) best = Math.max(best, parts.length);
  }
  return best;
}

function measure(answer: string, unit: CountUnit): number {
  switch (unit) {
    case "word":
      return words(answer).length;
    case "sentence":
      return sentences(answer).length;
    case "paragraph":
      return paragraphs(answer).length;
    case "line":
      return lines(answer).length;
    case "item":
      return countItems(answer);
  }
}

/** 1 inside [min, max], falling with the relative distance outside it. */
export function rangeScore(actual: number, min: number | undefined, max: number | undefined): number {
  if (min !== undefined && actual < min) return Math.max(0, 1 - (1.5 * (min - actual)) / min);
  if (max !== undefined && actual > max) return Math.max(0, 1 - (1.5 * (actual - max)) / Math.max(1, max));
  return 1;
}

const hasTerm = (answer: string, term: string): boolean =>
  new RegExp(`(^|[^\\p{L}\\p{N}])${term.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&")}($|[^\\p{L}\\p{N}])`, "iu").test(answer);

/** Check one constraint: 1 = satisfied, 0 = violated, partial credit in between. */
export function checkConstraint(answer: string, constraint: Constraint, sourceText = ""): ConstraintCheck {
  const done = (score: number, note: string): ConstraintCheck => ({ constraint, score, note });
  switch (constraint.type) {
    case "count": {
      const actual = measure(answer, constraint.unit);
      const want = constraint.min === constraint.max ? `${constraint.min}` : `${constraint.min ?? 0}..${constraint.max ?? "∞"}`;
      return done(rangeScore(actual, constraint.min, constraint.max), `${constraint.unit}s: ${actual} (asked ${want})`);
    }
    case "format": {
      switch (constraint.format) {
        case "list": {
          const items = listItems(answer).length;
          if (items >= 2) return done(1, `list with ${items} items`);
          // An inline enumeration ("include creativity, communication and …") is a list in prose.
          return countItems(answer) >= 3 || inlineEnumeration(answer) >= 3 ? done(0.7, "list written inline") : done(0.2, "no list layout");
        }
        case "table":
          return done(tableRows(answer) >= 2 ? 1 : 0.1, tableRows(answer) >= 2 ? "table present" : "no table");
        case "json": {
          const body = /```(?:json)?\s*([\s\S]*?)```/iu.exec(answer)?.[1] ?? /[[{][\s\S]*[\]}]/u.exec(answer)?.[0] ?? "";
          try {
            JSON.parse(body);
            return done(1, "valid JSON");
          } catch {
            return done(0, "no valid JSON");
          }
        }
        case "yesno":
          return done(/^\W*(yes|no|true|false)\b/iu.test(answer.trim()) ? 1 : 0.4, "yes/no answer expected first");
        case "question":
          return done(/\?["'”’)]*\s*$/u.test(answer.trim()) ? 1 : 0, "should be a question");
      }
      break;
    }
    case "case": {
      const letters = answer.match(/\p{L}/gu) ?? [];
      if (letters.length === 0) return done(0, "no letters");
      const upper = letters.filter((l) => l === l.toUpperCase() && l !== l.toLowerCase()).length / letters.length;
      const share = constraint.letterCase === "upper" ? upper : 1 - upper;
      return done(share >= 0.95 ? 1 : Math.max(0, (share - 0.5) * 2), `${Math.round(share * 100)}% ${constraint.letterCase} case`);
    }
    case "language": {
      const got = detectLanguage(answer);
      if (constraint.language === "not-source") {
        const source = detectLanguage(sourceText);
        if (got === "unknown" || source === "unknown") return done(0.6, `language ${got}`);
        return done(got !== source ? 1 : 0, `answer in ${got}, source in ${source}`);
      }
      if (got === "unknown") return done(0.5, "language unclear");
      return done(got === constraint.language ? 1 : 0, `answer in ${got}, asked ${constraint.language}`);
    }
    case "include": {
      if (constraint.terms.length === 0) return done(1, "no terms");
      const found = constraint.terms.filter((t) => hasTerm(answer, t));
      return done(found.length / constraint.terms.length, `uses ${found.length}/${constraint.terms.length} required terms`);
    }
    case "exclude": {
      const found = constraint.terms.filter((t) => hasTerm(answer, t));
      return done(found.length === 0 ? 1 : 0, found.length ? `uses forbidden ${found.join(", ")}` : "avoids forbidden terms");
    }
    case "person": {
      // Quoted speech may use any person; look at the narration only.
      const narration = answer.replace(/["“][^"”]*["”]/gu, " ");
      const firstPerson = (narration.match(/\b(i|me|my|mine|myself|we|us|our|ours|ourselves)\b/giu) ?? []).length;
      const ok = constraint.person === "first" ? firstPerson > 0 : firstPerson === 0;
      return done(ok ? 1 : 0, `${firstPerson} first-person word(s) (asked ${constraint.person} person)`);
    }
    case "startsWith":
      return done(normalizeText(answer).startsWith(normalizeText(constraint.text)) ? 1 : 0, `should start with "${constraint.text}"`);
    case "endsWith":
      return done(normalizeText(answer).endsWith(normalizeText(constraint.text)) ? 1 : 0, `should end with "${constraint.text}"`);
  }
  return done(1, "not checked");
}
