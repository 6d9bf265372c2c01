import { parseCommandArgs } from "./args.js";
import type { CommandContext } from "./context.js";
import { ExitCode, FEEDBACK_USAGE, commandHelp, UsageError } from "./usage.js";

const FEEDBACK_OPTIONS = { help: { type: "boolean", short: "h" } } as const;

/** `llmgenie feedback <taskId> <score>`: a person's verdict (0..1) on a stored run. */
export async function feedbackCommand(args: string[], { stdout, stderr }: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("feedback", { args, options: FEEDBACK_OPTIONS, allowPositionals: true });
  if (values.help) {
    stdout.write(commandHelp(FEEDBACK_USAGE));
    return ExitCode.OK;
  }
  const [taskId, score, extra] = positionals;
  if (taskId === undefined || score === undefined) throw new UsageError(`feedback: expected <taskId> <score> (usage: ${FEEDBACK_USAGE})`);
  if (extra !== undefined) throw new UsageError(`feedback: unexpected argument "${extra}"`);
  const { AgentOrchestrator } = await import("../orchestrator.js");
  const orchestrator = new AgentOrchestrator(undefined, { store: true });
  try {
    await orchestrator.feedback(taskId, { score: score.trim() === "" ? Number.NaN : Number(score) });
  } finally {
    await orchestrator.close();
  }
  stderr.write(`feedback: run ${taskId} scored ${Number(score)}\n`);
  return ExitCode.OK;
}
