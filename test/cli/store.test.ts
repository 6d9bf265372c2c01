/**
 * The run store from the command line: `run` records every run, `runs`
 * lists it, `feedback` scores it (bad scores and unknown runs exit 2 naming
 * the field), `stats` prices the tokens with the config file's `prices`, and a
 * store that cannot be opened exits 1 naming it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { runCli, STACK_LINE, tempDir } from "./cliProcess.js";

let server: OllamaServer;
const env = () => ({ OLLAMA_BASE_URL: server.url, LLMGENIE_DATABASE_URL: undefined, DATABASE_URL: undefined });

beforeAll(async () => {
  server = await startOllamaServer({ models: { "alpha:1b": "Paris is the capital of France." } });
});
afterAll(() => server.close());

describe("the run store from the CLI", () => {
  it("run records, runs lists, feedback scores; bad feedback exits 2 naming the field", { timeout: 120_000 }, async () => {
    const cwd = tempDir();
    const run = await runCli(["run", "What is the capital of France?", "--agent", "alpha=alpha:1b", "--json"], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
    const { taskId } = JSON.parse(run.stdout) as { taskId: string };

    const listed = await runCli(["runs", "--json"], { cwd, env: env() });
    const runs = JSON.parse(listed.stdout) as { taskId: string; strategy: string; query: string; attemptCount: number; feedback?: number }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ taskId, strategy: "auto", query: "What is the capital of France?", attemptCount: 1 });

    const [bad, unknown, good] = await Promise.all([
      runCli(["feedback", taskId, "1.5"], { cwd, env: env() }),
      runCli(["feedback", "no-such-run", "1"], { cwd, env: env() }),
      runCli(["feedback", taskId, "0.25"], { cwd, env: env() }),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid input: score: must be a number from 0 to 1/);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/invalid input: taskId: no run "no-such-run" in the run store at sqlite:.*runs\.sqlite/);
    expect(good.code, good.stderr).toBe(0);
    for (const outcome of [bad, unknown, good]) expect(outcome.stderr).not.toMatch(STACK_LINE);

    const table = await runCli(["runs"], { cwd, env: env() });
    expect(table.stdout).toMatch(new RegExp(`${taskId}\\s+auto\\s+completed\\s+\\S+\\s+-\\s+0\\.25`));
  });

  it("stats: tokens per agent, and with the config file's prices what they cost", { timeout: 120_000 }, async () => {
    const cwd = tempDir();
    const run = await runCli(["run", "What is the capital of France?", "--agent", "alpha=alpha:1b", "--json"], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
    const { results } = JSON.parse(run.stdout) as { results: { usage: { inputTokens: number; outputTokens: number } }[] };
    const { inputTokens, outputTokens } = results[0]!.usage;

    const plain = await runCli(["stats", "--json"], { cwd, env: env() });
    const [stat] = JSON.parse(plain.stdout) as { agent: string; inputTokens: number; outputTokens: number; cost?: number }[];
    expect(stat).toMatchObject({ agent: "alpha", inputTokens, outputTokens });
    expect(stat!.cost).toBeUndefined();

    writeFileSync(join(cwd, "llmgenie.config.json"), JSON.stringify({ options: { prices: { "alpha:1b": { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 } } } }));
    const priced = await runCli(["stats", "--json"], { cwd, env: env() });
    expect((JSON.parse(priced.stdout) as { cost: number }[])[0]!.cost).toBe(inputTokens + 2 * outputTokens);
    const table = await runCli(["stats"], { cwd, env: env() });
    expect(table.stdout).toMatch(/\bcost\b/);
    expect(table.stdout).toMatch(new RegExp(`\\s${inputTokens + 2 * outputTokens}\\s*$`, "m"));
  });

  it("a store that cannot be opened exits 1 naming it, without a stack trace", { timeout: 60_000 }, async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, ".llmgenie"));
    writeFileSync(join(cwd, ".llmgenie", "runs.sqlite"), "this is not a database");
    const { code, stderr } = await runCli(["stats"], { cwd, env: env() });
    expect(code).toBe(1);
    expect(stderr).toMatch(/llmgenie: store: cannot open the run store at \.llmgenie\/runs\.sqlite: file is not a database/);
    expect(stderr).not.toMatch(STACK_LINE);
  });
});
