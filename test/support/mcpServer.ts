/**
 * A tiny MCP server on stdio for the tests (`@modelcontextprotocol/sdk`'s
 * `McpServer`). Start it with `mcpServerCommand()`. Tools:
 * - `lookup({ topic })`: a fact about the topic;
 * - `pid()`: this process's id, so a test can check the process is gone after `close()`;
 * - `broken()`: always fails (an MCP tool error).
 * With `--fail-on-start` it exits before speaking MCP: a server that cannot start.
 */
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

/** The `mcpServers` entry that starts this server (with tsx, from any working directory). */
export function mcpServerCommand(options: { failOnStart?: boolean } = {}): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href, fileURLToPath(import.meta.url), ...(options.failOnStart ? ["--fail-on-start"] : [])],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--fail-on-start")) {
    process.stderr.write("test MCP server: refusing to start\n");
    process.exit(3);
  }
  const server = new McpServer({ name: "llmgenie-test", version: "1.0.0" });
  server.registerTool(
    "lookup",
    { description: "Look up a fact about a topic", inputSchema: { topic: z.string().describe("What to look up") } },
    async ({ topic }) => ({ content: [{ type: "text", text: `MCP fact: ${topic} follow the moon` }] }),
  );
  server.registerTool("pid", { description: "The server's process id" }, async () => ({
    content: [{ type: "text", text: String(process.pid) }],
  }));
  server.registerTool("broken", { description: "Always fails" }, async () => ({
    isError: true,
    content: [{ type: "text", text: "the broken tool broke" }],
  }));
  await server.connect(new StdioServerTransport());
}
