/**
 * Which execution mode suits a query. The rule of thumb, in priority order:
 *
 * 1. Parts the caller spelled out (given subtasks, a numbered or bulleted
 *    list) run in **parallel** — unless they read as a pipeline
 *    (research → design → build → verify → ship, or "then"/"step by step"),
 *    which runs **sequential**.
 * 2. In free text, a pipeline of task clauses that starts by investigating or
 *    designing ("Design and implement…", "Research X, then write…") runs
 *    **sequential**.
 * 3. "Compare X and Y" / "X vs Y" runs **parallel** (one branch per side, then
 *    a merge); two or more independent deliverables ("Write tests for the
 *    parser and update the README", "a README, a guide and a changelog") run
 *    **parallel**.
 * 4. Otherwise the task type decides: artefacts whose quality varies between
 *    models (code, creative writing, documentation, refactorings) and simple
 *    questions run **collaborative** — every agent answers, the best is
 *    selected; work that builds on its own earlier findings (analysis,
 *    research, architecture, debugging, code review, reasoning, and
 *    system-sized builds such as "Create a REST API") runs **sequential**.
 *
 * Simple queries go to collaborative, not parallel: there is nothing to split
 * (a parallel run would have to invent subtasks and then merge them), while
 * collaborative answers in one round of concurrent calls with no planning or
 * merge call, and agreement between agents is a cheap check on a factual answer.
 */
import type { ExecutionMode, TaskType } from "../state/schemas.js";
import { words, type PreparedText } from "./text.js";

/** Stage of work a task verb belongs to: investigate → design → build → verify → conclude. */
export type Phase = 0 | 1 | 2 | 3 | 4;

const PHASE_VERBS: Record<Phase, string[]> = {
  0: [
    "research", "investigate", "explore", "study", "survey", "gather", "collect", "find", "identify",
    "reproduce", "analyze", "analyse", "assess", "evaluate", "compare", "examine", "understand", "read",
    "profile", "measure", "diagnose", "debug", "inspect", "look", "review the literature",
  ],
  1: ["design", "plan", "outline", "architect", "specify", "sketch", "propose", "model", "define", "brainstorm", "scope"],
  2: [
    "implement", "build", "write", "code", "create", "develop", "generate", "make", "add", "fix", "refactor",
    "integrate", "set up", "configure", "update", "rewrite", "draft", "compose", "translate", "convert", "port",
    "migrate", "prototype", "produce", "extend", "scaffold",
  ],
  3: [
    "test", "review", "verify", "validate", "check", "audit", "benchmark", "document", "explain", "describe",
    "proofread", "edit", "polish", "critique", "optimize", "optimise", "harden",
  ],
  4: [
    "deploy", "release", "publish", "ship", "launch", "monitor", "summarize", "summarise", "recommend", "suggest",
    "report", "present", "conclude", "finalize", "finalise", "package",
  ],
};

/** Inflected form → [base verb, phase]. */
const VERB_FORMS = new Map<string, [string, Phase]>();
for (const [phaseKey, verbs] of Object.entries(PHASE_VERBS)) {
  const phase = Number(phaseKey) as Phase;
  for (const verb of verbs) {
    const [head, ...rest] = verb.split(" ");
    const tail = rest.length ? ` ${rest.join(" ")}` : "";
    const stem = head!.endsWith("e") ? head!.slice(0, -1) : head!;
    const forms = [head!, `${head}s`, `${head}es`, `${stem}ing`, `${stem}ed`, `${head}d`];
    if (head!.endsWith("y")) forms.push(`${head!.slice(0, -1)}ies`, `${head!.slice(0, -1)}ied`);
    if (/[^aeiou][aeiou][bdgmnprt]$/.test(head!)) forms.push(`${head}${head!.slice(-1)}ing`, `${head}${head!.slice(-1)}ed`);
    for (const form of forms) if (!VERB_FORMS.has(form + tail)) VERB_FORMS.set(form + tail, [verb, phase]);
  }
}

