import type { TaskType } from "../../state/schemas.js";
import { words } from "./normalize.js";

/**
 * What kind of request a query is, as far as judging an answer needs to know.
 * `summarize`, `rewrite` and `translate` work on an input text; `creative`
 * writes something new; `closed` wants a short, exact reply (classify, pick,
 * extract, sort); `list` an enumeration; `explain` developed prose; `math` a
 * computed result; `code` a program; `open` is anything else.
 */
export type TaskCategory = "summarize" | "rewrite" | "translate" | "creative" | "list" | "closed" | "math" | "code" | "explain" | "open";

/** The parts of a query the text criteria look at. */
export interface QueryProfile {
  query: string;
  /** The request itself ("Summarize the following content."). */
  instruction: string;
  /** The material the request works on (the text to summarise), or "". */
  input: string;
  category: TaskCategory;
  /** The query asks for something short (brief, concise, one sentence, headline…). */
  brevity: boolean;
  /** With `brevity`: the most words such an answer should take (a "short story" is longer than a headline). */
  brevityLimit: number;
  /** The answer continues or fills in given text ("complete the sentence"), so it may repeat it. */
  completion: boolean;
  /** The query asks for developed prose (explain, describe, essay, advice…). */
  elaboration: boolean;
  /** The request is a direct question (what/who/which/when…?), which a short answer may settle. */
  question: boolean;
}

const IMPERATIVE =
  /^(please\s+)?(write|summari[sz]e|rewrite|rephrase|paraphrase|translate|explain|describe|list|give|generate|create|make|provide|name|suggest|classify|categori[sz]e|identify|determine|find|extract|convert|compose|design|tell|answer|analy[sz]e|compare|edit|correct|revise|complete|construct|choose|select|pick|recommend|outline|draft|brainstorm|read|detect|infer|reformat|replace|combine|group|sort|calculate|compute|solve|how|what|why|which|who|when|where|is|are|can|could|should|do|does)\b/iu;

/**
 * Split a query into instruction and input. Instruction datasets put the
 * request first and the material after a blank line, a colon or the first
 * sentence ("… the following word. Moon"); some put a long passage first and
 * the request last. The instruction is the short, request-like part.
 */
export function splitQuery(query: string): { instruction: string; input: string } {
  const text = query.trim();
  const paragraphs = text.split(/\n\s*\n/u).map((p) => p.trim()).filter(Boolean);
  if (paragraphs.length >= 2) {
    const first = paragraphs[0]!;
    const last = paragraphs[paragraphs.length - 1]!;
    // Instruction datasets put the request first; a long opening passage followed by
    // a short request-like paragraph is the other convention.
    const lastIsRequest = words(last).length <= 40 && (IMPERATIVE.test(last) || /\?\s*$/u.test(last));
    if (words(first).length > 60 && lastIsRequest) return { instruction: last, input: paragraphs.slice(0, -1).join("\n\n") };
    return { instruction: first, input: paragraphs.slice(1).join("\n\n") };
  }
  const lineBreak = text.indexOf("\n");
  if (lineBreak > 0) {
    const head = text.slice(0, lineBreak).trim();
    if (words(head).length <= 60) return { instruction: head, input: text.slice(lineBreak + 1).trim() };
  }
  const colon = /^([^:]{8,300}?):\s+(\S[\s\S]*)$/u.exec(text);
  if (colon && /\b(following|given|this|these|below|sentence|word|text|statement|list|paragraph|passage)\b/iu.test(colon[1]!)) {
    return { instruction: colon[1]!.trim(), input: colon[2]!.trim() };
  }
  const firstSentence = /^(.+?[.?!])\s+(\S[\s\S]*)$/u.exec(text);
  if (firstSentence && /\b(following|given|below)\b/iu.test(firstSentence[1]!)) {
    return { instruction: firstSentence[1]!.trim(), input: firstSentence[2]!.trim() };
  }
  return { instruction: text, input: "" };
}

const CATEGORY_RULES: Array<[TaskCategory, RegExp]> = [
  ["summarize", /\b(summari[sz]e|summary|summarization|tl;?\s?dr|sum up|main points|gist)\b/iu],
  ["translate", /\btranslat(e|ion|ing)\b|\b(in|into) (french|spanish|german|italian|portuguese|chinese|japanese|russian|dutch|korean|arabic)\b/iu],
  ["code", /\b(function|program|code|snippet|sql|regex|regular expression|algorithm|javascript|typescript|python|java|c\+\+|html|css|bash|api endpoint|unit tests?)\b/iu],
  ["closed", /\b(classify|categori[sz]e|which (one|word|of)|true or false|yes or no|is this|(determine|decide|tell( me)?|check) (if|whether)|whether .{1,60} or not|detect|identify (the|if|whether)|sentiment|antonym|synonym|extract|what is the (most|least|largest|smallest)|sort|group)\b/iu],
  ["rewrite", /^\s*(please\s+)?(rewrite|re-write|rephrase|paraphrase|reword|revise|edit|proofread|simplify|shorten|reformat|convert|change|modify|correct|fix|improve|format|transform|replace)\b|^\s*(please\s+)?(make|turn) (it|this|the (given |following )?(sentence|text|paragraph|statement|passage|message|response|email|title)) |\b(rewrite|rephrase|paraphrase|reword|revise|proofread|reformat)\b/iu],
  ["creative", /(?<!-)\b(story|stories|poem|haiku|limerick|song|lyrics|joke|dialogue|conversation|essay|letter|e-?mail|tweet|slogan|proverb|riddle|speech|introduce yourself|imagine|pretend|role-?play|hook|bio|headline|title|caption|name for)\b/iu],
  ["list", /^\s*(please\s+)?(list|enumerate)\b|\b((make|create|compile|write|give me|provide) a list|name (some|\d+|a few|three|five|ten)|give me (some|\d+)|brainstorm|ideas|tips|ways to)\b/iu],
  ["explain", /\b(explain|why|how (does|do|can|is|are|would|to)|describe|what (is|are|does)|advice|discuss|compare|analy[sz]e|tell me about|talk about)\b/iu],
];

