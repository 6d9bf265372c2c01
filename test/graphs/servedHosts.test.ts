/**
 * Served graphs send requests only to the Ollama servers the server declares:
 * `OLLAMA_BASE_URL`, the `hosts` of its config file and its agents'
 * `baseUrl`s. A run naming another `baseUrl` is refused before any request,
 * and the file's `hosts` limits hold for served runs, whatever a run says.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/configuration.js";
import * as served from "../../src/graph.js";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { reply } from "../support/ollamaScript.js";

const saved = { OLLAMA_BASE_URL: process.env.OLLAMA_BASE_URL, LLMGENIE_CONFIG: process.env.LLMGENIE_CONFIG };
const dir = mkdtempSync(join(tmpdir(), "llmgenie-served-hosts-"));
let base: OllamaServer;
let declared: OllamaServer;
let other: OllamaServer;

beforeAll(async () => {
  const servers = () => startOllamaServer({ defaultModel: () => reply("A part of the answer.", { firstChunkDelayMs: 40 }) });
  [base, declared, other] = await Promise.all([servers(), servers(), servers()]);
});
afterAll(async () => {
  await Promise.all([base.close(), declared.close(), other.close()]);
});
beforeEach(() => {
  process.env.OLLAMA_BASE_URL = base.url;
  for (const server of [base, declared, other]) server.reset();
});
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

/** Point the served graphs at a config file holding `content`. */
function useConfigFile(content: object): void {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(content));
  process.env.LLMGENIE_CONFIG = file;
}

/** A served parallel run, configured as the LangGraph server configures it: the factory and the run get one config. */
async function runParallel(configurable: Record<string, unknown>, subtasks = ["handlers", "cache", "sessions"]) {
  const config = { configurable };
  return (await served.parallel(config)).invoke({ query: "Review the user service", subtasks }, config);
}

describe("served graphs: the hosts an agent may use", () => {
  it("refuses an agent whose baseUrl the server does not declare, before any request", async () => {
    const run = runParallel({ agents: { worker: { model: "llama3:8b", baseUrl: other.url } } });
    await expect(run).rejects.toThrow(ConfigurationError);
    await expect(run).rejects.toThrow(/^agents\.worker\.baseUrl: "http:\/\/127\.0\.0\.1:\d+" is not a host this server declares/);
    expect(other.chats.length + base.chats.length).toBe(0);
  });

  it("runs an agent on OLLAMA_BASE_URL, however its baseUrl is written", async () => {
    const state = await runParallel({ agents: { worker: { model: "llama3:8b", baseUrl: `${base.url}/` } } });
    expect(state.status).toBe("completed");
    expect(base.chats).toHaveLength(4); // three subtasks and the merge
  });

  it("runs agents on hosts the config file declares, under the file's limits", async () => {
    useConfigFile({
      agents: { elsewhere: { model: "mistral:7b", baseUrl: other.url } },
      options: { hosts: { [declared.url]: { maxParallel: 1 } } },
    });
    const state = await runParallel({ agents: { worker: { model: "llama3:8b", baseUrl: declared.url } } });
    expect(state.status).toBe("completed");
    expect(declared.chats).toHaveLength(4);
    // The file's cap of 1 (the default, 4, would let all three subtasks run at once).
    expect(declared.maxInFlight).toBe(1);

    // A run's own limits do not lift the server's.
    declared.reset();
    const lifted = await runParallel({ agents: { worker: { model: "llama3:8b", baseUrl: declared.url } }, hosts: { [declared.url]: { maxParallel: 8 } } });
    expect(lifted.status).toBe("completed");
    expect(declared.maxInFlight).toBe(1);

    const onFileAgentsHost = await runParallel({ agents: { helper: { model: "mistral:7b", baseUrl: other.url } } });
    expect(onFileAgentsHost.status).toBe("completed");
    expect(other.chats).toHaveLength(4);
  });

  it("spreads subtasks over hosts by the file's limits", async () => {
    useConfigFile({ options: { hosts: { [declared.url]: { maxParallel: 1 }, [other.url]: { maxParallel: 3 } } } });
    const state = await runParallel(
      { agents: { worker: { model: "llama3:8b", baseUrl: declared.url }, helper: { model: "mistral:7b", baseUrl: other.url } } },
      Array.from({ length: 8 }, (_, i) => `part ${i + 1}`),
    );
    expect(state.status).toBe("completed");
    // 1 : 3, as the hosts' caps; the merge goes to the first agent (declared).
    expect(state.results.filter((r) => r.host === declared.url)).toHaveLength(2);
    expect(state.results.filter((r) => r.host === other.url)).toHaveLength(6);
  });

  it("refuses a run that sets the server's host pool", async () => {
    await expect(runParallel({ agents: { worker: "llama3:8b" }, __llmgenie_host_pool: {} })).rejects.toThrow(
      /^configurable\.__llmgenie_host_pool: set by the server for its runs/,
    );
    expect(base.chats).toHaveLength(0);
  });

  it("still refuses a host the file does not declare", async () => {
    useConfigFile({ options: { hosts: { [declared.url]: { maxParallel: 2 } } } });
    await expect(runParallel({ agents: { worker: { model: "llama3:8b", baseUrl: other.url } } })).rejects.toThrow(/agents\.worker\.baseUrl/);
    expect(other.chats).toHaveLength(0);
  });
});
