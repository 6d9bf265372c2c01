import { parseCommandArgs } from "./args.js";
import type { CommandContext } from "./context.js";
import { oneLine } from "./terminal.js";
import { ExitCode, RUNS_USAGE, commandHelp, UsageError } from "./usage.js";

const RUNS_OPTIONS = {
  limit: { type: "string", short: "n" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** `llmgenie runs [--limit N] [--json]`: the latest runs in the run store, newest first. */
export async function runsCommand(args: string[], { stdout }: CommandContext): Promise<ExitCode> {
  const { values } = parseCommandArgs("runs", { args, options: RUNS_OPTIONS });
  if (values.help) {
    stdout.write(commandHelp(RUNS_USAGE));
    return ExitCode.OK;
  }
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit: must be a positive integer, got "${values.limit}"`);
  const { openRunStore } = await import("../store/open.js");
  const { alignColumns } = await import("../eval/table.js");
  const store = await openRunStore();
  try {
    const runs = await store.listRuns({ limit });
    if (values.json) {
      stdout.write(`${JSON.stringify(runs, null, 2)}\n`);
      return ExitCode.OK;
    }
    if (runs.length === 0) {
      stdout.write(`no runs in ${store.location}\n`);
      return ExitCode.OK;
    }
    const rows = runs.map((r) => [
      r.createdAt.replace("T", " ").slice(0, 19),
      r.taskId,
      r.strategy,
      r.status,
      // A run paused for review has no answer yet to score.
      r.status === "interrupted" ? "-" : r.quality.toFixed(2),
      r.checkPassed === undefined ? "-" : r.checkPassed ? "pass" : "fail",
      r.feedback === undefined ? "-" : r.feedback.toFixed(2),
      `${r.latencyMs}ms`,
      String(r.inputTokens + r.outputTokens),
      oneLine(r.query, 50),
    ]);
    stdout.write(`${alignColumns(["time (UTC)", "taskId", "strategy", "status", "quality", "check", "feedback", "latency", "tokens", "query"], rows)}\n`);
    return ExitCode.OK;
  } finally {
    await store.close();
  }
}