const LEADING_FILLER =
  /^(?:\s*(?:\d+[.)]|[-*\u2022]|\([a-z\d]\)|step \d+:?|please|pls|kindly|also|then|and|but|so|finally|first(?:ly)?|second(?:ly)?|third(?:ly)?|next|lastly|after that|afterwards|now|can you|could you|would you|will you|i need you to|i want you to|i'd like you to|i would like you to|help me(?: to)?|let's|let us|we need to|we want to|i need to|i want to|you should|to)\b[\s,:]*)+/;

export interface TaskClause {
  text: string;
  verb: string;
  phase: Phase;
  /** Words after the verb (its object); empty for a bare verb ("design and implement X"). */
  object: string;
}

/** The task verb a clause starts with, after politeness and list markers. */
export function leadVerbOf(clause: string): TaskClause | undefined {
  const text = clause.toLowerCase().replace(LEADING_FILLER, "").trim();
  const tokens = text.split(/[\s,:]+/).filter(Boolean);
  for (const take of [3, 2, 1]) {
    const candidate = tokens.slice(0, take).join(" ");
    const hit = VERB_FORMS.get(candidate);
    if (hit) return { text, verb: hit[0], phase: hit[1], object: tokens.slice(take).join(" ") };
  }
  return undefined;
}

/** Sentences, then clauses joined by commas, semicolons, "and", "then". */
export function splitClauses(prose: string): string[] {
  return prose
    .split(/(?<=[.!?;:])\s+|\n+/)
    .flatMap((sentence) =>
      sentence.split(/\s*,\s*|\s+(?:and then|and also|and|then|after that|afterwards|followed by|as well as)\s+/),
    )
    .map((clause) => clause.replace(/[.!?;:]+$/, "").trim())
    .filter(Boolean);
}

/** Numbered or bulleted items written in the query (one per line, or "1) … 2) …" inline). */
export function enumeratedItems(raw: string): string[] {
  const lineItems = raw
    .split("\n")
    .map((line) => /^\s*(?:\d+[.)]|[-*\u2022]|\(?[a-z]\))\s+(.+)$/i.exec(line)?.[1]?.trim())
    .filter((item): item is string => Boolean(item));
  if (lineItems.length >= 2) return lineItems;

  // Inline "1) a 2) b" or "1. a 2. b" or "(1) a (2) b", numbered from 1 in order.
  const markers = [...raw.matchAll(/(?:^|[\s:;,])\(?([1-9])[.)]\s+/g)];
  const ordered: RegExpMatchArray[] = [];
  for (const marker of markers) if (Number(marker[1]) === ordered.length + 1) ordered.push(marker);
  if (ordered.length < 2) return [];
  return ordered.map((marker, i) => {
    const start = marker.index! + marker[0].length;
    const end = i + 1 < ordered.length ? ordered[i + 1]!.index! : raw.length;
    return raw.slice(start, end).trim().replace(/[,;.]$/, "");
  });
}

const ORDER_WORDS = new RegExp(
  [
    words("then", "after that", "afterwards", "afterward", "subsequently", "followed by", "in that order", "in this order"),
    String.raw`\bonce (?:that|this|it|they)(?:'s| is| are| has been| have been)? (?:done|finished|complete|ready|approved)\b`,
    String.raw`\bbefore (?:you |we )?(?:writing|implementing|coding|building|starting|deploying)\b`,
    String.raw`\bfirst(?:ly)?\b[\s\S]*\b(?:then|next|second(?:ly)?|finally|after)\b`,
    String.raw`\bbased on (?:the|that|those|your|its|their) (?:results?|findings|design|analysis|plan|output)\b`,
  ].join("|"),
);
const STEP_BY_STEP = /\bstep[- ]by[- ]step\b|\bstep \d\b|\bin stages\b|\bpipeline of\b/;
const BACK_REFERENCE =
  /\b(?:it|its|them|their|they|those|these results|the results?|the output|the above|the previous|that code|the code from|the findings|the design|the draft)\b/;
