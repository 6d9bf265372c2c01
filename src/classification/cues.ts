/**
 * The evidence table of the rule classifier: weighted, word-bounded regexes
 * per task type, run against the lower-cased prose of a query (pasted code and
 * error output removed, see text.ts). Weights: 4 = names the task outright
 * ("refactor", "haiku", "debug"), 3 = a strong verb-object combination
 * ("write … function", "find … bugs"), 2 = typical but shared vocabulary,
 * 1–1.5 = weak hints. Each cue counts once per query.
 */
import type { TaskType } from "../state/schemas.js";
import { words, within, type PreparedText } from "./text.js";

export interface Cue {
  type: TaskType;
  weight: number;
  pattern: RegExp;
  /** Only counts when this holds (structural conditions such as "has digits"). */
  when?: (text: PreparedText) => boolean;
  /** Shown in the reasoning instead of the matched words (structural cues). */
  label?: string;
}

const cue = (type: TaskType, weight: number, source: string, when?: Cue["when"]): Cue => ({
  type,
  weight,
  pattern: new RegExp(source),
  ...(when ? { when } : {}),
});

/** A cue on the shape of the query rather than its words. */
const structural = (type: TaskType, weight: number, label: string, when: NonNullable<Cue["when"]>): Cue => ({
  type,
  weight,
  pattern: /(?:)/,
  when,
  label,
});

const CREATE = words(
  "write", "writing", "create", "creating", "generate", "generating", "implement", "implementing", "build",
  "building", "make", "making", "code", "coding", "develop", "developing", "produce", "scaffold", "program",
) + String.raw`(?! (?:this|it|my|our|these|those|the existing)\b)`; // "make this code …" changes existing code

const CODE_NOUN = words(
  "functions?", "methods?", "class(?:es)?", "scripts?", "programs?", "modules?", "components?", "endpoints?",
  "apis?", "cli", "command[- ]line (?:tool|app|utility)", "library", "snippets?", "algorithms?", "regex(?:es)?",
  "regexp", "regular expressions?", "parsers?", "scrapers?", "crawlers?", "servers?", "bots?", "apps?",
  "applications?", "websites?", "web ?apps?", "hooks?", "decorators?", "middleware", "handlers?", "sql",
  "quer(?:y|ies)", "(?:unit |integration |e2e |end-to-end |snapshot )?tests?", "test suites?", "test cases?",
  "data structures?", "linked lists?", "binary (?:search )?trees?", "hash ?maps?", "dockerfile", "makefile",
  "plugins?", "extensions?", "widgets?", "dashboards?", "games?", "calculators?", "validators?", "wrappers?",
  "sdk", "backend", "frontend", "microservices?", "code", "implementation", "lambdas?", "cron ?jobs?",
  "(?:ci|ci/cd|github actions?) (?:workflow|pipeline)s?", "data pipelines?", "etl", "schemas? validation",
  "type definitions?", "type guards?", "generics?", "rest api", "graphql", "crud", "migrations?", "bicep",
);

const LANGUAGE = words(
  "python", "javascript", "typescript", "js", "ts", "node", "nodejs", "java", "kotlin", "rust", "golang",
  "ruby", "php", "swift", "scala", "haskell", "elixir", "bash", "shell", "powershell", "sql", "postgres(?:ql)?",
  "mysql", "sqlite", "html", "css", "react", "vue", "angular", "svelte", "django", "flask", "fastapi",
  "express", "spring", "rails", "pandas", "numpy", "jest", "pytest", "vitest", "go", "terraform", "ansible",
  "helm", "yaml", "dockerfile", "graphql", "regex",
);

const CODE_OBJECT = words(
  "code", "codebase", "pr", "pull request", "merge request", "diff", "commit", "implementation", "function",
  "functions", "class", "classes", "module", "modules", "changes", "patch", "snippet", "migration", "query",
  "handler", "endpoint", "script", "component", "method", "this", "my", "sql", "schema", "config", "dockerfile",
);

const hasDigits = (t: PreparedText) => /\d/.test(t.prose);

