import type { Terminal } from "./terminal.js";

/** What a command gets from the process: its streams and the Ctrl-C signal. */
export interface CommandContext {
  /** Read only when a command needs a person's answer (`run`: a plan waiting for review). */
  stdin: NodeJS.ReadableStream;
  stdout: Terminal;
  stderr: Terminal;
  /** Aborted on SIGINT; commands stop their work (in-flight requests included) and exit 130. */
  signal: AbortSignal;
}
