/**
 * A tool loop in LangSmith: the agent's tool calls and model turns are child
 * runs of its `runAgent` call, in the run's one trace (real `langsmith`
 * client, loopback recorder). This file's worker turns tracing on for itself.
 */
import { afterAll, expect, test } from "vitest";
import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { startLangSmithServer } from "../support/langsmithServer.js";
import { useOllamaServer } from "../support/ollamaServer.js";
import { toolCall, toolScript } from "../support/toolScript.js";
import { AgentOrchestrator, flushTraces } from "../../src/index.js";

await useOllamaServer({
  models: { "researcher:7b": toolScript({ rounds: [[toolCall("lookup", { topic: "tides" })]], answer: (r) => `Found ${r[0]}` }) },
});
const langsmith = await startLangSmithServer();
Object.assign(process.env, {
  LANGSMITH_TRACING: "true",
  LANGSMITH_ENDPOINT: langsmith.url,
  LANGSMITH_API_KEY: "lsv2_test_key",
  LANGSMITH_PROJECT: "llmgenie-tools",
});
afterAll(async () => {
  delete process.env.LANGSMITH_TRACING;
  await langsmith.close();
});

test("each tool call is a child run of the agent's call, in the run's one trace", async () => {
  const lookup = tool(async ({ topic }) => `a fact about ${topic}`, { name: "lookup", description: "Look up", schema: z.object({ topic: z.string() }) });
  const orchestrator = new AgentOrchestrator({ researcher: { model: "researcher:7b", tools: [lookup] } }, { retry: { maxAttempts: 1 } });
  const result = await orchestrator.orchestrate({ query: "Tides?", executionMode: "collaborative" });
  expect(result.status).toBe("completed");
  expect(await flushTraces({ timeoutMs: 10_000 })).toBe(true);

  const [root] = langsmith.roots();
  expect(root!.name).toBe("orchestrator");
  const toolRun = langsmith.runs.find((r) => r.run_type === "tool" && r.name === "lookup")!;
  expect(toolRun).toBeDefined();
  expect(toolRun.trace_id).toBe(root!.id);
  // Up from the tool run: the loop's tools node, the loop (named after the agent), the runAgent node.
  const byId = new Map(langsmith.runs.map((r) => [r.id, r]));
  const ancestors: string[] = [];
  for (let at = byId.get(toolRun.parent_run_id ?? ""); at; at = byId.get(at.parent_run_id ?? "")) ancestors.push(at.name);
  expect(ancestors).toContain("researcher");
  expect(ancestors).toContain("runAgent");
  expect(ancestors.at(-1)).toBe("orchestrator");
  // The agent's model turns are LLM runs in the same subtree, tagged with the agent.
  const llmRuns = langsmith.runs.filter((r) => r.run_type === "llm");
  expect(llmRuns.length).toBe(2);
  expect(llmRuns.every((r) => r.tags?.includes("agent:researcher"))).toBe(true);
});
