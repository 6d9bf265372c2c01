/**
 * The benchmark script must keep working: run `bench/run.ts --smoke` (every
 * suite, tiny sizes, once) and check the shape of what it writes. No timing
 * is asserted; the concurrency cap and context figures are facts of the
 * request log, so they are.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import type { BenchResults } from "../bench/results.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "llmgenie-bench-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const positive = expect.any(Number);

describe("npm run bench -- --smoke", () => {
  it("runs every suite and writes results of the documented shape", { timeout: 300_000 }, async () => {
    const out = join(dir, "results.json");
    await run(process.execPath, ["--import", "tsx", "bench/run.ts", "--smoke", "--out", out], {
      env: { ...process.env, LANGSMITH_TRACING: "false" },
      maxBuffer: 16 * 1024 * 1024,
    });
    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;

    expect(results.smoke).toBe(true);
    expect(results.machine).toMatchObject({ cores: positive, node: process.version });
    expect(Number.isNaN(Date.parse(results.date))).toBe(false);

    const baseLatency = results.overhead?.[0]?.latencyMs;
    expect(results.overhead?.filter((f) => f.latencyMs === baseLatency).map((f) => f.mode)).toEqual([
      "parallel",
      "sequential",
      "collaborative",
    ]);
    for (const figure of results.overhead ?? []) {
      expect(figure.ratio).toBeGreaterThan(0);
      expect(figure.criticalPathMs).toBeGreaterThan(0);
      expect(figure.wallMs).toBeGreaterThanOrEqual(figure.criticalPathMs);
    }
    expect(results.overhead?.[0]?.rawLangGraphRatio).toBeGreaterThan(0);
    expect(results.overhead?.some((f) => f.latencyMs > baseLatency!)).toBe(true);

    expect(results.speedup?.length).toBeGreaterThan(0);
    for (const figure of results.speedup ?? []) {
      expect(figure.sequentialPeakInFlight).toBe(1);
      expect(figure.peakInFlight).toBeLessThanOrEqual(figure.maxConcurrency ?? figure.n);
      expect(figure.speedup).toBeGreaterThan(0);
    }

    expect(results.fanout?.length).toBeGreaterThan(0);
    for (const figure of results.fanout ?? []) {
      expect(figure.peakInFlight).toBeLessThanOrEqual(figure.maxConcurrency);
      expect(figure.modelCalls).toBe(figure.n + 1);
      expect(figure.peakRssMb).toBeGreaterThan(0);
    }

    expect(results.raw?.map((f) => f.backend)).toEqual(["fake", "loopback", "fake", "loopback"]);
    for (const figure of results.raw ?? []) {
      expect(figure.ratio).toBeGreaterThan(0);
      expect(figure.bareAgentRatio).toBeGreaterThan(0);
      expect(figure.shapedRatio).toBeGreaterThan(0);
      expect(figure.uncheckedRatio).toBeGreaterThan(0);
    }

    expect(results.importCost?.figures.map((f) => f.subject)).toEqual(["llmgenie", "@langchain/langgraph + @langchain/ollama"]);
    expect(results.importCost?.timeRatio).toBeGreaterThan(0);
    expect(results.importCost?.rssRatio).toBeGreaterThan(0);
    expect(results.importCost?.helpMs).toBeGreaterThan(0);
    // Hosts: facts of the simulated scheduler's log and the servers' request logs.
    const hosts = Object.fromEntries((results.hosts ?? []).map((f) => [f.scenario, f]));
    expect(Object.keys(hosts)).toEqual(["resident", "cold", "collaborative", "two-hosts"]);
    expect(hosts.resident!.loads).toBe(0);
    expect(hosts.cold!.loads).toBe(1);
    expect(hosts.collaborative!.reloaded).toBe(0);
    for (const host of hosts["two-hosts"]!.hosts ?? []) {
      expect(host.peak).toBeLessThanOrEqual(host.cap);
      expect(host.calls).toBeGreaterThan(0);
    }

    expect(results.context?.map((f) => f.variant)).toEqual(["short", "long"]);
    for (const figure of results.context ?? []) {
      expect(figure.byStep).toHaveLength(figure.steps - 1);
      expect(figure.share).toBeGreaterThan(0);
      expect(figure.share).toBeLessThanOrEqual(1);
    }

    // The tiny model: loaded once per thread setting, every call capped, the thread rule picks 1 for it.
    const embedded = results.embedded!;
    expect(embedded.runtimeStartMs).toBeGreaterThan(0);
    expect(embedded.figures.filter((f) => f.threadsChoice === "auto").map((f) => [f.threads, f.concurrent])).toEqual([[1, 1], [1, 2]]);
    for (const figure of embedded.figures) {
      expect(figure.loadMs).toBeGreaterThan(0);
      expect(figure.outputTokens).toBeGreaterThan(0);
      expect(figure.outputTokens).toBeLessThanOrEqual(16 * figure.concurrent); // the cap
      expect(figure.tokensPerSecond).toBeGreaterThan(0);
    }
  });
});
