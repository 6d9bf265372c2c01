/**
 * `llmgenie eval`, `runs` and `stats` as a child process against the
 * loopback Ollama server, whose scripted models make every pass rate known
 * in advance (fixture.ts): exact `--json` numbers for `single:` strategies,
 * the request log, the report, bad datasets, and an interrupted eval that
 * resumes without repeating finished items.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { countTokens, startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { runCli, startCli, STACK_LINE, tempDir } from "../cli/cliProcess.js";
import { AGENT_FLAGS, DATASET, answerOf, itemOf, modelScript } from "./fixture.js";

let server: OllamaServer;
const env = () => ({ OLLAMA_BASE_URL: server.url, LLMGENIE_DATABASE_URL: undefined, DATABASE_URL: undefined });

beforeAll(async () => {
  server = await startOllamaServer({ models: { "alpha:1b": modelScript("alpha"), "beta:1b": modelScript("beta") } });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

/** A working directory holding the dataset. */
function workspace(dataset = DATASET): string {
  const dir = tempDir();
  writeFileSync(join(dir, "data.jsonl"), dataset);
  return dir;
}

interface JsonReport {
  strategies: { strategy: string; n: number; passRate: number; passRateCI: [number, number]; meanQuality: number; latencyMs: { p50: number; p95: number }; tokens: { mean: number }; failures: number }[];
  comparisons: { a: string; b: string; aWins: number; bWins: number; ties: number; pValue: number }[];
  recommendation: { overall: string; byTaskType: Record<string, string>; reasons: { overall: string } };
}

