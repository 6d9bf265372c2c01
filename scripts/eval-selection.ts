/**
 * Measure `selectBest` (no judge) on the labelled selection data
 * (data/selection/dev.jsonl) and write docs/quality.md.
 *
 *   npm run eval                       # full dev set
 *   npm run eval -- --limit 50         # first 50 items (quick look)
 *   npm run eval -- --data other.jsonl --out /tmp/q.md
 *
 * Accuracy = the pick is one of the labelled acceptable answers. Position
 * consistency = the same pick when the candidates are given in reverse order.
 * Code items run their tests in the sandbox (executeCode: true).
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { selectBest } from "../src/selection/index.js";
import type { SelectionMethod } from "../src/selection/index.js";
import { extractFinalAnswer } from "../src/quality/index.js";

export interface EvalRow {
  id: string;
  source: string;
  kind: "text" | "code" | "math";
  query: string;
  candidates: string[];
  best: number[];
  tests?: string;
  answer?: string;
}

export interface ItemResult {
  id: string;
  source: string;
  kind: EvalRow["kind"];
  pick: number;
  correct: boolean;
  method: SelectionMethod;
  /** Same pick with the candidates reversed (undefined when not checked). */
  consistent?: boolean;
  /** The top two scores were equal: the content tie-break (a hash) decided. */
  tied: boolean;
}

export interface GroupStats {
  name: string;
  n: number;
  accuracy: number;
  longer?: number;
  random: number;
  majority?: number;
  oracle: number;
  consistency?: number;
  /** Items decided by the content tie-break. */
  ties: number;
  methods: Partial<Record<SelectionMethod, number>>;
}

export interface EvalReport {
  items: ItemResult[];
  bySource: GroupStats[];
  byKind: GroupStats[];
  seconds: number;
}

export interface EvalOptions {
  /** Also run every item with the candidates reversed (default true). */
  checkConsistency?: boolean;
  /** Called after each item, e.g. for progress. */
  onItem?: (result: ItemResult, done: number, total: number) => void;
}

/** Read a JSONL file of selection items. */
export function loadRows(path: string): EvalRow[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalRow);
}

/** "Pick the longer answer" baseline: 1, 0 or ½ on equal length. */
function longerBaseline(row: EvalRow): number {
  const lengths = row.candidates.map((c) => c.length);
  const max = Math.max(...lengths);
  const longest = lengths.flatMap((l, i) => (l === max ? [i] : []));
  return longest.filter((i) => row.best.includes(i)).length / longest.length;
}

/** Majority vote on final numbers, ties split evenly (expected accuracy). */
function majorityBaseline(row: EvalRow): number {
  const answers = row.candidates.map((c) => extractFinalAnswer(c, row.query)?.value);
  const counts = new Map<string, number>();
  for (const a of answers) if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
  if (counts.size === 0) return row.best.length / row.candidates.length;
  const top = Math.max(...counts.values());
  const leaders = answers.flatMap((a, i) => (a !== undefined && counts.get(a) === top ? [i] : []));
  return leaders.filter((i) => row.best.includes(i)).length / leaders.length;
}

async function pickFor(row: EvalRow, candidates: string[]): Promise<{ index: number; method: SelectionMethod; tied: boolean }> {
  const code = row.kind === "code" && row.tests !== undefined;
  const result = await selectBest({ query: row.query, candidates, ...(code ? { tests: row.tests, executeCode: true } : {}) });
  const sorted = [...result.scores].sort((a, b) => b - a);
  // Only a rules decision can be a pure tie-break; tests and votes decide on evidence.
  return { index: result.index, method: result.method, tied: result.method === "rules" && sorted.length > 1 && sorted[0] === sorted[1] };
}

function stats(name: string, items: ItemResult[], rows: Map<string, EvalRow>): GroupStats {
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const groupRows = items.map((i) => rows.get(i.id)!);
  const methods: GroupStats["methods"] = {};
  for (const i of items) methods[i.method] = (methods[i.method] ?? 0) + 1;
  const checked = items.filter((i) => i.consistent !== undefined);
  const kinds = new Set(groupRows.map((r) => r.kind));
  return {
    name,
    n: items.length,
    accuracy: mean(items.map((i) => (i.correct ? 1 : 0))),
    longer: kinds.has("math") ? undefined : mean(groupRows.map(longerBaseline)),
    random: mean(groupRows.map((r) => r.best.length / r.candidates.length)),
    majority: kinds.has("math") ? mean(groupRows.filter((r) => r.kind === "math").map(majorityBaseline)) : undefined,
    oracle: mean(groupRows.map((r) => (r.best.length > 0 ? 1 : 0))),
    consistency: checked.length ? mean(checked.map((i) => (i.consistent ? 1 : 0))) : undefined,
    ties: items.filter((i) => i.tied).length,
    methods,
  };
}

