import { modelNameOf } from "../agents/resolve.js";
import { hostKey } from "../agents/hosts.js";
import { ollamaBaseUrl } from "../configuration.js";
import { chooseAgents, fetchEmbeddedModels } from "./embedded.js";
import { OrchestrateInputSchema, parseOrThrow } from "../input.js";
import { ExecutionModeSchema, type ExecutionMode } from "../state/schemas.js";
import { parseCommandArgs, parseKeyValues } from "./args.js";
import { describeAgent, loadCliConfig } from "./config.js";
import type { CommandContext } from "./context.js";
import { ProgressReporter } from "./progress.js";
import { inputLines, readPlanDecision } from "./review.js";
import type { OrchestrationEvent } from "../orchestrator.js";
import { formatSummary } from "./summary.js";
import { ExitCode, RUN_FLAGS, RUN_USAGE, UsageError, commandHelp } from "./usage.js";

const RUN_OPTIONS = {
  mode: { type: "string", short: "m" },
  subtask: { type: "string", multiple: true },
  context: { type: "string", multiple: true },
  agent: { type: "string", multiple: true },
  config: { type: "string" },
  thread: { type: "string" },
  "token-budget": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const MODES = ["auto", ...ExecutionModeSchema.options] as const;

/** `--mode`: `auto` (or omitted) lets the classifier choose. */
function parseMode(value: string | undefined): ExecutionMode | undefined {
  if (value === undefined || value === "auto") return undefined;
  const mode = ExecutionModeSchema.safeParse(value);
  if (!mode.success) throw new UsageError(`--mode: must be one of ${MODES.join(", ")}, got "${value}"`);
  return mode.data;
}

/** `--token-budget <n>`: a positive whole number of tokens. */
function parseTokenBudget(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const budget = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(budget) || budget <= 0) {
    throw new UsageError(`--token-budget: must be a positive whole number of tokens, got "${value}"`);
  }
  return budget;
}

/**
 * `llmgenie run <query>`: one orchestration through the `AgentOrchestrator`
 * facade, with live progress on stderr, the answer (or `--json` result) on
 * stdout and a summary on stderr. A plan paused for review (`humanReview`)
 * is decided on stdin. Exit 0 completed, partial, or still waiting for review;
 * 1 failed; invalid input and Ctrl-C propagate as errors (exit 2 and 130).
 */
export async function runCommand(args: string[], { stdin, stdout, stderr, signal }: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("run", { args, options: RUN_OPTIONS, allowPositionals: true });
  if (values.help) {
    stdout.write(commandHelp(RUN_USAGE, RUN_FLAGS));
    return ExitCode.OK;
  }
  if (positionals.length === 0) throw new UsageError("run: missing <query>");
  const query = positionals.join(" ");
  const executionMode = parseMode(values.mode);
  const context = parseKeyValues("context", values.context);
  const { agents: given, options, file } = loadCliConfig(values.config, values.agent);
  const input = {
    query,
    ...(executionMode ? { executionMode } : {}),
    ...(values.subtask ? { subtasks: values.subtask } : {}),
    ...(context ? { context } : {}),
    ...(values.thread ? { threadId: values.thread } : {}),
  };
  // Bad input fails before any probe or download.
  parseOrThrow(OrchestrateInputSchema, input);
  // Loaded once the command line is known to be valid: usage errors answer without loading LangGraph.
  const { AgentOrchestrator } = await import("../orchestrator.js");
  const { agents, where } = await chooseAgents(given, stderr, signal);
  const tokenBudget = parseTokenBudget(values["token-budget"]);
  const orchestrator = new AgentOrchestrator(agents, {
    ...options,
    // Every CLI run is recorded in the run store (`llmgenie runs`, `stats`, learned auto mode).
    store: options.store ?? true,
    ...(tokenBudget ? { tokenBudget } : {}),
  });
  await fetchEmbeddedModels(Object.values(agents), stderr, signal);

  const progress = new ProgressReporter(stderr, { requestedMode: executionMode, defaultHost: hostKey(ollamaBaseUrl()) });
  const agentList = Object.entries(agents).map(([name, spec]) => describeAgent(name, spec));
  progress.info("run", `agents ${agentList.join(", ")} · ${where}${file ? ` · config ${file}` : ""}`);
  if (values.thread) progress.info("thread", `${values.thread} (checkpointed; the same command resumes it)`);

  let result;
  // A run paused for review (`humanReview`) is checkpointed on its taskId: the thread to resume.
  let thread = values.thread;
  const sameCommand = (id: string) => `run the same command${values.thread ? "" : ` with --thread ${id}`}`;
  const answers = inputLines(stdin, signal);
  // A thread resumed while it waits for review has not shown its plan in this process: the review shows it.
  let planShown = false;
  const onEvent = (event: OrchestrationEvent) => {
    if (event.mode === "custom" && event.data.event === "plan") planShown = true;
    progress.handle(event);
  };
  try {
    result = await orchestrator.orchestrate({ ...input, signal }, { onEvent });
    while (result.status === "interrupted" && result.metadata.pendingReview) {
      thread = result.taskId;
      progress.stop();
      const { plan } = result.metadata.pendingReview;
      const decision = await readPlanDecision(answers.lines, (text) => progress.info("review", text), planShown ? undefined : plan);
      signal.throwIfAborted();
      if (!decision) break;
      result = await orchestrator.resume(result.taskId, decision, { onEvent, signal });
    }
  } catch (error) {
    if (signal.aborted && thread) {
      progress.stop();
      stderr.write(`llmgenie: ${sameCommand(thread)} again to resume thread "${thread}"\n`);
    }
    throw error;
  } finally {
    answers.close();
    progress.stop();
    await orchestrator.close(); // the SQLite file or PostgreSQL pool of a --thread run; embedded models
  }
  if (result.status === "interrupted") {
    stderr.write(`llmgenie: the plan waits for review (stdin ended without a decision): ${sameCommand(result.taskId)} to review it\n`);
  }

  if (values.json) stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.output) stdout.write(result.output.endsWith("\n") ? result.output : `${result.output}\n`);
  stderr.write(formatSummary(result, stderr));
  return result.status === "failed" ? ExitCode.FAILED : ExitCode.OK;
}
