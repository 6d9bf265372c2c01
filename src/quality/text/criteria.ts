/**
 * The text criteria. Each takes the answer in context and returns a score,
 * a weight (0 when the criterion does not apply) and a note. Weights were set
 * on the development data (data/selection) by what separates the answers
 * people preferred, never by length alone.
 */
import { criterion, type CriterionScore } from "../types.js";
import { contentTerms, ngrams, normalizeText, tokenize, words } from "./normalize.js";
import type { QueryProfile } from "./query.js";
import { checkConstraint, type Constraint } from "./instructions.js";
import { detectLanguage } from "./language.js";
import { lines, listItems, paragraphs } from "./structure.js";
import { digitNumbers } from "./numbers.js";
import { detectRefusal } from "../signals/refusal.js";
import { garbled } from "../signals/garbled.js";
import { detectTruncation } from "../signals/truncation.js";
import { detectRepetition } from "../signals/repetition.js";
import { findArithmeticClaims } from "../signals/arithmetic.js";
import { assessReasoning } from "../signals/reasoning.js";

/** Everything a text criterion may look at. */
export interface TextContext {
  query: string;
  answer: string;
  profile: QueryProfile;
  constraints: Constraint[];
}

const saturate = (value: number, full: number): number => Math.min(1, value / full);

/** The answer minus every run of three or more words copied from the query. */
export function withoutRestatement(answer: string, query: string): string {
  const tokens = tokenize(answer);
  const queryGrams = new Set(ngrams(tokenize(query), 3));
  const copied = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i + 3 <= tokens.length; i++) {
    if (queryGrams.has(tokens.slice(i, i + 3).join(" "))) copied[i] = copied[i + 1] = copied[i + 2] = true;
  }
  return tokens.filter((_, i) => !copied[i]).join(" ");
}

function topTerms(text: string, limit: number, exclude: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const term of contentTerms(text, { dropTaskWords: true })) {
    if (!exclude.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([term]) => term);
}

/**
 * relevance: does the answer talk about what was asked? Share of the
 * instruction's key terms (stemmed, stop and task words removed) and of the
 * input's 25 most frequent terms that the answer uses in its own words:
 * runs of three or more words copied from the query do not count, so
 * restating the question earns nothing. Saturates early (half the key terms,
 * 30 % of the input terms is full marks) so that a longer answer gains
 * nothing by mentioning more of them. Lower weight for closed questions and
 * translations, whose right answer need not share any words with the query.
 */
export function relevance(ctx: TextContext): CriterionScore {
  // Short closed answers ("Positive", "Soon, Loon") need not repeat the query's words.
  const weight = ctx.profile.category === "closed" || ctx.profile.category === "translate" ? 0.5 : 1.5;
  if (!ctx.answer.trim()) return criterion(0, weight, "empty");
  // Words the answer only has because it restates the query ("The antonym of the word
  // 'cogent' is …") show no understanding; count the answer's own wording.
  const ownWords = new Set(contentTerms(withoutRestatement(ctx.answer, ctx.query)));
  const instructionTerms = [...new Set(contentTerms(ctx.profile.instruction, { dropTaskWords: true }))];
  const inputTerms = topTerms(ctx.profile.input, 25, new Set(instructionTerms));
  const hits = (terms: string[], answerTerms: Set<string>): number => terms.filter((t) => answerTerms.has(t)).length;
  const instructionHits = hits(instructionTerms, ownWords);
  const inputHits = hits(inputTerms, ownWords);
  const parts: Array<[number, number]> = [];
  if (instructionTerms.length > 0) parts.push([0.6, saturate(instructionHits / instructionTerms.length, 0.5)]);
  if (inputTerms.length > 0) parts.push([0.4, saturate(inputHits / inputTerms.length, 0.3)]);
  if (parts.length === 0) return criterion(1, weight, "no key terms in the query");
  const score = parts.reduce((sum, [w, s]) => sum + w * s, 0) / parts.reduce((sum, [w]) => sum + w, 0);
  return criterion(score, weight, `covers ${instructionHits}/${instructionTerms.length} key terms, ${inputHits}/${inputTerms.length} input terms`);
}

/**
 * instructions: verifiable instructions in the query (counts of items,
 * sentences or words; list/table/JSON/question format; letter case; target
 * language; required, forbidden, opening and closing words), each checked.
 * The heaviest criterion when present: ignoring an explicit instruction is
 * the clearest reason an answer is worse.
 */
