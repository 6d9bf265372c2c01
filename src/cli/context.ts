import type { Terminal } from "./terminal.js";

/** What a command gets from the process: its streams and the Ctrl-C signal. */
export interface CommandContext {
  stdout: Terminal;
  stderr: Terminal;
  /** Aborted on SIGINT; commands stop their work (in-flight requests included) and exit 130. */
  signal: AbortSignal;
}
