/**
 * An eval's numbers as rows (one per strategy, one per comparison), for the
 * plain-text table on stdout and the markdown report alike.
 */
import type { EvalReport } from "./evaluate.js";

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(0)}s` : x >= 1000 ? `${(x / 1000).toFixed(1)}s` : `${Math.round(x)}ms`);

export const STRATEGY_HEADER = ["strategy", "n", "pass", "95% CI", "quality", "p50", "p95", "tokens/item", "failed"];

export function strategyRows(report: EvalReport): string[][] {
  return report.strategies.map((s) => [
    s.strategy,
    String(s.n),
    pct(s.passRate),
    `${pct(s.passRateCI[0])}–${pct(s.passRateCI[1])}`,
    s.meanQuality.toFixed(2),
    ms(s.latencyMs.p50),
    ms(s.latencyMs.p95),
    Math.round(s.tokens.mean).toLocaleString("en-US"),
    String(s.failures),
  ]);
}

export const COMPARISON_HEADER = ["a", "b", "a wins", "b wins", "ties", "p (sign test)"];

export function comparisonRows(report: EvalReport): string[][] {
  return report.comparisons.map((c) => [c.a, c.b, String(c.aWins), String(c.bWins), String(c.ties), c.pValue < 0.001 ? "<0.001" : c.pValue.toFixed(3)]);
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function alignColumns(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const numeric = header.map((_, i) => i > 0 && rows.every((row) => /^[<\d.,%–smK-]+$/.test(row[i]!)));
  const line = (row: string[]) => row.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** A markdown table. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (row: string[]) => `| ${row.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), `|${header.map((_, i) => (i === 0 ? " --- " : " ---: ")).join("|")}|`, ...rows.map(line)].join("\n");
}

/** The recommendation as lines of text. */
export function recommendationLines(report: EvalReport): string[] {
  const { recommendation } = report;
  const lines = [`Recommendation: ${recommendation.overall || "none"} — ${recommendation.reasons.overall}`];
  for (const [taskType, strategy] of Object.entries(recommendation.byTaskType)) {
    lines.push(`  ${taskType}: ${strategy} — ${recommendation.reasons.byTaskType[taskType]}`);
  }
  return lines;
}

/** The table on stdout: strategies, the recommendation, and where the runs are. */
export function formatTextReport(report: EvalReport): string {
  return [
    alignColumns(STRATEGY_HEADER, strategyRows(report)),
    "",
    ...recommendationLines(report),
    "",
  ].join("\n");
}
