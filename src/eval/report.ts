/**
 * The markdown report of an eval (`--report file.md`): the strategies'
 * table, the paired comparisons, the recommendation and a chart of pass
 * rate against latency (an SVG file next to the report).
 */
import { qualityLatencySvg } from "./chart.js";
import type { EvalReport } from "./evaluate.js";
import { COMPARISON_HEADER, STRATEGY_HEADER, comparisonRows, markdownTable, strategyRows } from "./table.js";

export interface MarkdownReportOptions {
  title?: string;
  /** The dataset's name, shown under the title. */
  dataset?: string;
  /** A note under the title (e.g. which models or server). */
  note?: string;
  /** The chart's file name, relative to the report (written by the caller). */
  chartFile: string;
}

/** The report's markdown. */
export function markdownReport(report: EvalReport, options: MarkdownReportOptions): string {
  const { recommendation } = report;
  const byType = Object.entries(recommendation.byTaskType).map(
    ([taskType, strategy]) => `| ${taskType} | ${strategy} | ${recommendation.reasons.byTaskType[taskType] ?? ""} |`,
  );
  return [
    `# ${options.title ?? "Strategy evaluation"}`,
    "",
    ...(options.note ? [options.note, ""] : []),
    `${options.dataset ? `Dataset \`${options.dataset}\`: ` : ""}${report.items} items × ${report.repeat} repetition(s) per strategy; eval id \`${report.evalId}\`.`,
    "",
    "## Strategies",
    "",
    markdownTable(STRATEGY_HEADER, strategyRows(report)),
    "",
    "Pass: items whose check passed (quality ≥ 0.5 without a check), with the Wilson 95 % interval. Latency: p50 and p95 of whole runs. Tokens: all calls of a run (agents, planning, merging, judging).",
    "",
    `![Pass rate against median latency per strategy](${options.chartFile})`,
    "",
    "## Recommendation",
    "",
    `**Overall: ${recommendation.overall || "none"}** — ${recommendation.reasons.overall}.`,
    "",
    ...(byType.length ? ["| task type | strategy | why |", "| --- | --- | --- |", ...byType, ""] : []),
    "## Paired comparisons",
    "",
    "Each pair of strategies on the same items: wins (one passed, the other not), ties, and the exact two-sided sign-test p-value over the decided pairs. p ≥ 0.05: the data cannot tell the two apart.",
    "",
    markdownTable(COMPARISON_HEADER, comparisonRows(report)),
    "",
  ].join("\n");
}

export { qualityLatencySvg };
