/**
 * Runs the `llmgenie` command line as a child process, the way users do
 * (`node --import tsx src/cli/main.ts …`), with pipes for stdout and stderr
 * (so the CLI sees no terminal) and an environment of the test's choosing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface CliOutcome {
  /** Exit code; null if a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  /** Output so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once stderr matches `pattern` (rejects if the process exits first). */
  waitForStderr(pattern: RegExp): Promise<void>;
  /** Resolves when the process has exited. */
  done: Promise<CliOutcome>;
}

export interface CliOptions {
  /** Extra environment; `OLLAMA_BASE_URL` usually. */
  env?: Record<string, string | undefined>;
  /** Working directory (default: a fresh temporary one, so checkpoints stay apart). */
  cwd?: string;
  /** What stdin holds, then its end (default: no stdin at all). */
  input?: string;
}

/** A fresh temporary directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), "llmgenie-cli-"));

/** Start the CLI with `args`. */
export function startCli(args: string[], options: CliOptions = {}): CliProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, LANGSMITH_TRACING: "false", LANGCHAIN_TRACING_V2: "false", ...options.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const child = spawn(process.execPath, ["--import", TSX, MAIN, ...args], {
    cwd: options.cwd ?? tempDir(),
    env,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
    for (const waiter of [...waiters]) waiter();
  });
  const done = new Promise<CliOutcome>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    done,
    waitForStderr(pattern) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stderr)) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
        done.then(() => {
          if (!pattern.test(stderr)) reject(new Error(`exited before stderr matched ${pattern}:\n${stderr}`));
        }, reject);
      });
    },
  };
}

/** Run the CLI to the end. */
export const runCli = (args: string[], options: CliOptions = {}): Promise<CliOutcome> => startCli(args, options).done;

/** A loopback port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A stack trace line, which an expected error must not print. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
