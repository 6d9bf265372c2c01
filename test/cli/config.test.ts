/**
 * The config file (`--config`, `LLMGENIE_CONFIG`, `./llmgenie.config.json`)
 * and tool progress, through the CLI as a child process against the loopback
 * Ollama server and the test MCP server.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { toolCall, toolScript } from "../support/toolScript.js";
import { mcpServerCommand } from "../support/mcpServer.js";
import { runCli, STACK_LINE, tempDir } from "./cliProcess.js";

let server: OllamaServer;

beforeAll(async () => {
  server = await startOllamaServer({
    models: {
      "researcher:7b": toolScript({
        rounds: [[toolCall("lookup", { topic: "tides" }), toolCall("broken")]],
        answer: (results) => `Research says: ${results.join(" / ")}`,
      }),
      "plain:7b": "A plain answer.",
    },
  });
});
afterAll(() => server.close());

/** A working directory holding `llmgenie.config.json` with `config`. */
function dirWith(config: unknown, name = "llmgenie.config.json"): string {
  const dir = tempDir();
  writeFileSync(join(dir, name), typeof config === "string" ? config : JSON.stringify(config, null, 2));
  return dir;
}

const researchConfig = {
  agents: { researcher: { model: "researcher:7b", mcp: ["facts"], instructions: "You research." } },
  mcpServers: { facts: mcpServerCommand() },
  options: { maxConcurrency: 2, retry: { maxAttempts: 1 } },
};

describe("the config file", () => {
  it("./llmgenie.config.json: agents with MCP servers; progress shows each tool call and its failure", async () => {
    const { code, stdout, stderr } = await runCli(["run", "How do tides work?", "--mode", "collaborative"], {
      cwd: dirWith(researchConfig),
      env: { OLLAMA_BASE_URL: server.url },
    });
    expect(stderr).toMatch(/tool\s+researcher → lookup \{"topic":"tides"\}/);
    expect(stderr).toMatch(/tool\s+researcher → lookup · \d+(\.\d+)?(ms|s)/);
    expect(stderr).toMatch(/tool\s+researcher → broken · \d+(\.\d+)?(ms|s) · failed: .*the broken tool broke/);
    expect(stdout).toContain("Research says: MCP fact: tides follow the moon");
    expect(stderr).toContain("researcher (researcher:7b; mcp: facts)");
    expect(code).toBe(0);
  }, 60_000);

  it("an agent on a second Ollama server: its progress names that host and the wait for its model to load; the default host's agents do not", async () => {
    // The second server loads its model on the first call (0.6 s), as Ollama does a model not in memory.
    const second = await startOllamaServer({ models: { "remote:7b": "A remote answer." }, scheduler: { loadMs: 600 } });
    try {
      const dir = dirWith({ agents: { local: "plain:7b", remote: { model: "remote:7b", baseUrl: second.url } } });
      const { code, stderr } = await runCli(["run", "Hi", "--mode", "collaborative"], { cwd: dir, env: { OLLAMA_BASE_URL: server.url } });
      expect(stderr).toMatch(new RegExp(`start +remote \\(remote:7b @ ${second.url}\\) · candidate answer`));
      expect(stderr).toMatch(/start +local \(plain:7b\) · candidate answer/);
      expect(stderr).toMatch(/done +remote · candidate answer · \d+\.\ds · model ready after (0\.[6-9]|[1-9]\d*\.\d)s · /);
      expect(stderr).toMatch(/done +local · candidate answer · \d+\.\ds · \d+→\d+ tokens/);
      expect(code).toBe(0);
    } finally {
      await second.close();
    }
  }, 60_000);

  it("--config and LLMGENIE_CONFIG name the file; --agent flags replace its agents", async () => {
    const dir = dirWith(researchConfig, "team.json");
    const byFlag = await runCli(["run", "Hi", "--mode", "collaborative", "--config", "team.json", "--json"], {
      cwd: dir,
      env: { OLLAMA_BASE_URL: server.url },
    });
    expect(JSON.parse(byFlag.stdout).agentsUsed).toEqual(["researcher"]);
    const byEnv = await runCli(["run", "Hi", "--mode", "collaborative", "--agent", "p=plain:7b", "--json"], {
      cwd: dir,
      env: { OLLAMA_BASE_URL: server.url, LLMGENIE_CONFIG: join(dir, "team.json") },
    });
    expect(byEnv.code).toBe(0);
    expect(JSON.parse(byEnv.stdout).agentsUsed).toEqual(["p"]);
  }, 60_000);

  it.each([
    [{ agents: { researcher: { model: "x", mcp: "facts" } } }, "agents.researcher.mcp: must be an array of MCP server names"],
    [{ agents: { researcher: { model: "x", mcp: ["nope"] } } }, 'agents.researcher.mcp: unknown MCP server "nope"'],
    [{ mcpServers: { facts: { command: "" } } }, "mcpServers.facts"],
    [{ options: { maxConcurrency: 0 } }, "options.maxConcurrency: must be a positive integer"],
    [{ agents: { a: "plain:7b" }, options: { judge: "zz" } }, 'options.judge: unknown agent "zz" (agents: a)'],
    [{ agents: { a: "plain:7b" }, options: { fallbacks: { a: ["b"] } } }, 'options.fallbacks.a: unknown agent "b" (agents: a)'],
    [{ agent: {} }, 'Unrecognized key: "agent"'],
    ["{ not json", "cannot read the config file"],
  ])("a bad file is exit 2 naming the file and the field: %j", async (config, message) => {
    const dir = dirWith(config);
    const { code, stderr } = await runCli(["run", "Hi"], { cwd: dir, env: { OLLAMA_BASE_URL: server.url } });
    expect(code).toBe(2);
    expect(stderr).toContain(`${join(dir, "llmgenie.config.json")}: `);
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(STACK_LINE);
  }, 30_000);

  it("a --config file that does not exist is exit 2", async () => {
    const { code, stderr } = await runCli(["run", "Hi", "--config", "missing.json"], { env: { OLLAMA_BASE_URL: server.url } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing\.json: cannot read the config file \(ENOENT\)/);
  });
});

describe("doctor with MCP servers", () => {
  it("starts every configured server and lists its tools; one that does not start fails", async () => {
    const dir = dirWith({
      agents: { researcher: { model: "researcher:7b", mcp: ["facts"] } },
      mcpServers: { facts: mcpServerCommand(), broken: mcpServerCommand({ failOnStart: true }) },
    });
    const { code, stdout } = await runCli(["doctor"], { cwd: dir, env: { OLLAMA_BASE_URL: server.url } });
    expect(stdout).toContain("PASS  agent researcher: model researcher:7b is pulled");
    expect(stdout).toContain("PASS  MCP server facts starts: 3 tools (lookup, pid, broken)");
    expect(stdout).toMatch(/FAIL  MCP server broken does not start \(.*--fail-on-start\): MCP server "broken" could not start/);
    expect(code).toBe(1);
  }, 60_000);
});