const COMPARISON = /\b(?:compare|compares|comparing|comparison|contrast|contrasting)\b|\b(?:vs|versus)\b/;

const DELIVERABLE = new RegExp(
  words(
    "readme", "changelog", "guide", "docs", "documentation", "tutorial", "faq", "tests?", "test suite", "report",
    "summary", "summaries", "diagram", "slides?", "presentation", "emails?", "posts?", "tweets?", "poems?",
    "stor(?:y|ies)", "outline", "plan", "functions?", "class(?:es)?", "scripts?", "dockerfile", "workflow",
    "examples?", "benchmarks?", "release notes", "license", "contributing(?: guide)?", "api reference", "spec",
    "specification", "proposal", "checklist", "cover letter", "bio", "abstract", "headlines?", "taglines?",
    "slogans?", "descriptions?", "landing page", "schema", "migration", "faq", "pages?", "sections?", "chapters?",
    "entr(?:y|ies)", "quick ?start(?: guide)?", "cheat ?sheet", "glossary", "diagrams?",
  ),
);

/**
 * Code generation that builds a system (an API, an app, a service) rather than
 * a unit (a function, a class, a script): design → implement → review suits
 * it better than several agents each writing the whole thing.
 */
const SYSTEM_BUILD = new RegExp(
  words("create", "build", "develop", "implement", "make", "write", "code", "set up", "scaffold") +
    String.raw`(?:(?!\b(?:function|method|class|script|snippet|regex|quer(?:y|ies)|tests?|component|hook|helper|endpoint|call|calls|calling|client|wrapper)\b)[^.;!?\n]){0,40}?` +
    words(
      "(?:rest(?:ful)?|graphql|grpc|web) ?apis?", "apis?", "backends?", "back-end", "web ?apps?", "web applications?",
      "applications?", "apps?", "websites?", "services?", "microservices?", "platforms?", "systems?", "servers?",
      "saas", "e-?commerce (?:site|store|platform)", "full[- ]stack \\w+", "dashboards?",
    ),
);

/** What each task type runs as when nothing in the query says otherwise. */
export const DEFAULT_MODE_BY_TASK_TYPE: Record<TaskType, ExecutionMode> = {
  code_generation: "collaborative",
  creative_writing: "collaborative",
  documentation: "collaborative",
  refactoring: "collaborative",
  simple_query: "collaborative",
  code_review: "sequential",
  debugging: "sequential",
  analysis: "sequential",
  research: "sequential",
  architecture_planning: "sequential",
  complex_reasoning: "sequential",
};

const TYPE_REASON: Record<TaskType, string> = {
  code_generation: "code generation: candidates compete, the best is selected",
  creative_writing: "creative writing: candidates compete, the best is selected",
  documentation: "one coherent document: candidates compete, the best is selected",
  refactoring: "refactoring: candidate rewrites compete, the best is selected",
  simple_query: "simple question: nothing to split, agents answer at once and agreement checks the answer",
  code_review: "review goes step by step: find issues, weigh them, recommend fixes",
  debugging: "debugging goes step by step: locate the cause, fix, verify",
  analysis: "analysis goes step by step: investigate, analyse, recommend",
  research: "research goes step by step: gather, analyse, synthesise",
  architecture_planning: "architecture goes step by step: requirements, design, review",
  complex_reasoning: "reasoning goes step by step, each step building on the last",
};

/** Non-decreasing phases with at least two distinct ones. */
function isPipeline(phases: (Phase | undefined)[], mustStartEarly: boolean): boolean {
  if (phases.length < 2 || phases.some((p) => p === undefined)) return false;
  const known = phases as Phase[];
  for (let i = 1; i < known.length; i++) if (known[i]! < known[i - 1]!) return false;
  if (known[0] === known[known.length - 1]) return false;
  return mustStartEarly ? known[0]! <= 1 : true;
}