describe("llmgenie eval", () => {
  it("--json: exact pass rates, intervals, comparisons and tokens for single: strategies; one call per item", { timeout: 120_000 }, async () => {
    const cwd = workspace();
    const { code, stdout, stderr } = await runCli(
      ["eval", "data.jsonl", ...AGENT_FLAGS, "--strategy", "single:alpha", "--strategy", "single:beta", "--json"],
      { cwd, env: env() },
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as JsonReport;
    expect(Object.keys(report)).toEqual(["strategies", "comparisons", "recommendation"]);
    const [alpha, beta] = report.strategies;
    expect(alpha).toMatchObject({ strategy: "single:alpha", n: 10, passRate: 0.8, failures: 0 });
    expect(beta).toMatchObject({ strategy: "single:beta", n: 10, passRate: 0.3, failures: 0 });
    expect(alpha!.passRateCI[0]).toBeCloseTo(0.4902, 4);
    expect(alpha!.passRateCI[1]).toBeCloseTo(0.9433, 4);
    expect(beta!.passRateCI[0]).toBeCloseTo(0.1078, 4);
    expect(beta!.passRateCI[1]).toBeCloseTo(0.6032, 4);
    // alpha alone passes items 3–8 that beta fails, beta item 9; both pass 1, 2 and fail 10.
    expect(report.comparisons).toHaveLength(1);
    expect(report.comparisons[0]).toMatchObject({ a: "single:alpha", b: "single:beta", aWins: 6, bWins: 1, ties: 3 });
    expect(report.comparisons[0]!.pValue).toBeCloseTo(16 / 128, 10);
    expect(report.recommendation.overall).toBe("single:alpha");
    expect(report.recommendation.reasons.overall).toMatch(/cannot tell it apart from single:beta \(p = 0\.13\)/);

    // Each item: exactly one call to that agent alone; tokens are the server's counts of those calls.
    for (const [model, name, summary] of [["alpha:1b", "alpha", alpha!], ["beta:1b", "beta", beta!]] as const) {
      const chats = server.chats.filter((c) => c.model === model);
      expect(chats.map((c) => itemOf({ prompt: c.messages!.map((m) => m.content).join("\n") })).sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const tokens = chats.reduce((n, c) => {
        const prompt = c.messages!.map((m) => String(m.content)).join("\n");
        return n + c.messages!.reduce((t, m) => t + countTokens(String(m.content)), 0) + countTokens(answerOf(name, { prompt }));
      }, 0);
      expect(summary.tokens.mean).toBeCloseTo(tokens / 10, 10);
      expect(summary.latencyMs.p50).toBeGreaterThan(0);
      expect(summary.latencyMs.p95).toBeGreaterThanOrEqual(summary.latencyMs.p50);
    }
    // Progress on stderr: per strategy counts.
    expect(stderr).toMatch(/single:alpha 10\/10 · single:beta 10\/10/);

    // Stored: `runs` lists them with their check outcome, `stats` aggregates per agent.
    const runs = await runCli(["runs", "--limit", "100", "--json"], { cwd, env: env() });
    expect(runs.code).toBe(0);
    const stored = JSON.parse(runs.stdout) as { strategy: string; checkPassed: boolean; attemptCount: number }[];
    expect(stored).toHaveLength(20);
    expect(stored.filter((r) => r.strategy === "single:alpha" && r.checkPassed)).toHaveLength(8);
    expect(stored.every((r) => r.attemptCount === 1)).toBe(true);
    const stats = await runCli(["stats", "--json"], { cwd, env: env() });
    const rows = JSON.parse(stats.stdout) as { agent: string; attempts: number; successRate: number }[];
    expect(rows.filter((r) => r.agent === "alpha").reduce((n, r) => n + r.attempts, 0)).toBe(10);
    expect(rows.every((r) => r.successRate === 1)).toBe(true);
    const table = await runCli(["stats"], { cwd, env: env() });
    expect(table.stdout).toMatch(/^agent\s+task type\s+attempts\s+success\s+quality\s+p50\s+tokens$/m);

    // The same command again: everything is stored, nothing runs, the numbers are the same.
    server.reset();
    const again = await runCli(["eval", "data.jsonl", ...AGENT_FLAGS, "--strategy", "single:alpha", "--strategy", "single:beta", "--json"], { cwd, env: env() });
    expect(again.code).toBe(0);
    expect(server.chats).toHaveLength(0);
    expect(again.stderr).toMatch(/nothing ran/);
    const repeated = JSON.parse(again.stdout) as JsonReport;
    expect(repeated.strategies.map((s) => [s.strategy, s.passRate])).toEqual([["single:alpha", 0.8], ["single:beta", 0.3]]);
  });

  it("table on stdout, --report writes markdown with the comparisons and an SVG chart", { timeout: 60_000 }, async () => {
    const cwd = workspace();
    const { code, stdout, stderr } = await runCli(
      ["eval", "data.jsonl", ...AGENT_FLAGS, "--strategy", "single:alpha", "--strategy", "single:beta", "--report", "report.md"],
      { cwd, env: env() },
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^strategy\s+n\s+pass\s+95% CI/m);
    expect(stdout).toMatch(/^single:alpha\s+10\s+80%\s+49%–94%/m);
    expect(stdout).toMatch(/^Recommendation: single:alpha — /m);
    const markdown = readFileSync(join(cwd, "report.md"), "utf8");
    expect(markdown).toContain("| single:alpha | single:beta | 6 | 1 | 3 | 0.125 |");
    expect(markdown).toContain("![Pass rate against median latency per strategy](report.svg)");
    const svg = readFileSync(join(cwd, "report.svg"), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(">single:alpha</text>");
    expect(svg.match(/<circle /g)).toHaveLength(2);
  });

  it("bad datasets exit 2 naming the line and the field, before any model call", { timeout: 120_000 }, async () => {
    const cases: [string, RegExp][] = [
      ['{"query":"fine"}\n{"qurey":"typo"}\n', /data\.jsonl line 2: .*query: /],
      ['{"query":"fine"}\n\n{"query":"x","check":{"regex":"("}}\n', /data\.jsonl line 3: check\.regex: invalid regular expression/],
      ['{"query":"x","check":{"answer":true}}\n', /data\.jsonl line 1: check\.answer: must be a string or a number/],
      ['{"query":"x","check":{"contians":"a"}}\n', /data\.jsonl line 1: check: must be one of/],
      ['{"query":"x"}\nnot json\n', /data\.jsonl line 2: not valid JSON/],
      ['{"id":"a","query":"x"}\n{"id":"a","query":"y"}\n', /data\.jsonl line 2: id: "a" is already used on line 1/],
      ['{"query":"x","taskType":"poetry"}\n', /data\.jsonl line 1: taskType: /],
    ];
    const outcomes = await Promise.all(cases.map(([dataset]) => runCli(["eval", "data.jsonl", ...AGENT_FLAGS], { cwd: workspace(dataset), env: env() })));
    for (const [i, { code, stderr }] of outcomes.entries()) {
      expect(code, stderr).toBe(2);
      expect(stderr).toMatch(cases[i]![1]);
      expect(stderr).not.toMatch(STACK_LINE);
    }
    const unknown = await runCli(["eval", "data.jsonl", ...AGENT_FLAGS, "--strategy", "single:gamma"], { cwd: workspace(), env: env() });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/strategy: unknown agent "gamma"/);
    const missing = await runCli(["eval", "nope.jsonl", ...AGENT_FLAGS], { cwd: workspace(), env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/dataset: cannot read nope\.jsonl \(ENOENT\)/);
    expect(server.chats).toHaveLength(0);
  });

  it("an interrupted eval resumes without repeating finished items (request log)", { timeout: 90_000 }, async () => {
    const cwd = workspace();
    server.setModel("alpha:1b", modelScript("alpha", { chunkDelayMs: 150 }));
    const args = ["eval", "data.jsonl", ...AGENT_FLAGS, "--strategy", "single:alpha", "--concurrency", "1", "--json"];
    const first = startCli(args, { cwd, env: env() });
    await first.waitForStderr(/single:alpha 4\/10/);
    first.child.kill("SIGINT");
    const stopped = await first.done;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/finished items are stored, the same command resumes/);
    const finishedFirst = new Set(
      [...stopped.stderr.matchAll(/single:alpha item (q\d+): pass|single:alpha item (q\d+): fail/g)].map((m) => Number((m[1] ?? m[2])!.slice(1))),
    );
    expect(finishedFirst.size).toBeGreaterThanOrEqual(4);
    const before = server.chats.length;

    const second = await runCli(args, { cwd, env: env() });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(new RegExp(`resuming, ${finishedFirst.size} result\\(s\\) already stored`));
    const secondItems = server.chats.slice(before).map((c) => itemOf({ prompt: c.messages!.map((m) => m.content).join("\n") })!);
    expect(secondItems.filter((n) => finishedFirst.has(n))).toEqual([]);
    expect(new Set([...finishedFirst, ...secondItems]).size).toBe(10);
    expect(secondItems).toHaveLength(10 - finishedFirst.size);
    const report = JSON.parse(second.stdout) as JsonReport;
    expect(report.strategies[0]).toMatchObject({ strategy: "single:alpha", n: 10, passRate: 0.8 });
  });
});
