/**
 * Running untrusted candidate code against tests in a child Node process.
 *
 * What the isolation does:
 * - Node's permission model (`--permission`, on Node 20 `--experimental-permission`)
 *   with no grants: no file system reads or writes, no child processes, no
 *   worker threads, no native addons (`--no-addons`). The program is fed on
 *   stdin, so not even the script needs a read grant.
 * - A wall-clock limit: the process is killed (SIGKILL) when it runs over.
 * - A memory limit on the V8 heap (`--max-old-space-size`).
 * - An empty environment (`env: {}`): no secrets or paths leak in.
 * - Output capped (1 MB); a flood of output kills the run.
 * - `console.assert` is replaced to count assertions and failures; a failed
 *   assertion, an uncaught exception, a non-zero exit or no assertion run at
 *   all (when the tests use `console.assert`) is a failure.
 *
 * What it does NOT prevent:
 * - Network access: the permission model of Node 20/22 has no network
 *   permission; a candidate can open sockets and make HTTP requests.
 * - CPU use within the time limit, and memory outside the V8 heap
 *   (Buffers, native allocations) beyond what the OS allows.
 * - A deliberately adversarial candidate that forges the result line or
 *   exploits a bug in the permission model. The sandbox is meant for model
 *   output that may be wrong or careless, not for hostile code; for that,
 *   add OS isolation (container without network, seccomp, a separate user).
 */
import { onAbort } from "../agents/signals.js";
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { typescript as compiler } from "../quality/code/typescript.js";

export interface SandboxLimits {
  timeoutMs: number;
  memoryMb: number;
  /** Bytes of stdout+stderr kept; more kills the run. */
  maxOutputBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 1_000_000 };

export type SandboxStatus = "passed" | "failed" | "error" | "timeout" | "output-limit";

export interface SandboxResult {
  status: SandboxStatus;
  passed: boolean;
  /** `console.assert` calls made, and how many failed. */
  asserts: number;
  failures: number;
  /** First failure or error, for reasons. */
  message?: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  stdout: string;
  stderr: string;
}

/**
 * The permission flag of the running Node: `--permission` from Node 22.13
 * and 23.5, `--experimental-permission` before (Node 20).
 */
export function permissionFlag(version: string = process.versions.node): string {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const stable = major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return stable ? "--permission" : "--experimental-permission";
}

/** Node arguments for a sandboxed run reading its program from stdin. */
export function sandboxArgs(limits: SandboxLimits): string[] {
  return [permissionFlag(), "--no-addons", "--no-warnings", `--max-old-space-size=${limits.memoryMb}`, "-"];
}

/** TypeScript candidates are transpiled (types stripped); JavaScript runs as written. */
export function toRunnableJs(code: string, typescript: boolean): string {
  // `export` would turn the script into a module whose names the tests cannot see.
  const script = code
    .replace(/^\s*export\s*\{[^}]*\}\s*;?\s*$/gmu, "")
    .replace(/^\s*export\s+default\s+[\w$]+\s*;?\s*$/gmu, "")
    .replace(/^(\s*)export\s+default\s+(?=(async\s+)?(function|class)\b)/gmu, "$1")
    .replace(/^(\s*)export\s+(?=(const|let|var|function|class|async)\b)/gmu, "$1");
  if (!typescript) return script;
  const ts = compiler();
  return ts.transpileModule(script, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
}

/** The program run in the child: result reporter, candidate code, tests. */
export function buildProgram(code: string, tests: string, nonce: string): string {
  const prelude = `(() => {
  const write = process.stdout.write.bind(process.stdout);
  const state = { asserts: 0, failures: 0, message: undefined };
  const show = (v) => { try { return typeof v === "string" ? v : JSON.stringify(v); } catch { return String(v); } };
  Object.defineProperty(console, "assert", {
    configurable: false,
    writable: false,
    value: (condition, ...data) => {
      state.asserts++;
      if (!condition) {
        state.failures++;
        if (state.message === undefined) state.message = "assertion failed" + (data.length ? ": " + data.map(show).join(" ") : "");
      }
    },
  });
  process.on("exit", (code) => { write("\\n${nonce}" + JSON.stringify({ asserts: state.asserts, failures: state.failures, message: state.message, code }) + "\\n"); });
})();\n`;
  return `${prelude}${code}\n;\n${tests}\n`;
}

