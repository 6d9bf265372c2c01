/**
 * Reading numbers out of prose: digits ("1,200", "3.5", "$4") and number
 * words ("three", "a dozen"). Used for requested counts ("list three …"),
 * for grounding an answer's numbers in the query and for final answers.
 */

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70,
  eighty: 80, ninety: 90, hundred: 100, thousand: 1000, million: 1_000_000, dozen: 12,
};

/** Quantities implied by words ("half", "twice") that a solution may use as operands. */
const IMPLIED: Record<string, number[]> = {
  half: [2, 0.5], halves: [2, 0.5], twice: [2], double: [2], doubled: [2], triple: [3], tripled: [3],
  thrice: [3], quarter: [4, 0.25], quarters: [4, 0.25], third: [3], thirds: [3], fourth: [4], fifth: [5],
  percent: [100], "%": [100], dozen: [12], dozens: [12], pair: [2], pairs: [2], week: [7], weeks: [7],
  hour: [60], hours: [60], minute: [60], minutes: [60], day: [24], days: [24], year: [12, 365, 52],
  years: [12, 365, 52], month: [30, 4], months: [12, 30], cents: [100], cent: [100], decade: [10],
};

/** A number word or digit string as a number ("three" → 3, "12" → 12), else undefined. */
export function parseCount(token: string): number | undefined {
  const t = token.toLowerCase().replace(/[-‐]/gu, " ").trim();
  if (/^\d{1,4}$/u.test(t)) return Number(t);
  if (t in UNITS) return UNITS[t];
  const parts = t.split(/\s+/u);
  if (parts.length === 2 && parts.every((p) => p in UNITS)) {
    const [tens, unit] = parts.map((p) => UNITS[p]!);
    if (tens! >= 20 && tens! % 10 === 0 && unit! < 10) return tens! + unit!;
  }
  if (t === "a single" || t === "single" || t === "a") return 1;
  return undefined;
}

/** Pattern matching a count: digits or number words up to the tens. */
export const COUNT_PATTERN =
  "(\\d{1,3}|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a single|single|a)";

/** Canonical string of a numeric value: no thousands separators, no trailing zeros. */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(value * 1e6) / 1e6;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** Parse "1,234.50", "$12", "-3", "12%" to a number; undefined when not a number. */
export function parseNumber(text: string): number | undefined {
  const cleaned = text.replace(/[$€£,\s%]/gu, "").replace(/\.$/u, "");
  if (!/^-?(\d+\.?\d*|\.\d+)$/u.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

/** All numbers written with digits in `text`, in order (fractions like 1/4 give 1 and 4). */
export function digitNumbers(text: string): number[] {
  const out: number[] = [];
  for (const match of text.matchAll(/-?\$?\d[\d,]*(?:\.\d+)?|\.\d+/gu)) {
    const token = match[0].replace(/,(?!\d{3})/gu, "");
    const value = parseNumber(token);
    if (value !== undefined) out.push(value);
  }
  return out;
}

/**
 * Every quantity a text states or implies: digits, number words and implied
 * factors ("half" → 2 and 0.5, "hours" → 60). Absolute values, since a
 * solution may subtract where the text says "less".
 */
export function statedQuantities(text: string): Set<number> {
  const out = new Set<number>(digitNumbers(text).map((n) => Math.abs(n)));
  for (const match of text.matchAll(/(\d+)\s*\/\s*(\d+)/gu)) {
    const value = Number(match[1]) / Number(match[2]);
    if (Number.isFinite(value)) out.add(Math.round(value * 1e6) / 1e6);
  }
  for (const word of text.toLowerCase().match(/[a-z%]+/gu) ?? []) {
    const unit = UNITS[word];
    if (unit !== undefined) out.add(unit);
    for (const implied of IMPLIED[word] ?? []) out.add(implied);
  }
  return out;
}
