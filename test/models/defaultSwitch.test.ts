/**
 * The default switch: with no agents given and no Ollama answering, the
 * default agents run in-process on the embedded model (here the tiny GGUF
 * file through `LLMGENIE_MODEL`), in the library (an eval given no agents
 * included) and in the served graphs;
 * agents given explicitly never switch; `close()` frees the model.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AgentOrchestrator, evaluateStrategies } from "../../src/index.js";
import { parseDataset } from "../../src/eval/dataset.js";
import { evalIdOf } from "../../src/eval/strategies.js";
import { chooseDefaultAgents } from "../../src/agents/defaultAgents.js";
import { EMBEDDED_ROLES } from "../../src/agents/prompts.js";
import { ConfigurationError, type Configuration } from "../../src/configuration.js";
import { getAgent } from "../../src/agents/resolve.js";
import * as served from "../../src/graph.js";
import { EmbeddedChatModel } from "../../src/models/embeddedChatModel.js";
import { disposeModels, loadedModelPaths } from "../../src/models/loadedModels.js";
import { closedPort } from "../cli/cliProcess.js";
import { startOllamaServer } from "../support/ollamaServer.js";
import { writeTinyGguf } from "../support/tinyGguf.js";

const dir = mkdtempSync(join(tmpdir(), "llmgenie-switch-"));
const tinyPath = writeTinyGguf(join(dir, "tiny.gguf"));
const saved = { ...process.env };
let closedUrl: string;

beforeAll(async () => {
  closedUrl = `http://127.0.0.1:${await closedPort()}`;
});
beforeEach(() => {
  Object.assign(process.env, { OLLAMA_BASE_URL: closedUrl, LLMGENIE_MODEL: tinyPath, LLMGENIE_MAX_TOKENS: "24" });
});
afterEach(() => {
  for (const key of ["OLLAMA_BASE_URL", "LLMGENIE_MODEL", "LLMGENIE_MAX_TOKENS"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});
afterAll(() => disposeModels());


describe("the default agents without Ollama", () => {
  it("run on the embedded model in their roles, and close() frees it", async () => {
    const orchestrator = new AgentOrchestrator(undefined, { retry: { maxAttempts: 1 } });
    const result = await orchestrator.orchestrate({ query: "Write a palindrome check", executionMode: "collaborative" });
    expect(result.status).not.toBe("failed");
    expect(result.agentsUsed.sort()).toEqual(Object.keys(EMBEDDED_ROLES).sort());
    expect(result.results.every((r) => r.model === "embedded" && r.status === "completed")).toBe(true);
    expect(result.metadata.usage!.outputTokens).toBeGreaterThan(0);
    expect(orchestrator.agents).toEqual({ analyst: "embedded", coder: "embedded", reviewer: "embedded" });
    // Each role runs with its own system prompt.
    const analyst = getAgent({ agents: orchestrator.agents } as Configuration, "analyst").model as EmbeddedChatModel;
    expect(analyst.instructions).toBe(EMBEDDED_ROLES.analyst);
    expect(loadedModelPaths()).toEqual([tinyPath]);

    const parallel = await orchestrator.orchestrate({ query: "Compare two sorting algorithms", executionMode: "parallel", subtasks: ["Quicksort", "Mergesort"] });
    expect(parallel.results.filter((r) => r.status === "completed")).toHaveLength(2);

    await orchestrator.close();
    expect(loadedModelPaths()).toEqual([]);
  });

  it("are what evaluateStrategies runs when it is given none", async () => {
    const report = await evaluateStrategies({
      dataset: parseDataset('{"id":"q1","query":"What is 2 + 2?","check":{"answer":4}}', "inline"),
      strategies: ["single:coder"],
      store: join(dir, "runs.sqlite"),
    });
    expect(report.strategies).toMatchObject([{ strategy: "single:coder", n: 1, failures: 0 }]);
    // The eval closed its orchestrators, and with them the model.
    expect(loadedModelPaths()).toEqual([]);
  });

  it("identify an eval by the embedded model they run, not by the word \"embedded\"", () => {
    const items = parseDataset('{"id":"q1","query":"What is 2 + 2?"}', "inline");
    const id = evalIdOf(items, { coder: "embedded" });
    expect(evalIdOf(items, { coder: `embedded:${tinyPath}` })).toBe(id);
    process.env.LLMGENIE_MODEL = join(dir, "other.gguf");
    expect(evalIdOf(items, { coder: "embedded" })).not.toBe(id);
  });

  it("a model file that cannot load, or is missing, fails its agent at once: no retry", async () => {
    const badPath = join(dir, "bad.gguf");
    writeFileSync(badPath, "not a model");
    for (const [file, why] of [[badPath, `cannot load the model ${badPath}: Invalid GGUF magic`], [join(dir, "missing.gguf"), "model file not found"]] as const) {
      const orchestrator = new AgentOrchestrator({ solo: `embedded:${file}` });
      const starts: string[] = [];
      const result = await orchestrator.orchestrate(
        { query: "Say hi", executionMode: "collaborative" },
        { onEvent: (e) => e.mode === "custom" && e.data.event === "agent_start" && starts.push(e.data.agent) },
      );
      await orchestrator.close();
      expect(result.status).toBe("failed");
      expect(result.results[0]!.error).toContain(why);
      // The default retry policy (3 attempts) would have started it three times.
      expect(starts).toEqual(["solo"]);
    }
  });

  it("stay on Ollama when it answers", async () => {
    const server = await startOllamaServer();
    process.env.OLLAMA_BASE_URL = server.url;
    try {
      const choice = await chooseDefaultAgents();
      expect(choice).toMatchObject({ embedded: false, ollamaUrl: server.url, agents: { mistral: "mistral:7b-instruct" } });
    } finally {
      await server.close();
    }
  });

  it("never replace agents given explicitly", async () => {
    const orchestrator = new AgentOrchestrator({ alpha: "alpha:1b" }, { retry: { maxAttempts: 1 } });
    const result = await orchestrator.orchestrate({ query: "Say hi", executionMode: "collaborative" });
    expect(result.status).toBe("failed");
    expect(result.error).toContain(`cannot reach the model server at ${closedUrl}`);
    expect(loadedModelPaths()).toEqual([]);
    await orchestrator.close();
  });

  it("run in the served graphs too, which accept \"embedded\" but no model file or URL from a run", async () => {
    const graph = await served.collaborative({ configurable: {} });
    const state = await graph.invoke({ query: "Write a palindrome check" });
    expect(state.status).not.toBe("failed");
    expect(state.results.map((r: { agent: string }) => r.agent).sort()).toEqual(Object.keys(EMBEDDED_ROLES).sort());

    // The server builds the graph with the run's config, then runs it with the same config.
    const config = { configurable: { agents: { solo: "embedded" } } };
    const solo = await (await served.collaborative(config)).invoke({ query: "Say hi" }, config);
    expect(solo.results.map((r: { agent: string; model: string }) => [r.agent, r.model])).toEqual([["solo", "embedded"]]);

    await expect(served.parallel({ configurable: { agents: { a: "embedded:/etc/passwd.gguf" } } })).rejects.toThrow(ConfigurationError);
    await expect(served.parallel({ configurable: { agents: { a: `embedded:${closedUrl}/x.gguf` } } })).rejects.toThrow(
      /agents\.a: a run cannot choose the embedded model file/,
    );
    await disposeModels();
  });
});
