/**
 * The behaviour every run-store backend must have, run against SQLite and
 * PostgreSQL by their test files.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { beforeEach, expect, it } from "vitest";
import { openRunStore } from "../../src/store/index.js";
import { sampleRun } from "./sampleRun.js";

/**
 * Two writer processes (`writeRuns.ts`) recording `perWriter` runs each into
 * the store at `location` at once (migrating it, if it is new): checks that
 * both exit 0 and that every run, with its attempts, is there.
 */
export async function expectConcurrentWritersLoseNothing(location: string, perWriter: number): Promise<void> {
  const script = fileURLToPath(new URL("./writeRuns.ts", import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const writer = (prefix: string) =>
    new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", tsx, script, location, prefix, String(perWriter)], { stdio: ["ignore", "inherit", "inherit"] });
      child.once("error", reject);
      child.once("close", resolve);
    });
  expect(await Promise.all([writer("p1"), writer("p2")])).toEqual([0, 0]);
  const store = await openRunStore(location);
  try {
    const runs = await store.listRuns({ limit: 1_000 });
    expect(runs).toHaveLength(2 * perWriter);
    expect(runs.every((r) => r.attemptCount === 2)).toBe(true);
  } finally {
    await store.close();
  }
}

/** @param newLocation - a fresh, empty store location (SQLite path or PostgreSQL URL) per test */
export function runStoreSuite(newLocation: () => Promise<string>): void {
  let location = "";
  const open = () => openRunStore(location);
  beforeEach(async () => {
    location = await newLocation();
  });

  it("records runs with their attempts and lists them newest first", async () => {
    const store = await open();
    try {
      await store.recordRun(sampleRun("a", { createdAt: "2026-01-01T00:00:00.000Z", attempts: 2, checkPassed: false }));
      await store.recordRun(sampleRun("b", { createdAt: "2026-01-02T00:00:00.000Z", error: "boom", status: "partial" }));
      const runs = await store.listRuns({ limit: 10 });
      expect(runs.map((r) => r.taskId)).toEqual(["b", "a"]);
      expect(runs[1]).toMatchObject({ taskId: "a", query: "query of a", taskType: "code_generation", mode: "collaborative", strategy: "collaborative", status: "completed", quality: 0.8, checkPassed: false, latencyMs: 120, inputTokens: 10, outputTokens: 20, attemptCount: 2 });
      expect(runs[0]).toMatchObject({ status: "partial", error: "boom", attemptCount: 1 });
      expect(runs[0]!.checkPassed).toBeUndefined();
      expect(await store.listRuns({ limit: 1 })).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it("a run recorded again replaces its row and attempts but keeps its feedback", async () => {
    const store = await open();
    try {
      await store.recordRun(sampleRun("r", { attempts: 3 }));
      expect(await store.recordFeedback("r", 0.25)).toBe(true);
      await store.recordRun(sampleRun("r", { attempts: 1, quality: 0.4 }));
      const [run] = await store.listRuns();
      expect(run).toMatchObject({ taskId: "r", quality: 0.4, attemptCount: 1, feedback: 0.25 });
      expect(await store.recordFeedback("nope", 1)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("aggregates attempts per agent and task type", async () => {
    const store = await open();
    try {
      const attempt = (agent: string, status: "completed" | "failed", latencyMs: number, quality?: number) => ({
        agent, model: `${agent}:1b`, task: "candidate", status, latencyMs, inputTokens: 3, outputTokens: 4, toolCalls: 1,
        ...(quality !== undefined ? { quality } : {}),
      });
      await store.recordRun(sampleRun("s1", { taskType: "debugging", attempts: 0 }));
      await store.recordRun({ ...sampleRun("s2", { taskType: "debugging" }), attempts: [attempt("x", "completed", 100, 0.5), attempt("y", "failed", 50)] });
      await store.recordRun({ ...sampleRun("s3", { taskType: "debugging" }), attempts: [attempt("x", "completed", 300, 1), attempt("x", "failed", 200)] });
      const stats = await store.agentStats();
      expect(stats).toEqual([
        { agent: "x", taskType: "debugging", attempts: 3, successRate: 2 / 3, meanQuality: 0.75, p50LatencyMs: 200, inputTokens: 9, outputTokens: 12 },
        { agent: "y", taskType: "debugging", attempts: 1, successRate: 0, meanQuality: null, p50LatencyMs: 50, inputTokens: 3, outputTokens: 4 },
      ]);
      // With prices: x's model is priced (9 in, 12 out); y's is not, so it has no cost rather than a cost of 0.
      const priced = await store.agentStats({ "x:1b": { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 } });
      expect(priced.map((s) => [s.agent, s.cost])).toEqual([["x", 33], ["y", undefined]]);
      expect(Object.hasOwn(priced[1]!, "cost")).toBe(false);
    } finally {
      await store.close();
    }
  });

  it("outcomes per strategy: feedback wins over the check, the check over quality; plain runs without feedback do not count", async () => {
    const store = await open();
    try {
      const ev = (itemId: string) => ({ evalId: "e1", itemId, repeat: 0 });
      await store.recordRun(sampleRun("o1", { strategy: "single:a", checkPassed: true, eval: ev("1") }));
      await store.recordRun(sampleRun("o2", { strategy: "single:a", checkPassed: false, eval: ev("2") }));
      await store.recordRun(sampleRun("o3", { strategy: "parallel", quality: 0.3, eval: ev("3") }));
      await store.recordRun(sampleRun("o4", { strategy: "auto" }));
      await store.recordRun(sampleRun("o5", { strategy: "auto" }));
      await store.recordRun(sampleRun("o6", { strategy: "auto", taskType: "analysis", eval: ev("6") }));
      await store.recordFeedback("o2", 0.9);
      await store.recordFeedback("o5", 0.1);
      const outcomes = await store.strategyOutcomes("code_generation");
      expect(outcomes.sort((a, b) => a.strategy.localeCompare(b.strategy) || Number(a.passed) - Number(b.passed))).toEqual([
        { strategy: "auto", passed: false, source: "feedback" },
        { strategy: "parallel", passed: false, source: "quality" },
        { strategy: "single:a", passed: true, source: "check" },
        { strategy: "single:a", passed: true, source: "feedback" },
      ]);
      expect((await store.evalRuns("e1")).map((r) => r.eval?.itemId).sort()).toEqual(["1", "2", "3", "6"]);
    } finally {
      await store.close();
    }
  });

  it("opening an up-to-date store again migrates nothing and keeps the data", async () => {
    const first = await open();
    await first.recordRun(sampleRun("kept"));
    await first.close();
    const second = await open();
    try {
      expect((await second.listRuns()).map((r) => r.taskId)).toContain("kept");
    } finally {
      await second.close();
    }
  });
}