/** A word problem: several quantities and a question about an amount (asked by the instruction, not the input). */
function isMathProblem(instruction: string, query: string): boolean {
  const quantities = query.match(/\d+(\.\d+)?/gu)?.length ?? 0;
  return (
    quantities >= 2 &&
    /\b(how (many|much|long|far|old)|what (is|was) the (total|sum|average|number|cost|price|amount)|calculate|compute|solve|what percent(age)?)\b/iu.test(instruction)
  );
}

function categorize(instruction: string, query: string): TaskCategory {
  if (isMathProblem(instruction, query)) return "math";
  // The instruction decides; a word deep in the input passage must not.
  for (const [category, pattern] of CATEGORY_RULES) {
    if (category === "code" && !/\b(write|create|design|implement|generate|modify|fix|complete|read|rewrite|refactor|debug|optimi[sz]e)\b/iu.test(instruction)) continue;
    if (pattern.test(instruction)) return category;
  }
  return "open";
}

const BREVITY =
  /\b(brief(ly)?|short(er)? (answer|response|reply|description|summary|story|paragraph|sentence|poem|essay|text|version|note|message|bio|introduction|explanation|list)|(keep it|in) short|concise(ly)?|succinct(ly)?|summari[sz]e|summary|tl;?\s?dr|headline|title|slogan|tweet|caption|one[- ]word|single word|in (one|a single|a|two|2|1) sentences?|few words|one[- ]liner|proverb|quick(ly)?|name for|a name)\b/iu;

/** Forms that are short by nature: a "short story" is still a story, a headline is a line. */
const BREVITY_LIMITS: Array<[RegExp, number]> = [
  [/\b(headline|title|slogan|tweet|caption|one[- ]word|single word|few words|one[- ]liner|proverb|name for|a name)\b/iu, 30],
  [/\b(in (one|a single|a|1) sentence|one[- ]sentence)\b/iu, 40],
  [/\b(story|poem|essay|paragraph|description|bio|biography|letter|e-?mail|article|speech|script|introduction|overview|review)\b/iu, 250],
];

const ELABORATION =
  /\b(explain|describe|discuss|elaborate|essay|in detail|detailed|advice|advise|analy[sz]e|compare|contrast|story|article|blog|report|guide|tutorial|plan|outline|letter|speech|why|how (do|does|can|to|would))\b/iu;

const COMPLETION = /\b(complete|continue|finish|fill in|fill the blank)\b/iu;

/**
 * What the classifier's task type says when the wording alone did not
 * (category "open"): creative writing is creative, analysis and documentation
 * want developed prose, a simple query wants a direct answer.
 */
function categoryFromTaskType(taskType: TaskType | undefined): { category?: TaskCategory; elaboration?: boolean; question?: boolean } {
  switch (taskType) {
    case "creative_writing":
      return { category: "creative" };
    case "documentation":
    case "analysis":
    case "research":
    case "architecture_planning":
    case "complex_reasoning":
      return { category: "explain", elaboration: true };
    case "simple_query":
      return { question: true };
    default:
      return {};
  }
}

/** Profile a query for the text criteria; `taskType` (from the classifier) refines an unclear request. */
export function profileQuery(query: string, taskType?: TaskType): QueryProfile {
  const { instruction, input } = splitQuery(query);
  const worded = categorize(instruction, query);
  const hint = worded === "open" ? categoryFromTaskType(taskType) : {};
  const category = hint.category ?? worded;
  // "with a brief example" asks for a short part, not a short answer.
  const requestPart = instruction.replace(/\b(with|including|and|plus)\s+(a|an|some)\s+(brief|short|quick)\s+\w+/giu, "");
  const brevity = BREVITY.test(requestPart);
  const brevityLimit = BREVITY_LIMITS.find(([pattern]) => pattern.test(requestPart))?.[1] ?? 80;
  const elaboration = !brevity && (hint.elaboration ?? ELABORATION.test(instruction));
  const completion = COMPLETION.test(instruction) && category !== "code";
  const question = hint.question ?? (/\?\s*$/u.test(instruction.trim()) || /^\s*(answer|what|who|whom|which|when|where|is|are|does|do|can|how (many|much|old|long|far))\b/iu.test(instruction));
  return { query, instruction, input, category, brevity, brevityLimit, completion, elaboration, question };
}
