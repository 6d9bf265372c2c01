import type { OrchestrationResult } from "../result.js";
import { formatCount, formatDuration, painter, type Terminal } from "./terminal.js";

/**
 * The closing lines on stderr: status, mode, quality, agents, agent calls,
 * time and tokens (agent attempts plus planning, merging, judging); then the
 * error of a failed or partial run.
 */
export function formatSummary(result: OrchestrationResult, terminal: Terminal): string {
  const paint = painter(terminal);
  const color = result.status === "completed" ? "green" : result.status === "partial" ? "yellow" : "red";
  const ok = result.results.filter((r) => r.status === "completed").length;
  const usage = result.metadata.usage ?? { inputTokens: 0, outputTokens: 0 };
  const tokens = usage.inputTokens + usage.outputTokens;
  const parts = [
    paint(["bold", color], result.status),
    `${result.metadata.executionMode}${result.metadata.autoModeSelection ? " (auto)" : ""}`,
    `quality ${result.qualityScore.toFixed(2)}`,
    `agents ${result.agentsUsed.join(", ") || "none"}`,
    `${ok}/${result.results.length} agent calls ok`,
    formatDuration(result.executionTimeMs),
    `${formatCount(tokens)} tokens (${formatCount(usage.inputTokens)} in, ${formatCount(usage.outputTokens)} out)`,
  ];
  const lines = [parts.join(" · ")];
  if (result.error) lines.push(`${paint(color, result.status === "failed" ? "error:" : "note:")} ${result.error}`);
  return `${lines.join("\n")}\n`;
}
