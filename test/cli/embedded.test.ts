/**
 * The command line with no Ollama, as a newcomer runs it: `LLMGENIE_MODEL`
 * points at the tiny GGUF file on a loopback HTTP server, so the first run
 * downloads it (progress bar on stderr) into `LLMGENIE_MODELS_DIR`, and every
 * later command reuses it. All three modes run on the embedded model, and so
 * does an eval.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startModelFileServer, type ModelFileServer } from "../support/modelFileServer.js";
import { tinyGgufBytes } from "../support/tinyGguf.js";
import { closedPort, runCli, STACK_LINE, tempDir } from "./cliProcess.js";

const QUERY = "Write a function that checks whether a string is a palindrome";
let server: ModelFileServer;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startModelFileServer({ "/tiny.gguf": tinyGgufBytes() });
  env = {
    OLLAMA_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
    LLMGENIE_MODEL: `${server.url}/tiny.gguf`,
    LLMGENIE_MODELS_DIR: tempDir(),
    LLMGENIE_MAX_TOKENS: "16",
  };
});
afterAll(() => server.close());

describe("llmgenie with no Ollama", () => {
  let downloads = 0;

  it("downloads the model once with a progress bar on the first run (parallel mode)", async () => {
    const first = await runCli(["run", QUERY, "--mode", "parallel", "--subtask", "Write it", "--subtask", "Test it"], { env });
    expect(first.stderr).toContain(`no Ollama answers at ${env.OLLAMA_BASE_URL}: the default agents run in-process on the embedded model ${env.LLMGENIE_MODEL}`);
    expect(first.stderr).toContain(`downloading the embedded model ${env.LLMGENIE_MODEL} into ${env.LLMGENIE_MODELS_DIR}`);
    expect(first.stderr).toMatch(/download \[#+\] 100% {2}237\.4 KB \/ 237\.4 KB/);
    expect(first.stderr).toMatch(/agents analyst \(embedded\), coder \(embedded\), reviewer \(embedded\) · in-process/);
    expect(first.stderr).not.toMatch(STACK_LINE);
    expect(first.code).toBe(0);
    expect(first.stdout.length).toBeGreaterThan(0);
    downloads = server.gets;
  }, 120_000);

  it.each(["sequential", "collaborative"])("reuses the file: %s mode downloads nothing", async (mode) => {
    const { code, stdout, stderr } = await runCli(["run", QUERY, "--mode", mode, "--json"], { env });
    expect(stderr).not.toContain("downloading");
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.metadata.executionMode).toBe(mode);
    expect(result.agentsUsed.length).toBeGreaterThan(0);
    expect(result.results.every((r: { model: string }) => r.model === "embedded")).toBe(true);
    expect(result.metadata.usage.outputTokens).toBeGreaterThan(0);
    expect(server.gets).toBe(downloads);
  }, 120_000);

  it("models list, models pull and doctor report the cached model", async () => {
    const list = await runCli(["models", "list"], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`Models in ${env.LLMGENIE_MODELS_DIR} (LLMGENIE_MODELS_DIR):`);
    expect(list.stdout).toMatch(/127\.0\.0\.1_\d+_tiny\.gguf {2}237\.4 KB {2}\(embedded model\)/);
    expect(list.stdout).toContain(`Embedded model (LLMGENIE_MODEL): ${env.LLMGENIE_MODEL}\n`);

    const pull = await runCli(["models", "pull"], { env });
    expect(pull.code).toBe(0);
    expect(pull.stdout).toMatch(/tiny\.gguf\n$/);
    expect(pull.stderr).not.toContain("downloading");

    const doctor = await runCli(["doctor"], { env });
    expect(doctor.stdout).toContain(`INFO  Ollama is not reachable at ${env.OLLAMA_BASE_URL} (ECONNREFUSED): the default agents run on the embedded model`);
    expect(doctor.stdout).toMatch(/PASS {2}embedded model .*tiny\.gguf is downloaded \(237\.4 KB at .*\)/);
    expect(doctor.code).toBe(0);
    expect(server.gets).toBe(downloads);
  }, 120_000);

  it("models pull downloads a model named on the command line; a bad name is a usage error", async () => {
    const dir = tempDir();
    const pull = await runCli(["models", "pull", `${server.url}/tiny.gguf`], { env: { ...env, LLMGENIE_MODELS_DIR: dir } });
    expect(pull.code).toBe(0);
    expect(pull.stdout.startsWith(dir)).toBe(true);
    expect(pull.stderr).toContain("100%");

    const bad = await runCli(["models", "pull", "qwen"], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"qwen" is not a model');
    expect(bad.stderr).not.toMatch(STACK_LINE);

    const missing = await runCli(["run", QUERY, "--agent", "solo=embedded:/nonexistent/model.gguf"], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("model file not found: /nonexistent/model.gguf");
    // A local path is never downloaded, so nothing says it is.
    expect(missing.stderr).not.toContain("downloading");
  }, 120_000);

  it("eval runs the default roles on the embedded model, as run does", async () => {
    const gets = server.gets;
    const cwd = tempDir();
    writeFileSync(
      join(cwd, "data.jsonl"),
      ['{"id":"q1","query":"What is 2 + 2?","check":{"answer":4}}', '{"id":"q2","query":"Name a prime number","check":{"contains":"2"}}'].join("\n"),
    );
    const { code, stdout, stderr } = await runCli(["eval", "data.jsonl", "--strategy", "single:coder", "--strategy", "collaborative", "--json"], { cwd, env });
    expect(stderr).toContain(`no Ollama answers at ${env.OLLAMA_BASE_URL}: the default agents run in-process on the embedded model ${env.LLMGENIE_MODEL}`);
    expect(stderr).toContain("agents analyst (embedded), coder (embedded), reviewer (embedded) · in-process");
    expect(stderr).not.toContain("downloading");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { strategies: { strategy: string; n: number; failures: number }[] };
    // Gibberish answers fail their checks, but every run completed on the embedded model.
    expect(report.strategies).toMatchObject([
      { strategy: "single:coder", n: 2, failures: 0 },
      { strategy: "collaborative", n: 2, failures: 0 },
    ]);
    expect(server.gets).toBe(gets);
  }, 120_000);

  it("eval: a bad dataset or strategy exits 2 before any download", async () => {
    const gets = server.gets;
    const cwd = tempDir();
    writeFileSync(join(cwd, "bad.jsonl"), '{"id":"q1"}');
    writeFileSync(join(cwd, "data.jsonl"), '{"id":"q1","query":"What is 2 + 2?"}');
    const fresh = { ...env, LLMGENIE_MODELS_DIR: tempDir() };
    const badDataset = await runCli(["eval", "bad.jsonl"], { cwd, env: fresh });
    expect(badDataset.code).toBe(2);
    expect(badDataset.stderr).toContain("bad.jsonl line 1: query");
    const badStrategy = await runCli(["eval", "data.jsonl", "--strategy", "single:gamma"], { cwd, env: fresh });
    expect(badStrategy.code).toBe(2);
    expect(badStrategy.stderr).toContain('unknown agent "gamma"');
    for (const { stderr } of [badDataset, badStrategy]) expect(stderr).not.toContain("downloading");
    expect(server.gets).toBe(gets);
  }, 60_000);

  it("a model server that does not answer fails the run at once with exit 1, naming it", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCli(["run", QUERY], {
      env: { ...env, LLMGENIE_MODEL: `${url}/model.gguf`, LLMGENIE_MODELS_DIR: tempDir(), LLMGENIE_DOWNLOAD_STALL_MS: "1500" },
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`llmgenie: cannot download ${url}/model.gguf: no answer from ${url} (ECONNREFUSED); check the network, or set LLMGENIE_MODEL to a local .gguf file`);
    expect(stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it("doctor: a model still to download passes while its server answers, and fails naming it when not", async () => {
    const reachable = await runCli(["doctor"], { env: { ...env, LLMGENIE_MODELS_DIR: tempDir() } });
    expect(reachable.stdout).toContain(`INFO  embedded model ${env.LLMGENIE_MODEL} is not downloaded yet`);
    expect(reachable.code).toBe(0);

    const url = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = await runCli(["doctor"], { env: { ...env, LLMGENIE_MODEL: `${url}/model.gguf`, LLMGENIE_MODELS_DIR: tempDir() } });
    expect(unreachable.stdout).toContain(`FAIL  embedded model ${url}/model.gguf is not downloaded, and ${url} does not answer (ECONNREFUSED)`);
    expect(unreachable.stdout).toContain("fix: check the network, or set LLMGENIE_MODEL to a local .gguf file");
    expect(unreachable.code).toBe(1);
  }, 60_000);

  it("a download that keeps breaking fails with exit 1 and a clear message", async () => {
    server.setComplete(false);
    try {
      const { code, stderr } = await runCli(["models", "pull", `${server.url}/tiny.gguf`], {
        env: { ...env, LLMGENIE_MODELS_DIR: tempDir(), LLMGENIE_DOWNLOAD_STALL_MS: "1500" },
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(/llmgenie: download of .*tiny\.gguf failed: no data for 2 s \(the connection keeps breaking/);
      expect(stderr).not.toMatch(STACK_LINE);
    } finally {
      server.setComplete(true);
    }
  }, 60_000);
});
