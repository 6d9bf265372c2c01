/**
 * `llmgenie doctor` against the loopback Ollama server: every check on its
 * own PASS/FAIL line, the `ollama pull` fix for a missing model, the URL
 * when Ollama is unreachable, what each host holds in memory and the limits
 * llmgenie applies to it, LangSmith settings; exit 0 only if all pass.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { checkLangSmith } from "../../src/cli/doctor.js";
import { closedPort, runCli, STACK_LINE, tempDir } from "./cliProcess.js";

/** Every line doctor prints on stdout is a check, its fix, or the summary. */
const REPORT_LINE = /^(PASS|FAIL|SKIP|INFO) {2}\S|^ {6}fix: |^all \d+ checks passed$|^\d+ of \d+ checks did not pass$/;

let server: OllamaServer;

beforeAll(async () => {
  server = await startOllamaServer({
    models: { "alpha:1b": "alpha", "beta:7b-instruct": "beta", llama3: "llama" },
  });
});
afterAll(() => server.close());

describe("llmgenie doctor", () => {
  it("passes when Ollama answers and every agent's model is pulled (tag :latest implied)", async () => {
    const { code, stdout } = await runCli(
      ["doctor", "--agent", "a=alpha:1b", "--agent", "b=beta:7b-instruct", "--agent", "c=llama3"],
      { env: { OLLAMA_BASE_URL: server.url } },
    );
    expect(stdout).toContain(`PASS  Ollama is reachable at ${server.url} (version 0.9.0, 3 models pulled)`);
    expect(stdout).toContain("PASS  agent a: model alpha:1b is pulled");
    expect(stdout).toContain("PASS  agent b: model beta:7b-instruct is pulled");
    expect(stdout).toContain("PASS  agent c: model llama3 is pulled");
    expect(stdout).toContain("PASS  LangSmith tracing is off");
    // This server does not simulate Ollama's scheduler: it answers GET /api/ps with a 404 page, as an old Ollama would.
    expect(stdout).toContain(
      `INFO  host ${server.url} does not say which models it holds (GET /api/ps): llmgenie sends it at most 4 calls at once, not grouped by model`,
    );
    expect(stdout).toContain("all 6 checks passed");
    expect(stdout.trimEnd().split("\n").filter((line) => !REPORT_LINE.test(line))).toEqual([]);
    expect(code).toBe(0);
    expect(server.requests.some((r) => r.path === "/api/tags")).toBe(true);
  });

  it("says what each host holds in memory, which agent models a run will load, and the host's limits from the config file", async () => {
    const gpu = await startOllamaServer({
      models: { "alpha:1b": "alpha", "beta:7b-instruct": "beta", llama3: "llama" },
      scheduler: { loaded: ["alpha:1b", "llama3"], maxLoadedModels: 2 },
    });
    try {
      const dir = tempDir();
      writeFileSync(
        join(dir, "team.json"),
        JSON.stringify({
          agents: { a: "alpha:1b", b: "beta:7b-instruct", c: "llama3", d: { model: "alpha:1b", baseUrl: server.url } },
          // Written with a trailing slash: the same host.
          options: { hosts: { [`${gpu.url}/`]: { maxParallel: 2, maxModels: 1 } } },
        }),
      );
      const { code, stdout } = await runCli(["doctor", "--config", "team.json"], { cwd: dir, env: { OLLAMA_BASE_URL: gpu.url } });
      expect(stdout).toContain(
        `INFO  host ${gpu.url} holds alpha:1b (4.0 GB, on GPU), llama3:latest (4.0 GB, on GPU) in memory; ` +
          "llmgenie sends it at most 2 calls at once, for 2 models at a time (options.hosts: maxParallel, maxModels); " +
          "not in memory, loaded by a run's first call: beta:7b-instruct",
      );
      // The other host has no limits in the file: the defaults.
      expect(stdout).toContain(`INFO  host ${server.url} does not say which models it holds (GET /api/ps): llmgenie sends it at most 4 calls at once`);
      expect(stdout).toContain("all 9 checks passed");
      expect(code).toBe(0);
      expect(gpu.requests.filter((r) => r.path === "/api/ps")).toHaveLength(1);
    } finally {
      await gpu.close();
    }
  });

  it("fails on a model that is not pulled, with the ollama pull command", async () => {
    const { code, stdout } = await runCli(["doctor", "--agent", "a=alpha:1b", "--agent", "coder=codellama:7b-instruct"], {
      env: { OLLAMA_BASE_URL: server.url },
    });
    expect(code).toBe(1);
    expect(stdout).toContain("PASS  agent a: model alpha:1b is pulled");
    expect(stdout).toContain(`FAIL  agent coder: model codellama:7b-instruct is not pulled at ${server.url}`);
    expect(stdout).toContain("fix: ollama pull codellama:7b-instruct");
    expect(stdout).toContain("1 of 5 checks did not pass");
  });

  it("checks the default agents when no --agent is given", async () => {
    const { code, stdout } = await runCli(["doctor"], { env: { OLLAMA_BASE_URL: server.url } });
    expect(code).toBe(1);
    expect(stdout).toContain("fix: ollama pull mistral:7b-instruct");
    expect(stdout).toContain("fix: ollama pull codellama:7b-instruct");
    expect(stdout).toContain("PASS  agent llama3: model llama3:latest is pulled");
  });

  it("default agents on a reachable Ollama: the embedded model is not needed, so its download server is not asked", async () => {
    const ollama = await startOllamaServer({
      models: { "mistral:7b-instruct": "m", "codellama:7b-instruct": "c", "llama3:latest": "l" },
    });
    try {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const { code, stdout } = await runCli(["doctor"], {
        env: { OLLAMA_BASE_URL: ollama.url, LLMGENIE_MODEL: `${url}/model.gguf`, LLMGENIE_MODELS_DIR: tempDir() },
      });
      expect(stdout).toContain(`INFO  host ${ollama.url} does not say which models it holds`);
      expect(stdout).toContain(`INFO  embedded model ${url}/model.gguf is not downloaded yet`);
      expect(stdout).not.toContain("FAIL");
      expect(code).toBe(0);
    } finally {
      await ollama.close();
    }
  });

  it("fails when Ollama is unreachable, naming the URL, without a stack trace", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCli(["doctor", "--agent", "a=alpha:1b"], { env: { OLLAMA_BASE_URL: url } });
    expect(code).toBe(1);
    expect(stdout).toContain(`FAIL  Ollama is not reachable at ${url} (ECONNREFUSED)`);
    expect(stdout).toContain("SKIP  agent a: model alpha:1b not checked");
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("says why when fetch gets no response for another reason (a port fetch refuses)", async () => {
    const { code, stdout } = await runCli(["doctor", "--agent", "a=alpha:1b"], { env: { OLLAMA_BASE_URL: "http://127.0.0.1:9" } });
    expect(code).toBe(1);
    expect(stdout).toContain("FAIL  Ollama is not reachable at http://127.0.0.1:9 (bad port)");
  });

  it("fails when LangSmith tracing is on without an API key", async () => {
    const { code, stdout } = await runCli(["doctor", "--agent", "a=alpha:1b"], {
      env: { OLLAMA_BASE_URL: server.url, LANGSMITH_TRACING: "true", LANGSMITH_API_KEY: undefined, LANGCHAIN_API_KEY: undefined },
    });
    expect(code).toBe(1);
    expect(stdout).toContain("FAIL  LangSmith tracing is on (LANGSMITH_TRACING=true) but LANGSMITH_API_KEY is not set");
  });
});

describe("checkLangSmith", () => {
  it("accepts tracing with a key and a URL endpoint, and names the project", () => {
    const check = checkLangSmith({
      LANGSMITH_TRACING: "true",
      LANGSMITH_API_KEY: "lsv2_test",
      LANGSMITH_ENDPOINT: "http://127.0.0.1:1984/api",
      LANGSMITH_PROJECT: "llmgenie-dev",
    });
    expect(check).toEqual({ status: "pass", text: 'LangSmith tracing is on: project "llmgenie-dev" at http://127.0.0.1:1984' });
  });

  it("rejects an endpoint that is not an http(s) URL", () => {
    const check = checkLangSmith({ LANGSMITH_TRACING: "true", LANGSMITH_API_KEY: "k", LANGSMITH_ENDPOINT: "smith.example" });
    expect(check.status).toBe("fail");
    expect(check.text).toContain('"smith.example"');
  });

  it("reads the legacy LANGCHAIN_ variables as LangChain does", () => {
    expect(checkLangSmith({ LANGCHAIN_TRACING_V2: "true" }).status).toBe("fail");
    expect(checkLangSmith({ LANGCHAIN_TRACING_V2: "true", LANGCHAIN_API_KEY: "k" }).status).toBe("pass");
  });

  it("passes with tracing off, pointing out a key that is set but unused", () => {
    const check = checkLangSmith({ LANGSMITH_API_KEY: "k" });
    expect(check.status).toBe("pass");
    expect(check.text).toContain("LANGSMITH_TRACING=true turns tracing on");
  });
});
