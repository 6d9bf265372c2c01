/**
 * `evaluateStrategies()` from code with the modes: every strategy runs every
 * item, its numbers agree with the stored runs and with each other, the
 * `single:` numbers stay exact next to them, cascade runs as a strategy,
 * and `--repeat` runs each item that many times.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateStrategies, openRunStore } from "../../src/index.js";
import { parseDataset } from "../../src/eval/dataset.js";
import { useOllamaServer } from "../support/ollamaServer.js";
import { AGENTS, DATASET, modelScript } from "./fixture.js";

const server = await useOllamaServer({ models: { "alpha:1b": modelScript("alpha"), "beta:1b": modelScript("beta") } });
const dir = mkdtempSync(join(tmpdir(), "llmgenie-eval-"));

const items = parseDataset(DATASET, "fixture");

describe("evaluateStrategies", () => {
  it("modes and baselines on the same items: consistent numbers, exact baselines, cascade as a strategy", { timeout: 120_000 }, async () => {
    const strategies = ["auto", "parallel", "sequential", "collaborative", "cascade", "single:alpha", "single:beta"];
    const path = join(dir, "modes.sqlite");
    const progress: string[] = [];
    const report = await evaluateStrategies({
      dataset: items,
      agents: AGENTS,
      strategies,
      store: path,
      concurrency: 3,
      onProgress: (p) => progress.push(`${p.strategy}:${p.itemId}`),
    });
    expect(report.strategies.map((s) => s.strategy)).toEqual(strategies);
    expect(progress).toHaveLength(70);
    for (const s of report.strategies) {
      expect(s.n).toBe(10);
      expect(Number.isInteger(s.passRate * s.n)).toBe(true);
      expect(s.passRateCI[0]).toBeLessThanOrEqual(s.passRate);
      expect(s.passRateCI[1]).toBeGreaterThanOrEqual(s.passRate);
      expect(s.latencyMs.p95).toBeGreaterThanOrEqual(s.latencyMs.p50);
      expect(s.failures).toBe(0);
      expect(s.tokens.mean).toBeGreaterThan(0);
    }
    expect(report.strategies.find((s) => s.strategy === "single:alpha")!.passRate).toBe(0.8);
    expect(report.strategies.find((s) => s.strategy === "single:beta")!.passRate).toBe(0.3);
    // Collaborative picks one of the two agents' answers per item: never better than both, never worse than both.
    const collaborative = report.strategies.find((s) => s.strategy === "collaborative")!;
    expect(collaborative.passRate).toBeGreaterThanOrEqual(0.2);
    expect(collaborative.passRate).toBeLessThanOrEqual(0.9);

    // Comparisons: every pair once, wins + losses + ties = the paired items, and consistent with the pass rates.
    expect(report.comparisons).toHaveLength((strategies.length * (strategies.length - 1)) / 2);
    const rate = Object.fromEntries(report.strategies.map((s) => [s.strategy, s.passRate]));
    for (const c of report.comparisons) {
      expect(c.aWins + c.bWins + c.ties).toBe(10);
      expect((c.aWins - c.bWins) / 10).toBeCloseTo(rate[c.a]! - rate[c.b]!, 10);
      expect(c.pValue).toBeGreaterThan(0);
      expect(c.pValue).toBeLessThanOrEqual(1);
    }
    expect(strategies).toContain(report.recommendation.overall);
    expect(Object.keys(report.recommendation.byTaskType).length).toBeGreaterThan(0);

    // The store holds exactly the runs that ran.
    const store = await openRunStore(path);
    try {
      const stored = await store.evalRuns(report.evalId);
      expect(stored).toHaveLength(70);
      const passed = (strategy: string) => stored.filter((r) => r.strategy === strategy && r.checkPassed).length;
      for (const s of report.strategies) expect(passed(s.strategy)).toBe(s.passRate * 10);
    } finally {
      await store.close();
    }
  });

  it("--repeat runs each item that many times, and a larger repeat later reuses the earlier runs", { timeout: 60_000 }, async () => {
    const path = join(dir, "repeat.sqlite");
    const first = await evaluateStrategies({ dataset: items.slice(0, 3), agents: AGENTS, strategies: ["single:beta"], repeat: 2, store: path });
    expect(first.strategies[0]).toMatchObject({ n: 6, passRate: 4 / 6 });
    expect(server.chats).toHaveLength(6);
    server.reset();
    const second = await evaluateStrategies({ dataset: items.slice(0, 3), agents: AGENTS, strategies: ["single:beta"], repeat: 3, store: path });
    expect(second).toMatchObject({ resumed: 6, ran: 3 });
    expect(second.strategies[0]).toMatchObject({ n: 9, passRate: 6 / 9 });
    expect(server.chats).toHaveLength(3);
  });

  it("bad options are InvalidInputErrors naming the field", async () => {
    await expect(evaluateStrategies({ dataset: items, agents: AGENTS, strategies: ["fastest"], store: join(dir, "x.sqlite") })).rejects.toThrow(
      /^strategy: must be one of auto, parallel, sequential, collaborative, cascade or single:<agent>, got "fastest"$/,
    );
    await expect(evaluateStrategies({ dataset: items, agents: AGENTS, repeat: 0, store: join(dir, "x.sqlite") })).rejects.toThrow(/^repeat: must be a positive integer/);
  });
});