export function instructions(ctx: TextContext): CriterionScore {
  if (ctx.constraints.length === 0) return criterion(1, 0, "no verifiable instructions");
  const checks = ctx.constraints.map((c) => checkConstraint(ctx.answer, c, ctx.profile.input || ctx.query));
  const score = checks.reduce((sum, c) => sum + c.score, 0) / checks.length;
  return criterion(score, 4.5 + 1.5 * checks.length, checks.map((c) => c.note).join("; "));
}

/**
 * completeness: the answer ends where it should, not cut off mid-sentence,
 * inside an open code fence or parenthesis.
 */
export function completeness(ctx: TextContext): CriterionScore {
  const signal = detectTruncation(ctx.answer);
  return criterion(signal.score, 1.5, signal.note);
}

/** Word range an answer to this query should fall in: [min, max]. */
export function expectedLength(ctx: TextContext): { min: number; max: number; why: string } {
  const { profile } = ctx;
  const inputWords = words(profile.input).length;
  if (profile.category === "summarize") {
    return { min: Math.min(8, Math.max(3, inputWords * 0.05)), max: Math.max(40, Math.round(inputWords * 0.6)), why: "summary" };
  }
  if (profile.brevity) return { min: 1, max: profile.brevityLimit, why: "asked to be brief" };
  if (profile.category === "closed") return { min: 1, max: 120, why: "closed question" };
  if (profile.category === "rewrite" || profile.category === "translate") {
    return { min: Math.max(1, Math.round(inputWords * 0.3)), max: Math.max(40, inputWords * 3), why: "rewrite of the input" };
  }
  if (profile.elaboration || profile.category === "explain" || profile.category === "creative") return { min: 20, max: 700, why: "asks for developed prose" };
  if (profile.completion) return { min: 1, max: 300, why: "completion" };
  if (profile.category === "list") return { min: 8, max: 600, why: "asks for a list" };
  if (profile.category === "math") return { min: 1, max: 600, why: "worked problem" };
  return { min: 3, max: 700, why: "open request" };
}

/**
 * length: fit to the length the request implies, NOT "longer is better".
 * Inside the expected range the score is flat; it falls below the minimum
 * (a one-word reply to "explain…") and above the maximum (a 300-word
 * "summary" of a 200-word text), more slowly above than below.
 */
export function lengthFit(ctx: TextContext): CriterionScore {
  const count = words(ctx.answer).length;
  const { min, max, why } = expectedLength(ctx);
  let score = 1;
  if (count < min) score = (count / min) ** 0.8;
  else if (count > max) score = (max / count) ** 0.6;
  const lengthConstrained = ctx.constraints.some((c) => c.type === "count" && (c.unit === "word" || c.unit === "sentence"));
  return criterion(score, lengthConstrained ? 0.5 : 1.5, `${count} words (${why}: ${Math.round(min)}..${Math.round(max)})`);
}

/**
 * structure: the layout the request calls for. A list request answered as a
 * list; a long answer (over ~180 words) broken into paragraphs or items
 * rather than one wall of text. Neutral for short answers.
 */
export function structure(ctx: TextContext): CriterionScore {
  const count = words(ctx.answer).length;
  const items = listItems(ctx.answer).length;
  const blocks = paragraphs(ctx.answer).length;
  if (ctx.profile.category === "list" && !ctx.constraints.some((c) => c.type === "format")) {
    if (items >= 2) return criterion(1, 0.75, `list of ${items}`);
    return criterion(count <= 40 ? 0.8 : 0.6, 0.75, "list requested, prose given");
  }
  if (count > 180 && items < 2 && blocks < 2) return criterion(0.6, 0.5, "long unbroken block");
  return criterion(1, 0.5, `${blocks} paragraph(s), ${items} list item(s)`);
}

/**
 * repetition: repeated lines, sentences or phrase loops. Heavily weighted:
 * degenerate repetition is the commonest failure of small models and it
 * inflates length.
 */
export function repetition(ctx: TextContext): CriterionScore {
  // Code blocks repeat structure legitimately (imports, similar calls).
  const signal = detectRepetition(ctx.answer.replace(/```[\s\S]*?(```|$)/gu, " "));
  return criterion(signal.score, 2.5, signal.note);
}

