import { readFileSync } from "node:fs";
import type { CommandContext } from "./context.js";
import { ExitCode, USAGE, UsageError } from "./usage.js";

type Command = (args: string[], context: CommandContext) => Promise<ExitCode>;

/** Loaded on use, so `--help` and usage errors answer without loading LangGraph. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import("./run.js")).runCommand,
  doctor: async () => (await import("./doctor.js")).doctorCommand,
  graph: async () => (await import("./graph.js")).graphCommand,
  models: async () => (await import("./models.js")).modelsCommand,
  eval: async () => (await import("./eval.js")).evalCommand,
  runs: async () => (await import("./runs.js")).runsCommand,
  stats: async () => (await import("./stats.js")).statsCommand,
  feedback: async () => (await import("./feedback.js")).feedbackCommand,
};

/** The package version; `package.json` is two levels up from both `src/cli` and `dist/cli`. */
const version = (): string =>
  (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

/** An expected error → one line on stderr and its exit code; anything else is a bug and keeps its stack. */
function reportError(error: unknown, { stderr, signal }: CommandContext): ExitCode {
  const message = error instanceof Error ? error.message : String(error);
  if (signal.aborted || (error instanceof Error && error.name === "AbortError")) {
    stderr.write("llmgenie: interrupted\n");
    return ExitCode.INTERRUPTED;
  }
  if (error instanceof UsageError) {
    stderr.write(`llmgenie: ${message}\nRun "llmgenie --help" for usage.\n`);
    return ExitCode.USAGE;
  }
  // By name, not class: importing the classes would load zod before `--help` could answer.
  const name = error instanceof Error ? error.name : "";
  if (name === "ModelDownloadError" || name === "EmbeddedRuntimeError") {
    stderr.write(`llmgenie: ${message}\n`);
    return ExitCode.FAILED;
  }
  if (name === "InvalidInputError" || name === "ConfigurationError" || name === "InvalidModelError") {
    stderr.write(`llmgenie: invalid input: ${message}\n`);
    return ExitCode.USAGE;
  }
  // The run store (checked by name: importing it here would load the database drivers for every command).
  if (error instanceof Error && error.name === "RunStoreError") {
    stderr.write(`llmgenie: ${message}\n`);
    return ExitCode.FAILED;
  }
  stderr.write(`llmgenie: unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}\n`);
  return ExitCode.FAILED;
}

/**
 * The command line without the process around it: dispatch `argv` to a
 * command and map its outcome to an exit code (spec: interface.md).
 */
export async function runCli(argv: string[], context: CommandContext): Promise<ExitCode> {
  const [command, ...args] = argv;
  try {
    if (command === undefined) {
      context.stderr.write(`${USAGE}\n`);
      return ExitCode.USAGE;
    }
    if (command === "help" || command === "--help" || command === "-h") {
      context.stdout.write(`${USAGE}\n`);
      return ExitCode.OK;
    }
    if (command === "--version" || command === "-v") {
      context.stdout.write(`${version()}\n`);
      return ExitCode.OK;
    }
    const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) throw new UsageError(`unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(", ")}`);
    const code = await (await load())(args, context);
    return context.signal.aborted ? ExitCode.INTERRUPTED : code;
  } catch (error) {
    return reportError(error, context);
  }
}
