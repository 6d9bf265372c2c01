import { parseCommandArgs } from "./args.js";
import type { CommandContext } from "./context.js";
import { ExitCode, STATS_USAGE, UsageError } from "./usage.js";

const STATS_OPTIONS = {
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `llmgenie stats [--json]`: per agent and task type, from the run store. */
export async function statsCommand(args: string[], { stdout }: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("stats", { args, options: STATS_OPTIONS, allowPositionals: true });
  if (values.help) {
    stdout.write(`Usage: ${STATS_USAGE}\n`);
    return ExitCode.OK;
  }
  if (positionals.length) throw new UsageError(`stats: unexpected argument "${positionals[0]}"`);
  const { openRunStore } = await import("../store/open.js");
  const { alignColumns } = await import("../eval/table.js");
  const store = await openRunStore();
  try {
    const stats = await store.agentStats();
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
    ]);
    stdout.write(`${alignColumns(["agent", "task type", "attempts", "success", "quality", "p50", "tokens"], rows)}\n`);
    return ExitCode.OK;
  } finally {
    await store.close();
  }
}
