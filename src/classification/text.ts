/**
 * Text preparation shared by the rule classifier: separate pasted code and
 * error output from the prose, so identifiers inside code (`class Foo`,
 * `handleError`) never count as task words, and normalise the prose so that
 * word-boundary regexes see plain lower-case words.
 */

/** A line that looks like source code rather than prose. */
const CODE_LINE =
  /^\s*(?:def \w+\s*\(|class \w+\s*[:({<]|(?:async\s+)?function\b\s*\w*\s*\(|(?:export\s+)?(?:const|let|var)\s+\w+\s*[:=]|import\s+[\w{*]|from\s+[\w.]+\s+import\b|#include\b|package\s+\w+;|(?:public|private|protected|static)\s+\w+|return\b[^.]*;?\s*$|(?:if|for|while|switch)\s*\(.*\)\s*\{?\s*$|[{}\])]+;?\s*$|<\/?[a-z][\w-]*(?:\s[^>]*)?>\s*$|\w+\s*=\s*[^=].*;\s*$|@\w+(?:\(.*\))?\s*$|SELECT\b.+\bFROM\b|\$ \w+)/;

/** A line that looks like a stack trace or error output. */
const TRACE_LINE =
  /^\s*(?:Traceback \(most recent call last\)|File ".+", line \d+|at \S.*:\d+(?::\d+)?\)?\s*$|(?:[A-Z]\w*)?(?:Error|Exception)\b.*|panic:|Segmentation fault|Caused by:|npm ERR!|error(?:\[E\d+\])?:\s)/;

export interface PreparedText {
  /** The original query, trimmed. */
  raw: string;
  /** Lower-cased prose with code blocks and code/trace lines removed. */
  prose: string;
  /** Fenced code, or code-looking lines in a multi-line query. */
  hasCode: boolean;
  /** A stack trace, a named exception (`KeyError`, `NullPointerException`) or compiler/npm error output. */
  hasErrorOutput: boolean;
  /** The prose talks about software or infrastructure (languages, tools, code and ops nouns). */
  isTechnical: boolean;
  /** Number of prose words (code excluded). */
  wordCount: number;
  /** Number of pasted code lines. */
  codeLines: number;
}

export function prepare(query: string): PreparedText {
  const raw = query.trim();
  let codeLines = 0;
  let hasCode = false;

  // Fenced blocks (an unclosed fence runs to the end).
  let text = raw.replace(/```[\s\S]*?(?:```|$)/g, (block) => {
    hasCode = true;
    codeLines += Math.max(1, block.split("\n").length - 2);
    return "\n";
  });

  const hasErrorOutput =
    /Traceback \(most recent call last\)|^\s*at \S.*:\d+(?::\d+)?\)?\s*$|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|Segmentation fault|\bpanic:|npm ERR!|\bE[A-Z]{4,}\b/m.test(
      raw,
    );

  const lines = text.split("\n");
  if (lines.length > 1) {
    text = lines
      .filter((line) => {
        if (TRACE_LINE.test(line)) return false;
        if (CODE_LINE.test(line)) {
          hasCode = true;
          codeLines += 1;
          return false;
        }
        return true;
      })
      .join("\n");
  }

  const prose = text
    .replace(/`[^`\n]*`/g, " code ") // inline code: keep that code was referenced, not its words
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, " - ")
    .toLowerCase()
    .replace(/(\w)\.(?=\w)/g, "$1 ") // node.js → node js, readme.md → readme md, e.g. → e g
    .replace(/[ \t]+/g, " ")
    .trim();

  const wordCount = (prose.match(/[a-z0-9][a-z0-9'+#-]*/g) ?? []).length;
  const isTechnical = hasCode || hasErrorOutput || TECH.test(prose);
  return { raw, prose, hasCode, hasErrorOutput, isTechnical, wordCount, codeLines };
}

/** Vocabulary that marks a query as being about software or infrastructure. */
const TECH = new RegExp(
  "\\b(?:" +
    [
      "code", "codebase", "api", "apis", "endpoints?", "quer(?:y|ies)", "database", "db", "schema", "tables?", "rows?",
      "columns?", "index(?:es)?", "servers?", "backend", "frontend", "ci", "cd", "pipeline", "builds?", "deploy(?:s|ed|ment)?",
      "docker", "dockerfile", "containers?", "kubernetes", "k8s", "pods?", "clusters?", "aws", "s3", "ec2", "lambda",
      "gcp", "azure", "github", "gitlab", "git", "npm", "pip", "yarn", "jest", "pytest", "tests?", "components?",
      "functions?", "methods?", "class(?:es)?", "scripts?", "modules?", "packages?", "librar(?:y|ies)", "repo",
      "repository", "folder", "files?", "utils", "helpers?", "variables?", "state", "props", "hooks?", "requests?",
      "responses?", "http", "https", "urls?", "browser", "safari", "chrome", "firefox", "ssh", "tokens?", "auth",
      "login", "oauth", "cache", "redis", "kafka", "queues?", "postgres(?:ql)?", "mysql", "mongo(?:db)?", "sqlite",
      "sql", "json", "yaml", "csv", "regex", "cli", "terminal", "shell", "bash", "env", "compiler", "runtime",
      "python", "javascript", "typescript", "node", "java", "rust", "golang", "go", "ruby", "php", "kotlin", "swift",
      "react", "vue", "angular", "django", "flask", "rails", "spring", "pandas", "numpy", "dataframe", "app",
      "webpage", "website", "service", "microservices?", "runner", "workflow", "cron", "logs?", "stack",
    ].join("|") +
    ")\\b",
);

/** Build a word-bounded alternation: `words("fix", "fixes")` → `\b(?:fix|fixes)\b`. */
export const words = (...alternatives: string[]): string => `\\b(?:${alternatives.join("|")})\\b`;

/** Words of one clause, allowing up to `n` characters without crossing a sentence end. */
export const within = (n: number): string => `[^.;!?\\n]{0,${n}}?`;
