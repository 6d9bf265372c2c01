/**
 * MCP servers as tool sources: a stdio server (test/support/mcpServer.ts)
 * started on first use, shared, and closed with the orchestrator.
 */
import { describe, expect, test } from "vitest";
import { useOllamaServer } from "../support/ollamaServer.js";
import { toolCall, toolResults, toolScript } from "../support/toolScript.js";
import { mcpServerCommand } from "../support/mcpServer.js";
import { AgentOrchestrator } from "../../src/index.js";

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const server = await useOllamaServer({
  models: {
    // Asks the MCP server for a fact and for its pid, then answers with both.
    "researcher:7b": toolScript({
      rounds: [[toolCall("lookup", { topic: "tides" }), toolCall("pid")]],
      answer: (results) => `Answer: ${results.join(" | ")}`,
    }),
    "plain:7b": "A plain answer.",
  },
});

const pidOf = (output: string): number => Number(/\| (\d+)$/.exec(output)?.[1]);

describe("an MCP stdio server", () => {
  test.each(["parallel", "sequential", "collaborative"] as const)(
    "%s: its tools are called, one process serves every agent, close() ends it",
    async (executionMode) => {
      const orchestrator = new AgentOrchestrator(
        {
          a: { model: "researcher:7b", mcp: ["facts"] },
          b: { model: "researcher:7b", mcp: ["facts"] },
        },
        { mcpServers: { facts: mcpServerCommand() }, retry: { maxAttempts: 1 } },
      );
      try {
        const result = await orchestrator.orchestrate({ query: "Tides?", executionMode, subtasks: ["Look up tides", "Look up more"] });
        expect(result.status).toBe("completed");
        const [first, second] = result.results;
        expect(first!.toolCalls!.map((c) => [c.name, c.status])).toEqual([
          ["lookup", "completed"],
          ["pid", "completed"],
        ]);
        expect(first!.output).toContain("MCP fact: tides follow the moon");
        expect(toolResults(server.chats.find((c) => toolResults(c).length)!)[0]).toContain("MCP fact");
        // One server process for both agents.
        expect(pidOf(first!.output!)).toBe(pidOf(second!.output!));
        const pid = pidOf(first!.output!);
        expect(isAlive(pid)).toBe(true);
        await orchestrator.close();
        await expect.poll(() => isAlive(pid), { timeout: 5_000 }).toBe(false);
      } finally {
        await orchestrator.close();
      }
    },
    30_000,
  );

  test("a server that cannot start fails only the attempts of agents that use it, naming the server", async () => {
    const orchestrator = new AgentOrchestrator(
      { researcher: { model: "researcher:7b", mcp: ["broken"] }, plain: "plain:7b" },
      { mcpServers: { broken: mcpServerCommand({ failOnStart: true }) }, retry: { maxAttempts: 3, initialIntervalMs: 1 } },
    );
    try {
      const result = await orchestrator.orchestrate({ query: "Tides?", executionMode: "collaborative" });
      expect(result.status).toBe("partial");
      const failed = result.results.find((r) => r.agent === "researcher")!;
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatch(/^MCP server "broken" could not start/);
      expect(result.results.find((r) => r.agent === "plain")!.status).toBe("completed");
      // Not retried, and no model call was made for the agent whose server failed.
      expect(server.chats.map((c) => c.model)).toEqual(["plain:7b"]);
    } finally {
      await orchestrator.close();
    }
  }, 30_000);

  test("each agent sees only the servers it names", async () => {
    const orchestrator = new AgentOrchestrator(
      { researcher: { model: "researcher:7b", mcp: ["facts"] }, plain: "plain:7b" },
      { mcpServers: { facts: mcpServerCommand(), unused: mcpServerCommand({ failOnStart: true }) }, retry: { maxAttempts: 1 } },
    );
    try {
      const result = await orchestrator.orchestrate({ query: "Tides?", executionMode: "collaborative" });
      expect(result.status).toBe("completed");
      const offered = server.chats.filter((c) => c.model === "researcher:7b")[0]!.tools!.map((t) => (t as { function: { name: string } }).function.name);
      expect(offered.sort()).toEqual(["broken", "lookup", "pid"]);
      expect(server.chats.find((c) => c.model === "plain:7b")!.tools).toBeUndefined();
    } finally {
      await orchestrator.close();
    }
  }, 30_000);
});
