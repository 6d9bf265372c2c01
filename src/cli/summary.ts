import type { OrchestrationResult } from "../result.js";
import { costOfRun, type AgentCost } from "../cost.js";
import { formatCount, formatDuration, formatMoney, painter, type Terminal } from "./terminal.js";

/** `alpha 1,234 (900 in, 334 out, cost 0.0012)`. */
function describeCost(name: string, cost: AgentCost): string {
  const money = cost.cost !== undefined ? `, cost ${formatMoney(cost.cost)}` : "";
  return `${name} ${formatCount(cost.inputTokens + cost.outputTokens)} (${formatCount(cost.inputTokens)} in, ${formatCount(cost.outputTokens)} out${money})`;
}

/**
 * Tokens per agent, then the calls that are no agent's attempt (planning,
 * merging, judging, classifying); with the `prices` option, money too.
 */
export function formatTokensByAgent(result: OrchestrationResult): string {
  const cost = result.metadata.cost ?? costOfRun(result.results);
  const parts = Object.entries(cost.byAgent).map(([agent, c]) => describeCost(agent, c));
  const usage = result.metadata.usage ?? { inputTokens: 0, outputTokens: 0 };
  const byAgents = Object.values(cost.byAgent);
  const coordination = cost.coordination ?? {
    inputTokens: usage.inputTokens - byAgents.reduce((n, c) => n + c.inputTokens, 0),
    outputTokens: usage.outputTokens - byAgents.reduce((n, c) => n + c.outputTokens, 0),
  };
  if (coordination.inputTokens + coordination.outputTokens > 0) parts.push(describeCost("coordination", coordination));
  const total = result.metadata.cost ? ` · total cost ${formatMoney(result.metadata.cost.total)}` : "";
  const unpriced = result.metadata.cost?.unpriced.length ? ` (no price: ${result.metadata.cost.unpriced.join(", ")})` : "";
  return `tokens: ${parts.join(" · ") || "none"}${total}${unpriced}`;
}

/**
 * The closing lines on stderr: status, mode, quality, agents, agent calls,
 * time and tokens (agent attempts plus planning, merging, judging); the
 * tokens (and cost) per agent; then the error of a failed or partial run.
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
  const lines = [parts.join(" · "), formatTokensByAgent(result)];
  if (result.error) lines.push(`${paint(color, result.status === "failed" ? "error:" : "note:")} ${result.error}`);
  return `${lines.join("\n")}\n`;
}