/** refusal: refuses or gives a non-answer ("<nooutput>", "N/A"). A gate: multiplies the total. */
export function refusal(ctx: TextContext): CriterionScore {
  const signal = detectRefusal(ctx.answer);
  return criterion(signal.score, 1, signal.note);
}

/** Share of the answer's 5-word shingles that occur in `source` (case-insensitive). */
export function copiedShare(answer: string, source: string): number {
  const answerGrams = ngrams(tokenize(answer), 5);
  if (answerGrams.length === 0) {
    const a = normalizeText(answer);
    return a.length > 0 && normalizeText(source).includes(a) ? 1 : 0;
  }
  const sourceGrams = new Set(ngrams(tokenize(source), 5));
  return answerGrams.filter((g) => sourceGrams.has(g)).length / answerGrams.length;
}

/** The answer is the input again, word for word (ignoring case and punctuation), or all but a trailing fragment of it. */
export function isUnchangedCopy(answer: string, input: string): boolean {
  const a = tokenize(answer).join(" ");
  const i = tokenize(input).join(" ");
  if (!a || !i) return false;
  return a === i || (i.startsWith(a) && a.length >= 0.9 * i.length) || (a.startsWith(i) && i.length >= 0.9 * a.length);
}

/**
 * echo: the answer copies the query instead of doing the work. For
 * summaries and translations, copied passages are the failure itself; for a
 * rewrite only an unchanged copy is (edits keep most words); elsewhere an
 * answer that is mostly the query restated adds nothing.
 */
export function echo(ctx: TextContext): CriterionScore {
  const source = ctx.profile.input || ctx.query;
  const tokens = tokenize(ctx.answer).length;
  const share = copiedShare(ctx.answer, source);
  const unchanged = ctx.profile.input.length > 0 && isUnchangedCopy(ctx.answer, ctx.profile.input);
  // A line that repeats the instruction is filler whatever the task ("3. Provide three example sentences…").
  const instructionLines = lines(ctx.answer).filter((l) => tokenize(l).length >= 5 && copiedShare(l, ctx.profile.instruction) >= 0.8).length;
  const fillerPenalty = Math.min(0.6, 0.3 * instructionLines);
  const note = `${Math.round(share * 100)}% copied from the query${instructionLines ? `, ${instructionLines} line(s) repeat the instruction` : ""}`;
  // Completing given text repeats it by design.
  if (ctx.profile.completion) return criterion(1 - fillerPenalty, 1.5, `${note} (completion)`);
  switch (ctx.profile.category) {
    case "summarize":
    case "translate":
      return criterion((share <= 0.3 ? 1 : 1 - (share - 0.3) / 0.7) - fillerPenalty, 3.75, note);
    case "rewrite":
      return criterion(unchanged ? 0.1 : 1 - fillerPenalty, 3, unchanged ? "returns the input unchanged" : note);
    default: {
      // Picking a word out of the input ("which word does not belong?") is not copying.
      const copy = tokens >= 10 ? share : 0;
      return criterion((copy <= 0.3 ? 1 : 1 - (copy - 0.3) / 0.5) - fillerPenalty, 1.5, note);
    }
  }
}

/**
 * language: the answer is in the query's language (unless a target language
 * was asked for, which `instructions` checks).
 */
export function language(ctx: TextContext): CriterionScore {
  if (ctx.constraints.some((c) => c.type === "language") || ctx.profile.category === "translate") return criterion(1, 0, "target language checked by instructions");
  const asked = detectLanguage(ctx.query);
  if (asked === "unknown") return criterion(1, 0, "query language unclear");
  const got = detectLanguage(ctx.answer);
  // Too short to tell is not evidence of the wrong language.
  if (got === "unknown") return criterion(1, 1.5, `query ${asked}, answer too short to tell`);
  return criterion(asked === got ? 1 : 0, 1.5, `query ${asked}, answer ${got}`);
}

/**
 * correctness: arithmetic the answer states ("12 × 4 = 48") is recomputed;
 * each wrong claim costs. Not applicable when the answer states none.
 */
export function correctness(ctx: TextContext): CriterionScore {
  const weight = ctx.profile.category === "math" ? 2 : 1;
  const claims = findArithmeticClaims(ctx.answer);
  if (claims.length === 0) return criterion(1, weight, "no arithmetic to check");
  const wrong = claims.filter((c) => !c.correct);
  const note = wrong.length ? `wrong: ${wrong.map((c) => `${c.expression}=${c.stated}`).join(", ")}` : `${claims.length} calculation(s) check out`;
  return criterion(1 - Math.min(1, (1.5 * wrong.length) / claims.length), weight, note);
}

