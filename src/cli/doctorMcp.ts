import { McpConnections, type McpServers } from "../agents/mcp.js";
import type { Check } from "./doctor.js";

/** How long doctor waits for an MCP server to start and list its tools. */
const MCP_TIMEOUT_MS = 20_000;

/**
 * Does every configured MCP server start (or answer, over HTTP) and list its
 * tools? Each is started on its own and closed again.
 */
export async function checkMcpServers(servers: McpServers = {}, signal?: AbortSignal): Promise<Check[]> {
  return Promise.all(
    Object.entries(servers).map(async ([name, server]): Promise<Check> => {
      const connections = new McpConnections({ [name]: server });
      const where = "command" in server ? [server.command, ...(server.args ?? [])].join(" ") : server.url;
      let timer: NodeJS.Timeout | undefined;
      try {
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${MCP_TIMEOUT_MS / 1000}s`)), MCP_TIMEOUT_MS);
          signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
        const tools = await Promise.race([connections.tools([name]), deadline]);
        const names = tools.map((tool) => tool.name);
        return { status: "pass", text: `MCP server ${name} starts: ${names.length} tools (${names.join(", ") || "none"})` };
      } catch (error) {
        if (signal?.aborted) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        return { status: "fail", text: `MCP server ${name} does not start (${where}): ${reason}`, fix: `check mcpServers.${name} in the config file; run the command by hand to see its errors` };
      } finally {
        clearTimeout(timer);
        await connections.close();
      }
    }),
  );
}