/** Partial pipeline in free text: an investigate/design clause followed later by a build-or-later clause. */
function hasEarlyThenLater(clauses: TaskClause[]): boolean {
  const firstEarly = clauses.findIndex((c) => c.phase <= 1);
  if (firstEarly < 0) return false;
  return clauses.slice(firstEarly + 1).some((c) => c.phase > clauses[firstEarly]!.phase && c.phase >= 2);
}

export interface ModeSuggestion {
  mode: ExecutionMode;
  reason: string;
  /** Explicit independent or ordered parts found (for the complexity score). */
  parts: number;
}

export function suggestMode(
  taskType: TaskType,
  text: PreparedText,
  subtasks: readonly string[] = [],
): ModeSuggestion {
  const given = subtasks.map((s) => s.trim()).filter(Boolean);
  const orderedQuery = ORDER_WORDS.test(text.prose) || STEP_BY_STEP.test(text.prose);

  const fromParts = (items: string[], origin: string): ModeSuggestion => {
    const phases = items.map((item) => leadVerbOf(item)?.phase);
    const ordered =
      orderedQuery || items.slice(1).some((item) => /\b(?:previous|above|earlier|prior) (?:step|results?|output|design)\b|\bthe results?\b|\bthen\b/i.test(item));
    if (ordered || isPipeline(phases, false)) {
      return { mode: "sequential", reason: `${items.length} ${origin} form a pipeline (ordered steps)`, parts: items.length };
    }
    return { mode: "parallel", reason: `${items.length} ${origin} are independent parts`, parts: items.length };
  };

  if (given.length >= 2) return fromParts(given, "given subtasks");
  const listed = enumeratedItems(text.raw);
  if (listed.length >= 2) return fromParts(listed, "listed items");

  const clauses = splitClauses(text.prose)
    .map(leadVerbOf)
    .filter((c): c is TaskClause => c !== undefined);
  const withObjects = clauses.filter((c) => c.object.length > 0);

  if (STEP_BY_STEP.test(text.prose) || (orderedQuery && clauses.length >= 2)) {
    return { mode: "sequential", reason: "the query orders its steps (then / step by step)", parts: Math.max(clauses.length, 2) };
  }
  if (clauses.length >= 2 && hasEarlyThenLater(clauses)) {
    const chain = clauses.map((c) => c.verb).join(" → ");
    return { mode: "sequential", reason: `later steps build on earlier ones (${chain})`, parts: clauses.length };
  }
  if (COMPARISON.test(text.prose) && taskType !== "simple_query" && taskType !== "debugging") {
    return { mode: "parallel", reason: "a comparison: one branch per side, then merged", parts: 2 };
  }

  // Independent deliverables: two or more clauses that each produce something, none referring back.
  const producing = withObjects.filter((c) => c.phase >= 2);
  if (producing.length >= 2 && !producing.slice(1).some((c) => BACK_REFERENCE.test(c.object))) {
    return {
      mode: "parallel",
      reason: `${producing.length} independent deliverables (${producing.map((c) => c.verb).join(", ")})`,
      parts: producing.length,
    };
  }
  // "Write a README, a CONTRIBUTING guide and a changelog": one verb, three deliverables.
  const items = splitClauses(text.prose);
  const lead = items.length ? leadVerbOf(items[0]!) : undefined;
  if (lead && lead.phase >= 2) {
    const nounItems = [lead.object, ...items.slice(1).filter((item) => !leadVerbOf(item))];
    const deliverables = nounItems.filter((item) => DELIVERABLE.test(item));
    if (nounItems.length >= 3 && deliverables.length >= 3) {
      return { mode: "parallel", reason: `${deliverables.length} separate deliverables`, parts: deliverables.length };
    }
  }

  if (taskType === "code_generation" && SYSTEM_BUILD.test(text.prose)) {
    return { mode: "sequential", reason: "building a system, not a unit: design, implement, review", parts: 0 };
  }
  return { mode: DEFAULT_MODE_BY_TASK_TYPE[taskType], reason: TYPE_REASON[taskType], parts: 0 };
}

