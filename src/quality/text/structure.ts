/**
 * Reading the layout of an answer: list items, table rows, paragraphs, and
 * the items of an inline enumeration ("Soon, Loon"). Shared by the
 * instruction checks ("list 3 …") and the structure/repetition criteria.
 */
import { sentences, words } from "./normalize.js";

/** A line that starts a list item: "-", "*", "•", "1.", "2)", "a)", "(iii)", "Day 1:". */
export const LIST_ITEM = /^\s*(?:[-*•+▪◦‣]|\d{1,3}[.)](?!\d)|[a-zA-Z][.)]\s|\(\w{1,4}\)|(?:step|day|week|tip|item|option|idea)\s+\d+\s*[:.)-])\s*/iu;

/** Non-empty lines, trimmed. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/u).map((l) => l.trim()).filter((l) => l.length > 0);
}

/** The text of each list item (marker removed). */
export function listItems(text: string): string[] {
  return lines(text)
    .filter((l) => LIST_ITEM.test(l))
    .map((l) => l.replace(LIST_ITEM, "").trim())
    .filter((l) => l.length > 0);
}

/** Rows of a pipe table ("| a | b |") or of tab-separated columns. */
export function tableRows(text: string): number {
  return lines(text).filter((l) => (l.match(/\|/gu)?.length ?? 0) >= 2 || (l.match(/\t/gu)?.length ?? 0) >= 1).length;
}

/** Paragraphs: blocks separated by blank lines. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/u)
    .map((p) => p.trim())
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
}

/** Drop a lead-in line such as "Here are five ideas:" so it is not counted as an item. */
function dropLeadIn(text: string): string {
  const all = lines(text);
  if (all.length > 1 && /:\s*$/u.test(all[0]!)) return all.slice(1).join("\n");
  const inline = /^[^\n:]{0,80}:\s+(\S[\s\S]*)$/u.exec(text.trim());
  return inline ? inline[1]! : text;
}

/**
 * How many items an answer enumerates, whatever the layout: list markers,
 * else one item per short line, else comma/semicolon separated phrases, else
 * sentences.
 */
export function countItems(text: string): number {
  const items = listItems(text);
  if (items.length >= 2) return items.length;
  const body = dropLeadIn(text);
  const bodyLines = lines(body);
  if (bodyLines.length >= 2 && bodyLines.every((l) => words(l).length <= 15)) return bodyLines.length;
  const flat = body.replace(/\s+/gu, " ").trim().replace(/[.!]$/u, "");
  const parts = flat.split(/\s*(?:[,;]|\band\b|\bor\b)\s*/iu).filter((p) => /[\p{L}\p{N}]/u.test(p));
  if (parts.length >= 2 && parts.every((p) => words(p).length <= 6)) return parts.length;
  return Math.max(1, sentences(body).length);
}
