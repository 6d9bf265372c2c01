/**
 * Token budgets in every mode, against the loopback Ollama server (each
 * reply costs exactly 100 tokens: 60 in, 40 out): once the run's tokens
 * reach the budget no new model call starts — the request log shows it —
 * the run ends `partial` with what it has and an `error` naming the budget,
 * and answers of calls already in flight are kept.
 */
import { describe, expect, it } from "vitest";
import { AgentOrchestrator, type OrchestrationResult, type OrchestratorOptions } from "../../src/index.js";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { jsonReply, reply, useOllamaServer, type ChatRequest } from "../support/ollamaServer.js";

const TOKENS = { promptEvalCount: 60, evalCount: 40 };
const AGENTS = { alpha: "alpha:7b", beta: "beta:7b", gamma: "gamma:7b" } as const;
const QUERY = "Design a small REST API for a todo list, with endpoints and error handling";
const SUBTASKS = ["Define the endpoints", "Describe the error handling", "Give example requests"];

const answer = (name: string) => (request: ChatRequest) => {
  if (request.format) return jsonReply({ steps: ["List the endpoints", "Explain the errors"] }, TOKENS);
  if (request.messages[0]?.content === MERGE_SYSTEM) return reply(`Merged by ${name}: GET /todos lists todos; errors use JSON bodies.`, TOKENS);
  return reply(`${name} says: use GET /todos and POST /todos, and answer errors with a JSON body and the right status code.`, {
    ...TOKENS,
    firstChunkDelayMs: 20,
  });
};

const server = await useOllamaServer({
  models: Object.fromEntries(Object.entries(AGENTS).map(([name, tag]) => [tag, answer(name)])),
});

const orchestrator = (options: OrchestratorOptions = {}) => new AgentOrchestrator({ ...AGENTS }, { retry: { maxAttempts: 1 }, ...options });
const tokensOf = (result: OrchestrationResult) => result.metadata.usage!.inputTokens + result.metadata.usage!.outputTokens;
const refused = (result: OrchestrationResult) => result.results.filter((r) => r.error?.startsWith("token budget of"));

describe("token budget", () => {
  it("parallel: one call at a time, the budget spent after the first: no other subtask or merge is called", async () => {
    const result = await orchestrator({ tokenBudget: 100, maxConcurrency: 1 }).orchestrate({
      query: QUERY,
      executionMode: "parallel",
      subtasks: SUBTASKS,
    });
    expect(server.chats).toHaveLength(1);
    expect(result.status).toBe("partial");
    expect(result.error).toBe("token budget of 100 reached (100 used)");
    expect(tokensOf(result)).toBe(100);
    expect(result.results.filter((r) => r.status === "completed")).toHaveLength(1);
    expect(refused(result)).toHaveLength(2);
    expect(refused(result)[0]).toMatchObject({ status: "failed", latencyMs: 0, error: "token budget of 100 reached (100 used)" });
    // The merge was refused too: the finished part is the answer, and a warning says why.
    expect(result.output).toContain("says: use GET /todos");
    expect(result.metadata.warnings!.join("\n")).toMatch(/merge: .* could not combine the parts \(token budget of 100 reached/);
  });

  it("parallel: calls already in flight are not wasted", async () => {
    // All three start at once (no concurrency cap), before any tokens are counted.
    const result = await orchestrator({ tokenBudget: 150 }).orchestrate({ query: QUERY, executionMode: "parallel", subtasks: SUBTASKS });
    expect(server.chats).toHaveLength(3); // the merge did not start
    expect(result.results.map((r) => r.status)).toEqual(["completed", "completed", "completed"]);
    expect(result.status).toBe("partial");
    expect(result.error).toBe("token budget of 150 reached (300 used)");
    for (const subtask of SUBTASKS) expect(result.output).toContain(`## ${subtask}`);
  });

  it("sequential: the steps after the budget is spent are not called", async () => {
    const result = await orchestrator({ tokenBudget: 200 }).orchestrate({ query: QUERY, executionMode: "sequential", subtasks: SUBTASKS });
    expect(server.chats.map((r) => r.model)).toEqual([AGENTS.alpha, AGENTS.beta]);
    expect(result.status).toBe("partial");
    expect(result.error).toBe("token budget of 200 reached (200 used)");
    expect(result.results.map((r) => `${r.agent}:${r.status}`)).toEqual(["alpha:completed", "beta:completed", "gamma:failed"]);
    expect(result.output).toContain("beta says");
  });

  it("sequential: planning counts; a budget spent by the planner leaves the steps uncalled", async () => {
    const result = await orchestrator({ tokenBudget: 50 }).orchestrate({ query: QUERY, executionMode: "sequential" });
    expect(server.chats).toHaveLength(1);
    expect(server.chats[0]!.format).toBeDefined();
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/^token budget of 50 reached \(100 used\); every agent failed/);
    expect(result.results.every((r) => r.error === "token budget of 50 reached (100 used)")).toBe(true);
  });

  it("collaborative: one call at a time; the candidates after the budget are not called", async () => {
    const result = await orchestrator({ tokenBudget: 100, maxConcurrency: 1 }).orchestrate({ query: QUERY, executionMode: "collaborative" });
    expect(server.chats).toHaveLength(1);
    expect(result.status).toBe("partial");
    expect(result.error).toBe("token budget of 100 reached (100 used)");
    expect(result.output).toMatch(/says: use GET \/todos/);
    expect(refused(result)).toHaveLength(2);
  });

  it("cascade: no escalation once the budget is spent; the step says why", async () => {
    // Below the default threshold: the cascade would go on, but the budget stops it.
    server.setModel(AGENTS.alpha, reply("I don't know.", TOKENS));
    const result = await orchestrator({ tokenBudget: 100 }).orchestrate({ query: QUERY, executionMode: "cascade" });
    expect(server.chats.map((r) => r.model)).toEqual([AGENTS.alpha]);
    expect(result.status).toBe("partial");
    expect(result.error).toMatch(/^token budget of 100 reached \(100 used\); no answer met the cascade's bar/);
    expect(result.metadata.cascade).toEqual([
      expect.objectContaining({ agent: "alpha", decision: "rejected", reason: expect.stringMatching(/; token budget of 100 reached \(100 used\)$/) }),
    ]);
    expect(result.output).toBe("I don't know.");
  });

  it("collaborative: every candidate started before the budget was reached: completed, and a warning says it was passed", async () => {
    // All three start at once (no concurrency cap) and rules select: no call comes after them.
    const result = await orchestrator({ tokenBudget: 10 }).orchestrate({ query: QUERY, executionMode: "collaborative" });
    expect(server.chats).toHaveLength(3);
    expect(result.status).toBe("completed");
    expect(result.error).toBeUndefined();
    expect(result.metadata.warnings).toContain(
      "token budget of 10 passed (300 used) by calls that had started before it was reached; none was refused",
    );
  });

  it("a budget that is not reached changes nothing", async () => {
    const result = await orchestrator({ tokenBudget: 10_000 }).orchestrate({ query: QUERY, executionMode: "parallel", subtasks: SUBTASKS });
    expect(result.status).toBe("completed");
    expect(result.error).toBeUndefined();
    expect(result.metadata.warnings ?? []).toEqual([]);
    expect(server.chats).toHaveLength(4);
    expect(tokensOf(result)).toBe(400);
  });

  it("tokenBudget must be a positive integer (the error names it)", () => {
    expect(() => orchestrator({ tokenBudget: 0 })).toThrow("tokenBudget: must be a positive integer");
    expect(() => orchestrator({ tokenBudget: 1.5 })).toThrow("tokenBudget: must be a positive integer");
  });
});