interface Report {
  asserts: number;
  failures: number;
  message?: string;
  code: number;
}

function lastError(stderr: string): string | undefined {
  const line = stderr
    .split("\n")
    .map((l) => l.trim())
    .find((l) => /^[A-Z]\w*(Error|Exception)\b|^Error\b|ERR_ACCESS_DENIED|heap out of memory/u.test(l));
  return line?.slice(0, 300);
}

/** Run `code` followed by `tests` in a sandboxed child process; `signal` kills the run. */
export function runInSandbox(code: string, tests: string, limits: SandboxLimits = DEFAULT_SANDBOX_LIMITS, signal?: AbortSignal): Promise<SandboxResult> {
  const nonce = `@@llmgenie-result-${randomUUID()}@@`;
  const program = buildProgram(code, tests, nonce);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, sandboxArgs(limits), { env: {}, cwd: tmpdir(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let killedFor: "timeout" | "output-limit" | "aborted" | undefined;
    const kill = (why: "timeout" | "output-limit" | "aborted"): void => {
      if (killedFor) return;
      killedFor = why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill("timeout"), limits.timeoutMs);
    if (signal?.aborted) kill("aborted");
    const stopListening = signal && !signal.aborted ? onAbort(signal, () => kill("aborted")) : undefined;
    const collect = (which: "out" | "err") => (chunk: Buffer) => {
      if (which === "out") stdout += chunk.toString("utf8");
      else stderr += chunk.toString("utf8");
      if (stdout.length + stderr.length > limits.maxOutputBytes) kill("output-limit");
    };
    child.stdout.on("data", collect("out"));
    child.stderr.on("data", collect("err"));
    child.stdin.on("error", () => undefined); // the child may exit before reading everything
    child.stdin.end(program);
    child.on("error", (error) => {
      clearTimeout(timer);
      stopListening?.();
      resolve({ status: "error", passed: false, asserts: 0, failures: 0, message: `could not start node: ${error.message}`, exitCode: null, signal: null, durationMs: performance.now() - started, stdout, stderr });
    });
    child.on("close", (exitCode, exitSignal) => {
      clearTimeout(timer);
      stopListening?.();
      const durationMs = performance.now() - started;
      const at = stdout.lastIndexOf(nonce);
      let report: Report | undefined;
      if (at >= 0) {
        try {
          report = JSON.parse(stdout.slice(at + nonce.length).split("\n")[0]!) as Report;
        } catch {
          report = undefined;
        }
      }
      const cleanStdout = at >= 0 ? stdout.slice(0, at).trimEnd() : stdout;
      const base = { asserts: report?.asserts ?? 0, failures: report?.failures ?? 0, exitCode, signal: exitSignal, durationMs, stdout: cleanStdout, stderr };
      if (killedFor === "aborted") {
        resolve({ ...base, status: "error", passed: false, message: "aborted" });
        return;
      }
      if (killedFor) {
        const message = killedFor === "timeout" ? `killed after ${limits.timeoutMs} ms` : `output over ${limits.maxOutputBytes} bytes`;
        resolve({ ...base, status: killedFor, passed: false, message });
        return;
      }
      if (!report || exitCode !== 0) {
        const message = lastError(stderr) ?? report?.message ?? (exitSignal ? `killed by ${exitSignal}` : `exit code ${exitCode}`);
        resolve({ ...base, status: "error", passed: false, message });
        return;
      }
      const assertsExpected = /console\.assert\s*\(/u.test(tests);
      if (report.failures > 0) {
        resolve({ ...base, status: "failed", passed: false, message: `${report.failures}/${report.asserts} assertions failed; first: ${report.message}` });
      } else if (assertsExpected && report.asserts === 0) {
        resolve({ ...base, status: "failed", passed: false, message: "no assertion ran" });
      } else {
        resolve({ ...base, status: "passed", passed: true, message: `${report.asserts} assertion(s) passed` });
      }
    });
  });
}
