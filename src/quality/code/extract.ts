/**
 * Getting the code out of an answer: fenced blocks (``` … ```, also an
 * unclosed last fence, which is itself a sign of truncation), else the whole
 * answer when it reads as code. The original validator parsed the raw answer,
 * so every fenced answer failed to parse; this is the fix.
 */

export type CodeLanguage = "typescript" | "javascript" | "python" | "sql" | "shell" | "html" | "css" | "other";

export interface ExtractedCode {
  /** The code, blocks joined by blank lines. */
  code: string;
  language: CodeLanguage;
  /** The answer used markdown fences. */
  fenced: boolean;
  /** The last fence was never closed. */
  unclosedFence: boolean;
  /** Text outside the code blocks (explanations). */
  prose: string;
}

const FENCE_LANGUAGES: Record<string, CodeLanguage> = {
  ts: "typescript", typescript: "typescript", tsx: "typescript", js: "javascript", javascript: "javascript",
  jsx: "javascript", node: "javascript", mjs: "javascript", cjs: "javascript", py: "python", python: "python",
  python3: "python", sql: "sql", sh: "shell", bash: "shell", shell: "shell", zsh: "shell", html: "html", css: "css",
};

/** Guess a code snippet's language from its syntax. */
export function guessLanguage(code: string): CodeLanguage {
  if (/^\s*(def |class \w+(\(.*\))?:|import \w+\s*$|from \w+ import|elif |print\()/mu.test(code) && !/[{};]\s*$/mu.test(code)) return "python";
  if (/^\s*(select|insert|update|delete|create table|with)\b[\s\S]*\b(from|into|set|values|as)\b/imu.test(code) && !/[{}]/u.test(code)) return "sql";
  if (/^\s*<(!doctype|html|div|body|head)\b/imu.test(code)) return "html";
  if (/(:\s*(number|string|boolean|void|any|unknown|never)\b|\binterface\s+\w+\s*\{|\btype\s+\w+\s*=|<\w+>\()/u.test(code)) return "typescript";
  if (/(\bfunction\b|=>|\bconst\b|\blet\b|\bvar\b|console\.|\breturn\b[^\n]*;|\bmodule\.exports\b|\brequire\()/u.test(code)) return "javascript";
  return "other";
}

/** Extract the code of an answer. */
export function extractCode(answer: string): ExtractedCode {
  const blocks: Array<{ language: string; body: string }> = [];
  let prose = "";
  let rest = answer;
  let unclosedFence = false;
  const fence = /```[ \t]*([\w+#.-]*)[^\n]*\n?/u;
  for (;;) {
    const open = fence.exec(rest);
    if (!open) {
      prose += rest;
      break;
    }
    prose += rest.slice(0, open.index);
    const afterOpen = rest.slice(open.index + open[0].length);
    const close = afterOpen.indexOf("```");
    if (close < 0) {
      blocks.push({ language: open[1]!.toLowerCase(), body: afterOpen });
      unclosedFence = true;
      break;
    }
    blocks.push({ language: open[1]!.toLowerCase(), body: afterOpen.slice(0, close) });
    rest = afterOpen.slice(close + 3);
  }
  if (blocks.length === 0) {
    return { code: answer.trim(), language: guessLanguage(answer), fenced: false, unclosedFence: false, prose: "" };
  }
  const labelled = (b: { language: string; body: string }): CodeLanguage => FENCE_LANGUAGES[b.language] ?? guessLanguage(b.body);
  // Keep the blocks in the main language: an answer may add a shell command or sample output.
  const main = labelled(blocks.reduce((a, b) => (b.body.length > a.body.length ? b : a)));
  const code = blocks
    .filter((b) => labelled(b) === main || (main === "javascript" && labelled(b) === "typescript") || (main === "typescript" && labelled(b) === "javascript"))
    .map((b) => b.body.trimEnd())
    .join("\n\n");
  return { code, language: main, fenced: true, unclosedFence, prose: prose.trim() };
}