export const CUES: Cue[] = [
  // ── code_generation ────────────────────────────────────────────────────────
  cue("code_generation", 3, CREATE + within(50) + CODE_NOUN),
  cue("code_generation", 3, words("add", "write", "create", "generate") + within(20) + words("tests?", "test cases", "specs")),
  cue("code_generation", 3, CREATE + within(30) + LANGUAGE),
  cue("code_generation", 3, words("i need", "i want", "give me", "show me", "can i get", "i'd like", "looking for", "need") + within(30) + CODE_NOUN),
  cue("code_generation", 2, String.raw`\bhow (?:do|can|would|should) (?:i|we|you) (?:implement|write|code|create|build|make|generate)\b`),
  cue("code_generation", 1.5, String.raw`\b(?:in|using|with) ` + LANGUAGE + String.raw`|(?:^|[\s(])(?:c\+\+|c#)(?=$|[\s,.)?!])`),
  cue("code_generation", 1.5, String.raw`\bthat (?:takes|returns|accepts|parses|converts|validates|checks|computes|calculates|reads|fetches|sorts|matches|generates|finds|counts|reverses|merges|implements)\b`),
  cue("code_generation", 2, words("give me (?:the )?code", "code for", "code that", "code to", "boilerplate", "starter code", "one-liner")),

  // ── code_review ────────────────────────────────────────────────────────────
  cue("code_review", 3, words("review", "reviewing", "code review", "audit", "auditing", "critique", "critiquing", "look over", "go over", "sanity[- ]check")),
  cue("code_review", 2, words("review", "audit", "critique", "check", "inspect", "look over", "go over", "assess", "analy[sz]e", "examine", "scan") + within(40) + CODE_OBJECT),
  cue(
    "code_review",
    3,
    words("find", "spot", "look for", "check", "identify", "detect", "catch", "analy[sz]e", "scan", "audit", "review", "inspect", "examine") +
      within(40) +
      words("bugs?", "issues", "problems", "vulnerabilit(?:y|ies)", "flaws", "mistakes", "code smells?", "anti-?patterns", "security (?:holes|issues|problems|risks)", "edge cases", "errors"),
  ),
  cue("code_review", 3, words("look at", "check", "go through", "read") + String.raw` (?:my|this|our|the) ` + within(30) + words("code", "query", "queries", "script", "function", "class", "component", "schema", "config", "dockerfile", "migration", "handler", "implementation", "regex", "pr") + within(30) + String.raw`\b(?:and )?(?:tell me|let me know|say)\b`),
  cue("code_review", 2, String.raw`\b(?:will|would|does|is) (?:it|this|that) (?:use the index|scale|be (?:fast|safe|secure|correct|efficient)|leak|race|work correctly)\b|\bany obvious\b`, (t) => t.isTechnical),
  cue("code_review", 3, String.raw`\b(?:does|will|would|can) (?:this|my|the) ` + words("regex", "query", "function", "code", "script", "component", "config", "test", "tests", "schema", "handler", "migration", "implementation", "loop") + String.raw` (?:\w+ )?(?:catch|handle|cover|work|match|support|scale|leak|break|fail|miss)\b`),
  cue("code_review", 2, words("pull request", "pr", "merge request", "diff", "code quality", "maintainability", "idiomatic")),
  cue("code_review", 3, String.raw`\bis (?:this|my|the|our) (?:\w+ ){0,3}(?:code|function|implementation|query|approach|class|method|script|regex|schema|design)(?: \w+){0,2} (?:correct|good|ok|okay|safe|secure|thread-safe|efficient|idiomatic|right|fine|buggy|sound)\b`),
  cue("code_review", 3, String.raw`\bfeedback on (?:my|this|the|our)\b`),
  cue("code_review", 3, String.raw`\b(?:are there|is there|do you see|any) (?:any )?` + words("bugs?", "issues", "problems", "vulnerabilit(?:y|ies)", "flaws", "mistakes", "security (?:holes|issues|problems|risks)", "edge cases")),
  cue("code_review", 1, words("readability", "best practices")),
  structural("code_review", 1.5, "pasted code", (t) => t.hasCode),

  // ── debugging ──────────────────────────────────────────────────────────────
  cue("debugging", 4, words("debug", "debugging", "debugger", "troubleshoot", "troubleshooting", "diagnose", "diagnosing") + String.raw`(?! (?:section|guide|page|docs|steps|chapter|tips|faq)\b)`),
  // symptoms: something technical behaves wrongly (a statement, not a request to build)
  cue(
    "debugging",
    3,
    words("returns?", "returning", "gives?", "shows?", "produces?", "prints?", "outputs?", "logs?", "sends?", "takes?", "gets?", "is", "are", "keeps?") +
      within(20) +
      words("more (?:rows|results|items|records) than", "fewer (?:rows|results|items|records) than", "(?:an? )?empty (?:result|response|array|list|page|string)", "nothing", "null", "undefined", "nan", "forever", "stuck", "wrong", "garbage", "duplicates?", "twice", "the old", "stale", "blank", "zero (?:rows|results)"),
    (t) => t.isTechnical,
  ),
  cue("debugging", 3, words("time out", "times out", "timing out", "timed out", "only (?:on|in|when|under|after|with)", "even though", "instead of", "intermittent(?:ly)?", "randomly", "sometimes", "under load", "in production but", "locally but", "works (?:locally|on my machine|in dev)"), (t) => t.isTechnical && !/^(?:write|create|generate|implement|build|make)\b/.test(t.prose)),
  cue("debugging", 2, String.raw`\b(?:a |an |the )?(?:4\d\d|5\d\d)(?: error| status| response)?\b|\bhttp (?:4|5)\d\d\b`, (t) => t.isTechnical),
  cue("debugging", 3, String.raw`\b(?:errors?|exceptions?)\b(?!\s+(?:handling|handler|handlers|messages?|codes?|boundar(?:y|ies)|types?|classes|pages?|reporting|logging|responses?))`),
  cue("debugging", 3, words("crash(?:es|ed|ing)?", "segfaults?", "segmentation fault", "stack ?traces?", "tracebacks?", "core dump", "panic(?:s|ked)?", "memory leaks?", "leaking memory", "deadlocks?", "race conditions?", "infinite loop", "hangs", "hanging", "freez(?:es|ing)", "out of memory", "oom\\w*", "keeps? (?:crashing|restarting|failing|timing out|hanging|dying)", "restarting", "flaky", "regression")),
  cue("debugging", 3, words("fail", "fails", "failed", "failing", "failure", "broken", "not working", "stopped working", "used to work", "(?:doesn't|does not|isn't|is not|won't|will not|can't|cannot|didn't|don't) (?:work|start|compile|run|load|build|connect|render|return|save|find|import|resolve|respond|pass|show|update|trigger)")),
  cue("debugging", 2, words("returns? (?:the )?wrong", "wrong (?:output|result|answer|value)s?", "unexpected(?:ly)? (?:output|result|behaviou?r|value|token|error)", "incorrect (?:output|results?|values?)", "off-by-one", "null pointer", "undefined is not", "is undefined", "is null", "nan", "permission denied", "throws?", "throwing", "raises?", "timed out", "times out", "timeouts?")),
  cue("debugging", 3, words("fix(?:es|ed|ing)?") + within(30) + words("bugs?", "errors?", "issues?", "crash(?:es)?", "problems?", "this", "it", "the (?:tests?|build|pipeline|ci)", "failing", "broken", "leaks?")),
  cue("debugging", 2, words("fix(?:es|ed|ing)?", "bugs?", "buggy")),
  cue("debugging", 3, String.raw`\bwhy (?:does|is|do|are|did|won't|doesn't|isn't|am i getting|do i get|would|can't|cannot|does not|is not)\b` + within(60) + words("my", "this", "our") + within(30) + words("code", "function", "tests?", "build", "app", "application", "query", "script", "program", "server", "page", "component", "loop", "containers?", "pods?", "docker", "deploy(?:ment)?", "endpoint", "api", "service", "requests?", "import", "css", "layout", "process", "job", "site", "website", "database", "cluster")),
  cue("debugging", 2, words("performance (?:issues?|problems?|regressions?|bottlenecks?|degradation)", "bottlenecks?", "slow(?:er|ly|ness|down)?", "laggy", "latency (?:spikes?|issues?)", "high cpu", "cpu spikes?", "memory usage")),
  cue("debugging", 3, words("breaks", "broke", "breaking", "messed up", "glitch(?:es|y)?", "logged out", "logs (?:me|users|people) out", "disconnects?", "connection refused", "refused", "corrupt(?:ed)?", "misaligned", "overlapping", "flicker(?:s|ing)?", "works (?:in|on|with|for) [\\w.]+ but", "users report", "customers report")),
  cue("debugging", 3, words("does nothing", "nothing happens", "doesn't do anything", "does not do anything", "no longer works?", "not (?:responding|loading|rendering|showing|updating|firing|triggering)", "blank (?:page|screen)", "white screen", "track down", "(?:find|identify|figure out|pin ?point) (?:the )?(?:cause|culprit|source of)", "what causes", "what is causing", "cors", "(?:i'm|i am|we're|we are|i keep|we keep|keeps?) getting")),
  cue("debugging", 2, words("root cause", "figure out why", "what's (?:going on|wrong|causing)", "what is (?:going on|wrong|causing)", "help me (?:fix|find out why)")),
  structural("debugging", 4, "error output / stack trace", (t) => t.hasErrorOutput),

  // ── refactoring ────────────────────────────────────────────────────────────
  cue("refactoring", 4, words("refactor(?:s|ed|ing)?", "refactorings?")),
  cue(
    "refactoring",
    3,
    words("clean(?:ing)? up", "cleanup", "tidy(?: up)?", "restructure", "reorgani[sz]e", "moderni[sz]e", "simplify", "simplifying", "decouple", "deduplicate", "rewrite", "rework", "split up", "break up", "untangle") +
      within(30) +
      words("code", "functions?", "class(?:es)?", "modules?", "components?", "codebase", "methods?", "logic", "scripts?", "files?", "legacy", "implementation", "service", "handlers?", "controllers?", "tests", "test suite", "callbacks?", "nested", "spaghetti", "mess", "it"),
  ),
  cue("refactoring", 3, words("extract(?:ing)? (?:a |the |this |that |into |\\w+ )?(?:method|function|class|interface|component|module|helper|hook|logic)", "rename (?:the )?(?:\\w+ )?(?:variables?|functions?|methods?|classes?|fields?|files?|parameters?)", "(?:reduce|remove|eliminate) (?:code |the )?duplicat\\w*", "duplicated (?:code|logic|state)", "code smells?", "technical debt", "tech debt", "dry (?:up|principle)", "dependency injection", "more (?:readable|maintainable|idiomatic|pythonic|modular|testable)", "improve (?:the )?(?:readability|structure|naming|maintainability|code quality|modularity)", "too many nested", "nested ifs", "god (?:class|object)", "spaghetti")),
  cue("refactoring", 3, words("convert(?:ing)?", "migrat(?:e|ing)", "port(?:ing)?", "translat(?:e|ing)", "rewrit(?:e|ing)", "switch(?:ing)?", "mov(?:e|ing)") + within(40) + words("to", "into", "from") + String.raw` (?:async ?/ ?await|async|promises|typescript|es ?modules|esm|commonjs|hooks|functional components?|class components?|dataclasses|generics|kotlin|rust|python 3|modern \w+|composition api|fetch|pathlib|f-strings)\b`),
  cue("refactoring", 3, words("replac(?:e|ing)") + within(40) + String.raw`\bwith (?:async ?/ ?await|async|promises|hooks|a (?:map|dict|lookup table|loop|class|function)|generics|dataclasses|f-strings|pathlib|fetch|composition)\b`),
  cue("refactoring", 3, words("split(?:ting)?", "break(?:ing)?") + within(40) + words("functions?", "class(?:es)?", "files?", "modules?", "components?", "methods?") + within(10) + String.raw`\binto (?:smaller|separate|multiple|several|two|three|\w+ (?:smaller|separate))\b`),
  cue(
    "refactoring",
    3,
    words("turn", "transform", "change", "switch", "move", "get rid of", "remove", "eliminate", "replace", "reorgani[sz]e", "restructure", "consolidate", "inline", "merge", "convert", "make") +
      String.raw` (?:all )?(?:this|these|the|our|my|that|those)\b` +
      within(40) +
      words("class-based", "class components?", "components?", "class(?:es)?", "scripts?", "modules?", "functions?", "folders?", "files?", "helpers", "utils", "code", "global variables?", "globals", "state", "callbacks?", "imports?", "loops?", "conditionals?", "switch statement", "if-else chain", "magic numbers", "hard-?coded \\w+", "config"),
    (t) => t.isTechnical,
  ),
  cue("refactoring", 2, words("get rid of", "pass (?:\\w+ )?explicitly", "into a function component", "live together", "related helpers", "without changing (?:the )?behaviou?r", "same behaviou?r", "keep (?:the )?behaviou?r")),
  cue("refactoring", 2, words("nested callbacks", "callback hell", "smaller functions", "pyramid of doom")),
  cue("refactoring", 2, words("optimi[sz]e") + String.raw` (?:this|the|my|our) ` + words("code", "function", "query", "loop", "algorithm", "implementation", "method", "sql", "component")),
  structural("refactoring", 0.5, "pasted code", (t) => t.hasCode),

  // ── documentation ──────────────────────────────────────────────────────────
  cue("documentation", 4, words("documentation", "docs", "readme", "docstrings?", "jsdoc", "javadoc", "tsdoc", "typedoc", "api (?:reference|docs?|documentation)", "changelog", "release notes", "user (?:guide|manual)", "manual", "wiki(?: page)?", "man page", "code comments", "inline comments", "getting[- ]started (?:guide|tutorial)", "tutorial", "how-to guide", "contributing(?: guide| md)?", "runbook", "reference (?:docs|guide)", "(?:migration|upgrade|style|setup|installation|deployment|developer|contributor|admin|quick ?start|integration|onboarding) guides?", "faq", "onboarding (?:guide|docs)")),
  cue("documentation", 3, words("document(?:s|ed|ing)?") + " " + words("the", "this", "my", "our", "how", "all", "each", "every", "its", "these", "what", "public")),
  cue("documentation", 2, words("write", "create", "generate", "update", "improve", "draft", "produce") + within(30) + words("docs", "documentation", "readme", "guide", "tutorial", "changelog", "comments", "docstrings", "manual", "api reference", "faq")),
  cue("documentation", 3, String.raw`\bexplain (?:what|how) (?:this|the|my|our) ` + words("code", "function", "class", "module", "script", "regex", "query", "snippet", "method", "component", "program", "file", "library", "api")),
  cue("documentation", 3, words("section", "page", "entry", "chapter") + within(20) + words("docs", "documentation", "readme", "guide", "manual", "wiki", "changelog") + "|" + words("troubleshooting (?:section|guide|page)", "changelog entry", "release note")),
  cue("documentation", 3, String.raw`\badd (?:\w+ ){0,2}comments\b|\bcomments? (?:to|for|in) (?:every|each|all|the|this|my)\b`),
  cue("documentation", 1, words("describe", "explain") + within(40) + words("api", "module", "codebase", "library", "sdk", "endpoints?", "function", "class", "project", "architecture")),

  // ── architecture_planning ──────────────────────────────────────────────────
  cue("architecture_planning", 4, words("architecture", "architectures", "architect(?:ing)?", "architectural", "system design", "high-level design", "software design", "microservices?", "service mesh", "event[- ]driven", "event sourcing", "cqrs", "monolith(?:s|ic)?", "distributed systems?", "infrastructure", "tech(?:nology)? stack", "data model(?:ing|s)?", "database schema", "schema design", "entity[- ]relationship", "erd", "domain model", "bounded contexts?", "api design", "scalab(?:le|ility)", "high availability", "load balanc(?:er|ers|ing)", "sharding", "message (?:queue|broker|bus)", "pub ?/ ?sub", "multi-tenan(?:t|cy)", "offline-first", "design patterns?", "(?:caching|storage|deployment|scaling|partitioning|replication) strateg(?:y|ies)")),
  cue("architecture_planning", 3, words("design(?:s|ed|ing)?") + within(30) + words("system", "services?", "api", "backend", "database", "schema", "platform", "pipeline", "architecture", "infrastructure", "data model", "app", "application", "solution", "structure", "layer", "cache", "caching", "queue", "storage", "network", "cluster", "protocol", "workflow", "interface", "module", "sdk", "library", "rate limiter", "url shortener", "auth(?:entication)?", "payments?")),
  cue("architecture_planning", 2, words("design(?:s|ed|ing)?") + String.raw`(?! (?:patterns?|docs?|documents?)\b)`),
  cue("architecture_planning", 3, words("partition(?:ing)? (?:the |our )?data", "shard(?:ing)? (?:the |our )?data", "data partitioning", "replication", "consistent hashing", "eventual consistency", "multi-region", "(?:global|geo)[- ]distributed")),
  cue("architecture_planning", 3, String.raw`\bhow (?:should|would|do|can) (?:i|we|you) (?:structure|organi[sz]e|architect|design|scale|split|lay out|partition|shard|model|store|host|deploy)\b`),
  cue("architecture_planning", 3, words("plan(?:ning)?") + String.raw` (?:the |a |an |our )?` + within(20) + words("migration", "rollout", "architecture", "infrastructure", "system", "project structure", "deployment", "scaling", "capacity")),
  cue("architecture_planning", 2, words("scale to (?:millions|\\d+)", "millions of (?:users|requests)", "(?:folder|project|directory|repo|module) structure", "monorepo", "components? diagram", "sequence diagram", "terraform", "cloud provider")),
  cue("architecture_planning", 2, words("migrat(?:e|ion|ing)") + String.raw` (?:of )?(?:our|the|a) ` + within(20) + words("monolith", "database", "infrastructure", "system", "platform", "architecture", "services", "stack")),
  cue("architecture_planning", 1.5, words("trade-?offs?")),
  cue("architecture_planning", 3, words("disaster recovery", "failover", "redundancy", "backup strategy", "recovery strategy", "(?:scaling|caching|sharding|deployment|migration|rollout|versioning|branching|retention|backup) (?:strategy|plan|approach)", "topic layout", "event schema", "service boundaries", "capacity planning", "(?:best|right|cleanest|recommended) way to (?:structure|organi[sz]e|architect|design|set up|split|model|lay out|handle auth)", "between (?:our|the) (?:services|apps|systems|microservices)")),
  cue("architecture_planning", 3, words("lay out", "map out", "identify", "list", "what") + within(20) + words("components", "services", "building blocks", "moving parts") + within(20) + words("needed", "required", "for", "of")),
  cue("architecture_planning", 1.5, words("outline", "propose", "sketch") + within(40) + words("strategy", "plan", "approach", "design", "layout", "topology"), (t) => t.isTechnical),
  cue("architecture_planning", 1, words("kubernetes", "k8s")),

  // ── complex_reasoning ──────────────────────────────────────────────────────
  cue("complex_reasoning", 4, words("prove", "proof", "proofs", "theorem", "lemma", "derive", "derivation", "puzzle", "riddle", "paradox", "brain ?teaser", "logic (?:problem|puzzle|question)", "syllogism", "dilemma", "thought experiment", "irrational", "induction")),
  cue("complex_reasoning", 4, words("probability", "probabilities", "expected value", "odds of", "combinatorics", "permutations", "combinations", "game theory", "optimal strategy", "fermi (?:estimate|problem)", "bayes\\w*")),
  cue("complex_reasoning", 2, words("dice", "die roll", "coin (?:flips?|tosses?)", "deck of cards", "urn", "marbles")),
  cue("complex_reasoning", 3, words("(?:what|how) would happen if", "hypothetical(?:ly)?", "counterfactual", "reason (?:it )?(?:through|about|out)", "think (?:it )?(?:through|step by step)", "deduce", "infer", "logical(?:ly)?", "work out", "figure out (?:how many|whether|if)")),
  cue("complex_reasoning", 3, String.raw`\bif\b[\s\S]{5,200}?\b(?:how (?:long|many|much|far|fast)|when (?:does|will|do|would)|what (?:is|are|was|will) the|which|who)\b`, hasDigits),
  cue("complex_reasoning", 3, words("calculate", "compute", "estimate", "solve", "determine", "find") + within(30) + words("probability", "expected", "number of ways", "minimum", "maximum", "optimal", "integral", "derivative", "limit", "equation", "sum of", "area", "volume")),
  cue("complex_reasoning", 3, words("solve (?:this|the|for)", "equations?", "integral", "derivative", "geometric series", "arithmetic series", "recurrence")),
  cue("complex_reasoning", 3, words("how many ways", "in how many", "so (?:that )?no two", "such that", "no two", "at most once", "only once", "you may (?:only )?(?:enter|open|ask|use|cross|take)", "you can only", "minimum number of", "maximum number of", "which (?:switch|door|box|coin|ball|one) is", "how do you (?:tell|know|determine|find out) which")),
  cue("complex_reasoning", 3, words("counterfeit", "weighings?", "balance scale", "lighter or heavier", "definitely", "necessarily", "must (?:be|it be) true", "logically follows?") + "|" + String.raw`\ball \w+ are \w+[\s\S]*\ball \w+ are\b`),
  cue("complex_reasoning", 3, words("argue", "arguing", "rigorous(?:ly)?", "both sides", "formally", "prove or disprove", "counterexample", "is it true that", "p (?:=|equal to|equals|vs) np", "halting problem")),
  cue("complex_reasoning", 2, words("ethic(?:s|al) (?:dilemma|question|implications)", "weigh(?:ing)? (?:the )?(?:pros|options|evidence)", "under what conditions", "is it (?:possible|true) that", "explain why", "justify")),

  // ── analysis ───────────────────────────────────────────────────────────────
  cue("analysis", 3, words("analy[sz]e[sd]?", "analy[sz]ing", "analysis", "analyses", "analytics")),
  cue("analysis", 3, words("compare", "comparing", "comparison", "contrast", "pros and cons", "advantages and disadvantages", "strengths and weaknesses", "swot", "vs", "versus")),
  cue("analysis", 2, words("evaluate", "evaluating", "evaluation", "assess", "assessing", "assessment", "interpret(?:ing|ation)?", "breakdown", "break down", "insights?", "highlight")),
  cue("analysis", 1, words("trends?", "correlat\\w+", "statistic(?:s|al|ally)", "dataset", "data set", "data", "metrics", "kpis?", "survey (?:results|responses|data)", "sentiment", "churn", "cohorts?", "a ?/ ?b tests?", "benchmark results", "results", "drivers", "anomal(?:y|ies)", "patterns", "quarterly", "revenue", "sales", "spend(?:ing)?", "forecast", "report", "findings", "logs")),
  cue("analysis", 3, words("what's the trend", "what is the trend", "what might explain", "what explains", "explain the (?:dip|drop|spike|increase|decrease|decline|jump)", "(?:dip|drop|spike|decline|jump) in", "month[- ]over[- ]month", "year[- ]over[- ]year")),
  cue("analysis", 3, words("most common", "most frequent", "top \\d+", "frequency of", "recurring (?:themes|issues|complaints)", "common (?:themes|complaints|issues|patterns)", "patterns in", "themes in", "executive summary", "key metrics")),
  cue("analysis", 2, words("look at", "go through", "read through") + String.raw` (?:last \w+'s |this |these |our |the )` + within(30) + words("tickets", "data", "numbers", "results", "logs", "feedback", "responses", "survey", "reviews", "sales", "metrics", "report", "transcripts?", "spreadsheet")),
  cue("analysis", 2, words("complaints", "support tickets", "customer feedback", "user feedback", "reviews", "load tests?", "latency numbers", "numbers")),
  cue("analysis", 2, words("summari[sz]e", "summari[sz]ing", "summary of", "sum up", "tl;?dr", "key (?:findings|takeaways|points)", "main (?:points|drivers|factors|causes|reasons)")),
  cue("analysis", 2, String.raw`\bwhat (?:are|were) the (?:main|key|biggest|primary) (?:factors|drivers|causes|reasons|risks|themes)\b|\bwhy did (?:sales|revenue|traffic|usage|signups|conversions?|users|churn|engagement|costs?)\b`),

  // ── research ───────────────────────────────────────────────────────────────
  cue("research", 4, words("research", "researching", "literature(?: review)?", "state[- ]of[- ]the[- ]art", "sota", "academic", "peer[- ]reviewed", "scholarly", "bibliography", "citations?", "papers? (?:on|about)", "(?:recent|latest|new|academic) (?:papers|studies|publications|work|research|developments|advances|advancements)", "studies (?:on|about|that|show)")),
  cue("research", 3, words("find (?:me )?(?:sources|papers|studies|articles|references|evidence|data on|information (?:on|about))", "gather (?:information|data|sources)", "look into", "find out", "dig into", "market research", "competitive landscape", "competitors?", "landscape of", "existing (?:solutions|approaches|tools|libraries|frameworks|work|products)", "alternatives to", "history of", "origins? of", "overview of (?:the )?(?:current|existing|recent|available|main)")),
  cue("research", 5, String.raw`\b(?:what|which) (?:are|is) (?:the )?(?:best|most popular|leading|recommended|top|main|available|current)\b` + within(30) + words("tools?", "librar(?:y|ies)", "frameworks?", "options", "solutions", "packages", "services", "databases", "vendors", "approaches", "methods", "techniques", "models", "platforms")),
  cue("research", 3, words("what's known", "what is known", "(?:long-term|health|side) effects of", "impact of \\w+ on", "compile (?:a list|an overview)", "open-source alternatives")),
  cue("research", 3, words("collect (?:evidence|data|information|sources)", "what do (?:recent |the )?(?:studies|experts|researchers|papers|scientists) say", "(?:which|what) countries", "evidence on", "adopted", "who uses")),
  cue("research", 2, words("investigat(?:e|ing|ion)", "survey (?:of|the)", "explore (?:the|how|whether|what|options)", "best practices (?:for|in|around|when)", "what is known about", "evidence (?:for|on|that)")),

  // ── creative_writing ───────────────────────────────────────────────────────
  cue("creative_writing", 4, words("poems?", "poetry", "haikus?", "limericks?", "sonnets?", "lyrics", "songs?", "rap", "verses?", "short stor(?:y|ies)", "stor(?:y|ies) (?:about|where|in which|for|of)", "(?:a|the) story", "fairy ?tales?", "fables?", "novels?", "novellas?", "fiction", "fictional", "screenplays?", "(?:movie|film|play|tv|video|commercial|podcast|youtube) scripts?", "scripts? for (?:a|an|the) (?:movie|film|play|video|commercial|podcast|youtube|skit)", "monologues?", "dialogue between", "blog posts?", "blog articles?", "essays?", "op-?eds?", "speech(?:es)?", "toasts?", "eulog(?:y|ies)", "slogans?", "taglines?", "jingles?", "ad copy", "marketing (?:copy|email|emails)", "copywriting", "product descriptions?", "newsletters?", "tweets?", "social media posts?", "linkedin posts?", "captions?", "bedtime stor(?:y|ies)", "villanelles?", "odes?", "ballads?", "free verse", "prose poem", "flash fiction", "micro-?fiction", "vignettes?", "opening (?:paragraph|line|lines|chapter|scene)", "chapters?", "prologue", "epilogue", "scenes?", "sci-?fi", "fantasy", "mystery", "romance", "thriller", "horror", "jokes?", "puns?", "wedding (?:vows|toast|speech)", "cover letters?", "greeting cards?", "birthday (?:message|card|poem|wish(?:es)?)", "love letters?", "letter to", "headlines?", "plot twists?", "short film")),
  cue("creative_writing", 3, words("creative", "compelling", "catchy", "heartfelt", "whimsical", "imaginative", "funny", "humorous", "witty", "poetic", "rhym(?:e|es|ing)", "in the style of", "narrative", "storytelling", "persuasive", "inspiring", "engaging", "evocative", "vivid", "instagram", "tiktok")),
  cue("creative_writing", 3, words("come up with", "brainstorm", "suggest", "invent", "think of", "pitch") + within(30) + words("names?", "titles?", "ideas", "slogans?", "taglines?", "puns", "jokes", "metaphors?", "themes?")),
  cue("creative_writing", 2, words("write", "compose", "draft", "pen", "craft", "create", "tell") + String.raw` (?:me )?(?:a |an |the |some |\d+ |three |two )?(?:[\w'-]+ ){0,3}` + words("poems?", "verses?", "stor(?:y|ies)", "songs?", "lyrics", "haikus?", "limericks?", "sonnets?", "screenplays?", "scenes?", "essays?", "speech(?:es)?", "toasts?", "eulog(?:y|ies)", "jokes?", "fables?", "raps?", "novels?", "blog posts?", "captions?", "slogans?", "taglines?")),
  cue("creative_writing", 2, words("write", "compose", "draft", "pen", "craft", "create") + within(30) + words("article", "letter", "email", "message", "announcement", "post", "bio", "description", "ad", "pitch", "story")),

  // ── simple_query ───────────────────────────────────────────────────────────
  cue("simple_query", 1.5, words("what is", "what are", "what's", "what was", "what were", "who is", "who was", "who were", "who wrote", "who invented", "who discovered", "who founded", "when (?:is|was|did|does|were)", "where (?:is|are|was|do|does|can)", "how (?:much|many|old|long|far|tall|big|fast|often)(?! would)", "which (?:country|city|year|planet|language|company)")),
  cue("simple_query", 2, words("define", "definition(?: of)?", "meaning of", "stands? for", "difference between", "tell me (?:about|the|what|who|when|where|how)", "how do you (?:say|spell|pronounce)", "convert \\d", "capital of", "boiling point", "population of", "synonyms?", "antonyms?", "abbreviation", "acronym", "(?:in|to|into) (?:celsius|fahrenheit|miles|kilometers|km|pounds|kg|dollars|euros)", "explain (?:briefly|simply|in simple terms|like i'?m (?:five|5))", "eli5", "quick question", "in one sentence", "short answer")),
  cue("simple_query", 2, String.raw`\bwhat does\b` + within(30) + words("stand for", "mean")),
  cue("simple_query", 2, words("translate") + within(40) + words("to", "into") + " " + words("english", "french", "spanish", "german", "italian", "japanese", "chinese", "mandarin", "korean", "russian", "portuguese", "arabic", "hindi", "dutch", "\\w+ish")),
  cue("simple_query", 1, words("explain(?:s|ing)?", "how does" + within(30) + "work", "how do" + within(20) + "work")),
  structural("simple_query", 1.5, "short question", (t) => !t.hasCode && /\?\s*$/.test(t.prose) && t.wordCount <= 12),
  cue("simple_query", 2.5, String.raw`^(?:what|who)(?: is|'s| are| was| were) [^?\n]{1,30}\??$|^define \S+(?: \S+){0,3}$`),
];

