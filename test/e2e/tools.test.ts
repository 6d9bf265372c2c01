/**
 * Agents that act in the served graphs, through `@langchain/langgraph-sdk`
 * against `langgraphjs dev`: agent definitions in `configurable.agents`, MCP
 * servers only from the server's own config file, and a run configuration
 * that tries to define a process, or to send an agent to an Ollama server the
 * server does not declare, is refused, naming the key.
 */
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { toolCall, toolScript } from "../support/toolScript.js";
import { mcpServerCommand } from "../support/mcpServer.js";
import { startDevServer, type DevServer } from "./langgraphServer.js";

let ollama: OllamaServer;
let server: DevServer;
let client: Client;

beforeAll(async () => {
  ollama = await startOllamaServer({
    models: {
      "researcher:7b": toolScript({ rounds: [[toolCall("lookup", { topic: "tides" })]], answer: (results) => `Served: ${results.join(" | ")}` }),
    },
  });
  const dir = mkdtempSync(join(tmpdir(), "llmgenie-served-"));
  const configFile = join(dir, "llmgenie.config.json");
  writeFileSync(configFile, JSON.stringify({ mcpServers: { facts: mcpServerCommand() } }));
  server = await startDevServer({ OLLAMA_BASE_URL: ollama.url, LLMGENIE_CONFIG: configFile });
  client = new Client({ apiUrl: server.url });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

afterEach(({ task }) => {
  if (task.result?.state === "fail") console.error(`langgraphjs dev log (tail):\n${server.log().slice(-6000)}`);
});

async function streamRun(config: Record<string, unknown>) {
  const { thread_id } = await client.threads.create();
  const events: { event: string; data: unknown }[] = [];
  for await (const chunk of client.runs.stream(thread_id, "collaborative", {
    input: { query: "How do tides work?" },
    config: { configurable: config },
    streamMode: ["values"],
  })) {
    events.push(chunk);
  }
  const final = events.filter((e) => e.event === "values").at(-1)?.data as
    | { output?: string; status?: string; results?: { toolCalls?: { name: string; status: string; output?: string }[] }[] }
    | undefined;
  return { events, final, error: events.find((e) => e.event === "error")?.data as { message?: string } | undefined };
}

describe("served graphs with tools", () => {
  it("runs an agent definition from configurable.agents with an MCP server of the server's config file", async () => {
    const { final, error } = await streamRun({ agents: { researcher: { model: "researcher:7b", mcp: ["facts"], instructions: "Research." } } });
    expect(error).toBeUndefined();
    expect(final?.status).toBe("completed");
    expect(final?.output).toContain("Served: MCP fact: tides follow the moon");
    expect(final?.results?.[0]?.toolCalls).toEqual([expect.objectContaining({ name: "lookup", status: "completed" })]);
  }, 60_000);

  it.each([
    [{ mcpServers: { evil: { command: "touch", args: ["/tmp/pwned"] } } }, "configurable.mcpServers"],
    [{ agents: { researcher: { model: "researcher:7b", command: "touch" } } }, "configurable.agents.researcher.command"],
  ])("refuses a run configuration that defines a process: %j", async (config, key) => {
    const before = ollama.chats.length;
    const { error, final } = await streamRun(config);
    expect(error?.message ?? JSON.stringify(error)).toContain(`${key}: a run's configuration cannot define MCP servers or commands`);
    expect(final?.status).toBeUndefined();
    expect(ollama.chats.length).toBe(before);
  }, 60_000);

  it("refuses an agent on an Ollama server the server does not declare", async () => {
    const before = ollama.chats.length;
    const { error, final } = await streamRun({ agents: { researcher: { model: "researcher:7b", baseUrl: "http://169.254.169.254" } } });
    expect(error?.message ?? JSON.stringify(error)).toContain(`agents.researcher.baseUrl: "http://169.254.169.254" is not a host this server declares`);
    expect(final?.status).toBeUndefined();
    expect(ollama.chats.length).toBe(before);
  }, 60_000);
});
