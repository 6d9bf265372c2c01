/**
 * MCP servers as tool sources (`@langchain/mcp-adapters`): each server gets
 * its own `MultiServerMCPClient`, connected on first use and shared by every
 * agent and run of its owner (an orchestrator, or the served graphs), so one
 * server is one child process or HTTP session however many agents use it.
 */
import { z } from "zod";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { MultiServerMCPClient } from "@langchain/mcp-adapters";

/** A server started as a child process that speaks MCP on stdio. */
export const StdioServerSchema = z.strictObject({
  command: z.string().min(1, { message: "must not be empty" }),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  cwd: z.string().min(1).optional(),
});

/** A server reached over MCP's streamable HTTP transport. */
export const HttpServerSchema = z.strictObject({
  url: z.string().refine((url) => /^https?:\/\//.test(url), { message: "must be an http(s) URL" }),
  headers: z.record(z.string(), z.string()).optional(),
});

export const McpServerSchema = z.union([StdioServerSchema, HttpServerSchema], {
  error: "must be { command, args?, env?, cwd? } (stdio) or { url, headers? } (streamable HTTP)",
});
export type McpServer = z.infer<typeof McpServerSchema>;

export const McpServersSchema = z.record(z.string().min(1), McpServerSchema);
export type McpServers = z.infer<typeof McpServersSchema>;

/** A server that could not start or answer; names the server. */
export class McpServerError extends Error {
  override name = "McpServerError";
}

/** Key of the run configuration (`configurable`) that carries the connections; code only, never JSON. */
export const MCP_CONNECTIONS_KEY = "__llmgenie_mcp";

/**
 * The MCP servers of one owner and their connections. A server is connected
 * when an agent first needs its tools; a server that fails to start is
 * forgotten, so a later attempt tries again. `close()` ends every session and
 * child process.
 */
export class McpConnections {
  private readonly clients = new Map<string, Promise<{ client: MultiServerMCPClient; tools: StructuredToolInterface[] }>>();

  /** @param servers - the `mcpServers` option: name → stdio command or streamable HTTP URL */
  constructor(readonly servers: McpServers = {}) {}

  /** Names of the configured servers. */
  get names(): string[] {
    return Object.keys(this.servers);
  }

  /**
   * The tools of the named servers, connecting those not yet connected.
   * @throws McpServerError naming the first server that is unknown or could not start
   */
  async tools(names: string[]): Promise<StructuredToolInterface[]> {
    const perServer = await Promise.all(names.map((name) => this.connect(name)));
    return perServer.flatMap((server) => server.tools);
  }

  private connect(name: string): Promise<{ client: MultiServerMCPClient; tools: StructuredToolInterface[] }> {
    const server = Object.hasOwn(this.servers, name) ? this.servers[name] : undefined;
    if (!server) {
      return Promise.reject(new McpServerError(`unknown MCP server "${name}" (servers: ${this.names.join(", ") || "none"})`));
    }
    let connection = this.clients.get(name);
    if (!connection) {
      connection = this.start(name, server);
      this.clients.set(name, connection);
    }
    return connection;
  }

  /** Start one server's client and list its tools; on failure forget it, so a later attempt tries again. */
  private async start(name: string, server: McpServer): Promise<{ client: MultiServerMCPClient; tools: StructuredToolInterface[] }> {
    // Loaded on first use: most runs have no MCP server, and the adapters take a while to import.
    const { MultiServerMCPClient } = await import("@langchain/mcp-adapters");
    const client = new MultiServerMCPClient({
      mcpServers: {
        [name]:
          "command" in server
            ? { transport: "stdio" as const, ...server, args: server.args ?? [], stderr: "ignore" as const, restart: { enabled: false } }
            : { transport: "http" as const, ...server, reconnect: { enabled: false } },
      },
      onConnectionError: "throw",
      throwOnLoadError: true,
      useStandardContentBlocks: false,
    });
    try {
      return { client, tools: (await client.getTools()) as StructuredToolInterface[] };
    } catch (error) {
      this.clients.delete(name);
      await client.close().catch(() => undefined);
      const reason = error instanceof Error ? error.message : String(error);
      throw new McpServerError(`MCP server "${name}" could not start: ${reason}`, { cause: error });
    }
  }

  /** In a serialised run configuration: the server names only, never their commands or headers. */
  toJSON(): { servers: string[] } {
    return { servers: this.names };
  }

  /** Close every connection (child processes end); the servers can be connected again later. */
  async close(): Promise<void> {
    const open = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(open.map((connection) => connection.then(({ client }) => client.close(), () => undefined)));
  }
}

/** The connections a run's configuration carries, if any. */
export function mcpConnectionsOf(config: RunnableConfig | undefined): McpConnections | undefined {
  const value = config?.configurable?.[MCP_CONNECTIONS_KEY];
  return value instanceof McpConnections ? value : undefined;
}
