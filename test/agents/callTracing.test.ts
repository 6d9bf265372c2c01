/**
 * An agent call's run name, tags and metadata reach every callback handler
 * that sees the call (the model's own, a streamed run's token stream), and
 * are not built for a call that no handler sees. Tracing to LangSmith is
 * covered in test/tracing/langsmith.test.ts.
 */
import { describe, expect, test } from "vitest";
import { ChatOllama } from "@langchain/ollama";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import { useOllamaServer } from "../support/ollamaServer.js";
import { AgentOrchestrator, createParallelGraph, type OrchestrationEvent } from "../../src/index.js";
import { agentTracing } from "../../src/agents/tracing.js";
import type { ResolvedAgent } from "../../src/agents/resolve.js";

const server = await useOllamaServer({ models: { "analyst:7b": "An answer.", "critic:7b": "Another answer." } });

/** Records what each chat model start tells its handlers. */
class StartRecorder extends BaseCallbackHandler {
  name = "start_recorder";
  starts: { runName?: string; tags?: string[]; metadata?: Record<string, unknown> }[] = [];
  override handleChatModelStart(
    _llm: unknown,
    _messages: unknown,
    _runId: string,
    _parentRunId?: string,
    _extraParams?: Record<string, unknown>,
    tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
  ) {
    this.starts.push({ runName, tags, metadata });
  }
}

const subtasks = ["Part one", "Part two"];

describe("an agent call's run name, tags and metadata", () => {
  test("reach the model's own callback handlers", async () => {
    const recorder = new StartRecorder();
    const analyst = new ChatOllama({ model: "analyst:7b", baseUrl: server.url, callbacks: [recorder] });
    const orchestrator = new AgentOrchestrator({ analyst }, { retry: { maxAttempts: 1 } });
    const result = await orchestrator.orchestrate({ query: "Review the service", executionMode: "parallel", subtasks });
    expect(result.status).toBe("completed");

    const agentCalls = recorder.starts.filter((start) => start.metadata?.taskKey !== undefined);
    expect(agentCalls.map((start) => start.metadata!.taskKey).sort()).toEqual(["subtask:0", "subtask:1"]);
    for (const start of agentCalls) {
      expect(start.runName).toBe("analyst");
      expect(start.tags).toEqual(expect.arrayContaining(["agent:analyst", "mode:parallel"]));
      expect(start.metadata).toMatchObject({ agent: "analyst", model: "analyst:7b", attempt: 1, langgraph_node: "runAgent" });
      expect(subtasks).toContain(start.metadata!.task);
    }
  });

  test("reach the callbacks a graph is invoked with", async () => {
    const recorder = new StartRecorder();
    const graph = createParallelGraph().compile();
    const state = await graph.invoke(
      { query: "Review the service", subtasks },
      { callbacks: [recorder], configurable: { agents: { analyst: "analyst:7b" } } },
    );
    expect(state.status).toBe("completed");
    const taskKeys = recorder.starts.filter((start) => start.runName === "analyst").map((start) => start.metadata?.taskKey);
    expect(taskKeys.sort()).toEqual(["subtask:0", "subtask:1"]);
  });

  test("name the agent and task of every streamed token", async () => {
    const orchestrator = new AgentOrchestrator({ analyst: "analyst:7b", critic: "critic:7b" }, { retry: { maxAttempts: 1 } });
    const tokens: Record<string, unknown>[] = [];
    const onEvent = (event: OrchestrationEvent) => {
      if (event.mode === "messages" && event.data[1].langgraph_node === "runAgent") tokens.push(event.data[1]);
    };
    const result = await orchestrator.orchestrate({ query: "Review the service", executionMode: "parallel", subtasks }, { onEvent });
    expect(result.status).toBe("completed");

    expect(tokens.length).toBeGreaterThan(0);
    for (const metadata of tokens) {
      expect(["analyst", "critic"]).toContain(metadata.agent);
      expect(metadata.taskKey).toMatch(/^subtask:[01]$/);
    }
    expect(new Set(tokens.map((metadata) => metadata.taskKey))).toEqual(new Set(["subtask:0", "subtask:1"]));
  });

  test("are built only when a handler would see the call", () => {
    const agent: ResolvedAgent = { name: "analyst", modelName: "analyst:7b", model: new ChatOllama({ model: "analyst:7b", baseUrl: server.url }) };
    const assignment = { task: "Part one", key: "subtask:0", attempt: 1 };
    const config = { tags: ["llmgenie"], metadata: { executionMode: "parallel" } };

    expect(agentTracing(agent, assignment, config)).toEqual({});
    expect(agentTracing(agent, assignment, { ...config, callbacks: [new StartRecorder()] })).toEqual({
      runName: "analyst",
      tags: ["llmgenie", "agent:analyst"],
      metadata: { executionMode: "parallel", agent: "analyst", model: "analyst:7b", task: "Part one", taskKey: "subtask:0", attempt: 1 },
    });
    // Tools run in a loop whose own runs carry the agent's name: always built.
    expect(agentTracing({ ...agent, mcp: ["files"] }, assignment, config).runName).toBe("analyst");
  });
});
