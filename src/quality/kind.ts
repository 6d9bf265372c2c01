/**
 * Is an answer code or prose? Code gets parsed and checked for stubs; prose
 * gets the text criteria. An explanation with a small snippet is text; a
 * function with a line of explanation is code.
 */
import { extractCode, guessLanguage } from "./code/extract.js";

/** The query asks for code to be written or changed. */
export function queryAsksForCode(query: string): boolean {
  return (
    /\b(write|create|implement|design|generate|complete|fix|modify|refactor|rewrite|build|code)\b[^.?!\n]{0,80}\b(function|program|code|script|class|method|algorithm|regex|snippet|component|module|query|endpoint|api)\b/iu.test(query) ||
    /`(?:const|let|function|def)\s+\w+/u.test(query)
  );
}

const CODE_LINE = /(^\s*(const|let|var|function|def|class|import|export|return|if|for|while|async|await|public|private|#include|select|from)\b)|([;{}]\s*$)|(=>)|(^\s*\/\/)/u;

/** Classify an answer as code or text, given the query it answers. */
export function detectKind(query: string, answer: string): "code" | "text" {
  const extracted = extractCode(answer);
  if (!extracted.code.trim()) return "text";
  if (extracted.fenced) {
    if (queryAsksForCode(query)) return "code";
    const share = extracted.code.length / Math.max(1, answer.trim().length);
    return share >= 0.6 ? "code" : "text";
  }
  if (guessLanguage(answer) === "other") return "text";
  const lines = answer.split("\n").filter((l) => l.trim());
  const codeLines = lines.filter((l) => CODE_LINE.test(l)).length;
  return codeLines / Math.max(1, lines.length) >= 0.5 ? "code" : "text";
}