/** Run `selectBest` over `rows` and compute accuracy per source and kind. */
export async function evaluateSelection(rows: EvalRow[], options: EvalOptions = {}): Promise<EvalReport> {
  const started = performance.now();
  const checkConsistency = options.checkConsistency ?? true;
  const items: ItemResult[] = [];
  for (const row of rows) {
    const { index, method, tied } = await pickFor(row, row.candidates);
    let consistent: boolean | undefined;
    if (checkConsistency) {
      const reversed = [...row.candidates].reverse();
      const back = await pickFor(row, reversed);
      const original = row.candidates.length - 1 - back.index;
      // Identical texts are the same answer whichever copy is picked.
      consistent = original === index || row.candidates[original] === row.candidates[index];
    }
    const result: ItemResult = { id: row.id, source: row.source, kind: row.kind, pick: index, correct: row.best.includes(index), method, consistent, tied };
    items.push(result);
    options.onItem?.(result, items.length, rows.length);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  const group = (key: (i: ItemResult) => string): GroupStats[] =>
    [...new Set(items.map(key))].sort().map((name) => stats(name, items.filter((i) => key(i) === name), byId));
  return { items, bySource: group((i) => i.source), byKind: group((i) => i.kind), seconds: (performance.now() - started) / 1000 };
}

/** Figures for "the original LLMGenie fallback heuristic", as published in data/selection/README.md. */
export const ORIGINAL_HEURISTIC: Record<string, number> = {
  "LLMBar/Natural": 0.49,
  "PandaLM/testset-v1": 0.57,
  "HumanEvalPack/js": 0.47,
};

const pct = (x: number | undefined): string => (x === undefined ? "—" : x.toFixed(2));

/** The accuracy tables as Markdown. */
export function renderTables(report: EvalReport): string {
  const head = "| group | n | selectBest | longer answer | original heuristic | majority vote | random | oracle | position consistency | content tie-breaks | decided by |\n|---|---|---|---|---|---|---|---|---|---|---|";
  const row = (g: GroupStats, original?: number): string =>
    `| ${g.name} | ${g.n} | **${pct(g.accuracy)}** | ${pct(g.longer)} | ${pct(original)} | ${pct(g.majority)} | ${pct(g.random)} | ${pct(g.oracle)} | ${g.consistency === undefined ? "—" : `${(g.consistency * 100).toFixed(1)} %`} | ${g.ties} | ${Object.entries(g.methods)
      .map(([m, c]) => `${m} ${c}`)
      .join(", ")} |`;
  return [
    "By source:",
    "",
    head,
    ...report.bySource.map((g) => row(g, ORIGINAL_HEURISTIC[g.name])),
    "",
    "By kind:",
    "",
    head,
    ...report.byKind.map((g) => row(g)),
  ].join("\n");
}

/** The full docs/quality.md page. */
export function renderMarkdown(report: EvalReport, dataPath: string): string {
  return `# Answer selection quality

Generated by \`npm run eval\` (scripts/eval-selection.ts) from \`${dataPath}\`
(${report.items.length} items). Do not edit by hand.

\`selectBest\` runs without a judge (no model call): rules for text, the
sandboxed tests for code items (\`executeCode: true\`), self-consistency votes
for math. Accuracy is the share of items where the pick is one of the
labelled acceptable answers. Baselines: "longer answer" picks the longest
candidate, "original heuristic" is the original LLMGenie fallback heuristic
as measured in data/selection/README.md, "majority vote" votes on final
numbers with ties split, "random" is the expected accuracy of a random pick,
"oracle" always picks an acceptable answer. Position consistency: the item
was run again with the candidates in reverse order; the share where the
same answer was picked. Content tie-breaks: items where the top scores were
equal and the fixed hash of the normalised text decided (a coin flip, in
effect; see src/selection/tiebreak.ts).

${renderTables(report)}

## Reading the numbers

- Text (LLMBar/Natural, PandaLM) is decided by the rules alone: instruction
  checks, relevance, substance, length fit, repetition, refusals, truncation,
  copying, arithmetic (see src/quality). Length is never rewarded as such:
  the length criterion is flat inside the range the request implies.
- Code (HumanEvalPack/js) is decided by running the tests; rules only break
  ties between candidates that pass.
- Math (GSM8K) is decided by the majority of final answers; tied votes go to
  the rules, which check the arithmetic and whether a solution uses the
  problem's numbers, carries out the relations it states ("average",
  "twice", "30 %") and ends on a value it computed, helped by how many of its
  intermediate results the other solutions reach too.

## Known limits

- Rules cannot check facts or judge style: on text pairs where both answers
  follow the instruction, are complete and on topic, the scores are equal
  and the content tie-break decides (the "content tie-breaks" column). Those
  items are coin flips; a judge (\`judge\` option) is the way to decide them.
- PandaLM's human labels favour the more informative answer. The rules
  credit content only up to what the request calls for (the \`substance\`
  criterion saturates) and never reward length as such, so "pick the
  longer answer" remains a strong baseline there; it fails on instruction-
  following pairs such as LLMBar's.
- The dev set was used to choose criteria and weights; expect a few points
  less on unseen data of the same kinds.
`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
  const dataPath = option("--data") ?? "data/selection/dev.jsonl";
  const outPath = option("--out") ?? "docs/quality.md";
  const limit = option("--limit");
  let rows = loadRows(resolve(root, dataPath));
  if (limit) rows = rows.slice(0, Number(limit));
  const report = await evaluateSelection(rows, {
    onItem: (_, done, total) => {
      if (done % 50 === 0 || done === total) process.stderr.write(`\r${done}/${total} items`);
    },
  });
  process.stderr.write("\n");
  const target = resolve(root, outPath);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, renderMarkdown(report, dataPath));
  process.stdout.write(`${renderTables(report)}\n\nwrote ${outPath} in ${report.seconds.toFixed(1)} s\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
