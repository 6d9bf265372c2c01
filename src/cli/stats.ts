import { parseCommandArgs } from "./args.js";
import { loadCliConfig } from "./config.js";
import { formatMoney } from "./terminal.js";
import type { CommandContext } from "./context.js";
import { ExitCode, STATS_USAGE, commandHelp } from "./usage.js";

const STATS_OPTIONS = {
  json: { type: "boolean" },
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * `llmgenie stats [--json] [--config <file>]`: per agent and task type, from
 * the run store; with the config file's `options.prices`, what the tokens cost.
 */
export async function statsCommand(args: string[], { stdout }: CommandContext): Promise<ExitCode> {
  const { values } = parseCommandArgs("stats", { args, options: STATS_OPTIONS });
  if (values.help) {
    stdout.write(commandHelp(STATS_USAGE));
    return ExitCode.OK;
  }
  const { openRunStore } = await import("../store/open.js");
  const { alignColumns } = await import("../eval/table.js");
  const { options } = loadCliConfig(values.config, undefined);
  const store = await openRunStore();
  try {
    const stats = await store.agentStats(options.prices);
    if (values.json) {
      stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      return ExitCode.OK;
    }
    if (stats.length === 0) {
      stdout.write(`no agent attempts in ${store.location}\n`);
      return ExitCode.OK;
    }
    const rows = stats.map((s) => [
      s.agent,
      s.taskType,
      String(s.attempts),
      `${(s.successRate * 100).toFixed(0)}%`,
      s.meanQuality === null ? "-" : s.meanQuality.toFixed(2),
      `${Math.round(s.p50LatencyMs)}ms`,
      String(s.inputTokens + s.outputTokens),
      ...(options.prices ? [s.cost === undefined ? "-" : formatMoney(s.cost)] : []),
    ]);
    const header = ["agent", "task type", "attempts", "success", "quality", "p50", "tokens", ...(options.prices ? ["cost"] : [])];
    stdout.write(`${alignColumns(header, rows)}\n`);
    return ExitCode.OK;
  } finally {
    await store.close();
  }
}