/**
 * The first task verb of the query, after politeness ("please", "can you"),
 * when it names the task on its own. Ambiguous verbs (write, create, make)
 * are absent: their object decides.
 */
export const LEAD_VERBS: { type: TaskType; weight: number; pattern: RegExp }[] = [
  { type: "code_generation", weight: 1.5, pattern: /^(?:implement|code|program)\b/ },
  { type: "code_review", weight: 1.5, pattern: /^(?:review|audit|critique)\b/ },
  { type: "debugging", weight: 1.5, pattern: /^(?:debug|troubleshoot|diagnose|fix)\b/ },
  { type: "architecture_planning", weight: 1.5, pattern: /^(?:design|architect|plan)\b/ },
  { type: "complex_reasoning", weight: 1.5, pattern: /^(?:prove|derive|solve|deduce|calculate|estimate|reason)\b/ },
  { type: "refactoring", weight: 1.5, pattern: /^(?:refactor|restructure|simplify|clean|tidy|moderni[sz]e|rename|extract|rewrite)\b/ },
  { type: "documentation", weight: 1.5, pattern: /^document\b/ },
  { type: "documentation", weight: 1, pattern: /^describe\b/ },
  { type: "analysis", weight: 1.5, pattern: /^(?:analy[sz]e|evaluate|assess|compare|summari[sz]e|interpret|break down)\b/ },
  { type: "research", weight: 1.5, pattern: /^(?:research|investigate|survey|explore)\b/ },
  { type: "creative_writing", weight: 1.5, pattern: /^(?:compose|pen)\b/ },
  { type: "simple_query", weight: 1.5, pattern: /^(?:define|tell|translate|name)\b/ },
];

export const LEAD_PREAMBLE =
  /^(?:(?:please|pls|kindly|hey|hi|hello|ok|okay|so|quick question|can you|could you|would you|will you|i need you to|i want you to|i'd like you to|i would like you to|help me(?: to)?|i need to|i want to|we need to|let's|let us)\b[\s,:!]*)+/;
