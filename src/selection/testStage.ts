/**
 * The tests stage: each code candidate runs with the caller's tests in the
 * sandbox, a bounded number at once (test runs are CPU-bound; the default of
 * two matches the project's machines).
 */
import { availableParallelism } from "node:os";
import { extractCode } from "../quality/index.js";
import { mapWithConcurrency } from "./pool.js";
import { DEFAULT_SANDBOX_LIMITS, runInSandbox, toRunnableJs, type SandboxLimits, type SandboxResult } from "./sandbox.js";
import type { SandboxOptions } from "./types.js";

export interface CandidateTestResult {
  passed: boolean;
  /** Share of assertions that held (0 when the run failed before any). */
  passRate: number;
  summary: string;
  run?: SandboxResult;
}

/** Default concurrency: two runs, or fewer when the machine has fewer cores. */
export const defaultTestConcurrency = (): number => Math.max(1, Math.min(2, availableParallelism()));

/** Run `tests` against every candidate's code. */
export async function runCandidateTests(candidates: readonly string[], tests: string, options: SandboxOptions = {}, signal?: AbortSignal): Promise<CandidateTestResult[]> {
  const limits: SandboxLimits = {
    ...DEFAULT_SANDBOX_LIMITS,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.memoryMb ? { memoryMb: options.memoryMb } : {}),
  };
  return mapWithConcurrency(candidates, options.concurrency ?? defaultTestConcurrency(), async (candidate) => {
    signal?.throwIfAborted();
    const extracted = extractCode(candidate);
    if (!extracted.code.trim()) return { passed: false, passRate: 0, summary: "no code to run" };
    if (extracted.language !== "javascript" && extracted.language !== "typescript" && extracted.language !== "other") {
      return { passed: false, passRate: 0, summary: `${extracted.language} code cannot run as JavaScript` };
    }
    const run = await runInSandbox(toRunnableJs(extracted.code, extracted.language === "typescript"), tests, limits, signal);
    const passRate = run.asserts > 0 ? (run.asserts - run.failures) / run.asserts : run.passed ? 1 : 0;
    return { passed: run.passed, passRate: run.status === "failed" || run.passed ? passRate : 0, summary: `${run.status}: ${run.message ?? ""}`.trim(), run };
  });
}
