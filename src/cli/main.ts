#!/usr/bin/env node
/**
 * Entry point of the `llmgenie` command (`npm run -s llmgenie -- …` in a
 * checkout, `bin/llmgenie.js` once built). Wires the process to `runCli`:
 * Ctrl-C aborts the run (a second one exits at once), LangSmith traces are
 * flushed within a bound, and the exit code is the command's.
 */
import { runCli } from "./cli.js";
import { flushTraces } from "./tracing.js";
import { ExitCode } from "./usage.js";

const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(ExitCode.INTERRUPTED);
  process.stderr.write("\nllmgenie: stopping… (Ctrl-C again to quit at once)\n");
  controller.abort();
});
// `llmgenie run … | head`: a closed stdout is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? ExitCode.OK);
  throw error;
});

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
});
await flushTraces(process.stderr);
// Exit now rather than wait for keep-alive sockets and tracing timers; stdout is flushed first.
process.stdout.write("", () => process.exit(code));