/**
 * reasoning: for numeric problems, whether the solution uses the given
 * quantities, computes only with grounded numbers and ends on a value it
 * derived (see signals/reasoning.ts).
 */
export function reasoning(ctx: TextContext): CriterionScore {
  if (ctx.profile.category !== "math") return criterion(1, 0, "not a numeric problem");
  const signal = assessReasoning(ctx.query, ctx.answer);
  // For a worked problem the soundness of the work is what matters most.
  return criterion(signal.score, 6, signal.note);
}

/**
 * grounding: when the task works on a given text (summarise, rewrite,
 * extract), numbers and names in the answer should come from that text;
 * invented ones are hallucinations.
 */
export function grounding(ctx: TextContext): CriterionScore {
  const input = ctx.profile.input;
  if (!input || !["summarize", "rewrite"].includes(ctx.profile.category)) return criterion(1, 0, "no source text to ground in");
  const sourceNumbers = new Set(digitNumbers(ctx.query).map(Math.abs));
  // Small integers are list labels and counts ("1.", "two"), not facts.
  const answerNumbers = digitNumbers(ctx.answer.replace(/^\s*\d{1,2}[.)]/gmu, "")).map(Math.abs).filter((n) => n > 10 || !Number.isInteger(n));
  const sourceWords = new Set(tokenize(ctx.query));
  const names = [...ctx.answer.matchAll(/(?<=[a-z,;]\s+)[A-Z][a-z]{2,}/gu)].map((m) => m[0].toLowerCase());
  const invented = [...answerNumbers.filter((n) => !sourceNumbers.has(n)).map(String), ...names.filter((n) => !sourceWords.has(n))];
  const total = answerNumbers.length + names.length;
  if (total === 0) return criterion(1, 1, "no numbers or names");
  return criterion(1 - invented.length / total, 1, invented.length ? `not in the source: ${[...new Set(invented)].slice(0, 5).join(", ")}` : "numbers and names from the source");
}

/** How many new content words a helpful answer to this kind of request carries, at least. */
function expectedSubstance(ctx: TextContext): number {
  switch (ctx.profile.category) {
    case "closed":
    case "translate":
    case "rewrite":
    case "summarize":
      // The content of these answers comes from the input by design.
      return 0;
    case "math":
      return 3;
    default:
      if (ctx.profile.brevity || (ctx.profile.question && !ctx.profile.elaboration)) return 3;
      return ctx.profile.elaboration ? SUBSTANCE_ELABORATE : SUBSTANCE_DEFAULT;
  }
}

/** New content words that make an explanation "substantial"; more earns nothing. */
const SUBSTANCE_ELABORATE = 15;
/** New content words expected of an open request. */
const SUBSTANCE_DEFAULT = 8;

/**
 * substance: the answer adds content of its own: distinct content words that
 * are not in the request (words taken from the input material count: an
 * answer may build on it). Saturates at a level set by the kind of request
 * (~15 words for an explanation, a few for a brief answer; not applied to
 * closed, rewrite and summary tasks), so beyond "enough" a longer answer gains
 * nothing; restating the request or a one-word reply to "explain…" scores low.
 */
export function substance(ctx: TextContext): CriterionScore {
  const target = expectedSubstance(ctx);
  if (target === 0) return criterion(1, 0, "content comes from the input");
  const requestTerms = new Set(contentTerms(ctx.profile.instruction));
  const novel = new Set(contentTerms(ctx.answer).filter((t) => !requestTerms.has(t)));
  return criterion(Math.min(1, novel.size / target), 2.25, `${novel.size} new content word(s) (enough: ${target})`);
}

/** All text criteria, by name, in report order. */
export const TEXT_CRITERIA: Record<string, (ctx: TextContext) => CriterionScore> = {
  relevance,
  instructions,
  completeness,
  length: lengthFit,
  structure,
  repetition,
  refusal,
  garbled,
  echo,
  language,
  correctness,
  reasoning,
  grounding,
  substance,
};

/** Criteria that multiply the total instead of averaging into it. */
export const TEXT_GATES = ["refusal", "garbled"] as const;
