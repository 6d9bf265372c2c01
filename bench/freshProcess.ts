/**
 * Runs a bench suite in a fresh Node process and hands its figures back over
 * IPC. A suite run after others inherits their heap (old-generation garbage,
 * compiled code, open handles), so a ratio between two implementations can
 * drift with what ran before it (on one machine, § 8d's 1,000-subtask ratio
 * measured 1.07–1.24 in the bench's process and 0.95–1.00 in one of its own).
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

type Reply<O> = { ok: true; value: O } | { ok: false; message: string };

/**
 * Fork the bench module `script` (TypeScript, through tsx) with `input` as its
 * JSON argument and an IPC channel. `stderrTail` is the end of what it wrote
 * to stderr, for the error when it fails.
 */
export function forkBenchModule(script: URL, input: unknown, env?: NodeJS.ProcessEnv): { child: ChildProcess; stderrTail: () => string } {
  const child = fork(fileURLToPath(script), [JSON.stringify(input)], {
    execArgv: ["--import", "tsx"],
    ...(env ? { env } : {}),
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderrTail: () => stderr.slice(-2000) };
}

/**
 * Fork `script` (a module that calls `answerParent`) with `input` and resolve
 * to what its work returns.
 */
export function inFreshProcess<I, O>(script: URL, input: I): Promise<O> {
  const { child, stderrTail } = forkBenchModule(script, input);
  return new Promise((resolve, reject) => {
    child.on("message", (reply: Reply<O>) => (reply.ok ? resolve(reply.value) : reject(new Error(reply.message))));
    child.on("close", (code) => reject(new Error(`${script.pathname} exited ${code} before answering: ${stderrTail()}`)));
  });
}

/** The child's side: run `work` on the input the parent gave, send back the result, exit. */
export function answerParent<I, O>(work: (input: I) => Promise<O>): void {
  const finish = (reply: Reply<O>) => process.send!(reply, () => process.exit(0));
  work(JSON.parse(process.argv[2]!) as I).then(
    (value) => finish({ ok: true, value }),
    (error: unknown) => finish({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
}
