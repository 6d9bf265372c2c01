/**
 * Cost: the pure pricing of tokens (`costOfRun`), `metadata.cost` of a run
 * with the `prices` option against the loopback Ollama server, the summary
 * line that shows it, and prices that name the bad field.
 */
import { describe, expect, it } from "vitest";
import { AgentOrchestrator, costOfRun, priceOf, type OrchestrationResult } from "../src/index.js";
import { formatTokensByAgent } from "../src/cli/summary.js";
import { MERGE_SYSTEM } from "../src/agents/prompts.js";
import { reply, useOllamaServer, type ChatRequest } from "./support/ollamaServer.js";

describe("costOfRun", () => {
  const attempts = [
    { agent: "small", model: "small:1b", usage: { inputTokens: 1_000, outputTokens: 500 } },
    { agent: "big", model: "gpt-big", usage: { inputTokens: 2_000, outputTokens: 1_000 } },
    { agent: "big", model: "gpt-big", usage: { inputTokens: 1_000, outputTokens: 0 } },
    { agent: "small", model: "small:1b" }, // a failed attempt: no usage
  ];

  it("tokens per agent, without prices", () => {
    expect(costOfRun(attempts)).toEqual({
      total: 0,
      byAgent: { small: { inputTokens: 1_000, outputTokens: 500 }, big: { inputTokens: 3_000, outputTokens: 1_000 } },
      unpriced: ["small:1b", "gpt-big"],
    });
  });

  it("money per agent and in total; coordination at the coordinator's model; unpriced models listed", () => {
    const prices = { "gpt-big": { inputPerMTok: 3, outputPerMTok: 15 } };
    const cost = costOfRun(attempts, { model: "gpt-big", usage: { inputTokens: 100_000, outputTokens: 0 } }, prices);
    expect(cost.byAgent.big).toEqual({ inputTokens: 3_000, outputTokens: 1_000, cost: 0.009 + 0.015 });
    expect(cost.byAgent.small).toEqual({ inputTokens: 1_000, outputTokens: 500 });
    expect(cost.coordination).toEqual({ inputTokens: 100_000, outputTokens: 0, cost: 0.3 });
    expect(cost.total).toBeCloseTo(0.324, 10);
    expect(cost.unpriced).toEqual(["small:1b"]);
  });

  it("priceOf: per million tokens, input and output apart", () => {
    expect(priceOf({ inputTokens: 1_000_000, outputTokens: 2_000_000 }, { inputPerMTok: 0.5, outputPerMTok: 1.5 })).toBe(3.5);
  });
});

const AGENTS = { planner: "planner:7b", writer: "writer:7b" } as const;
const server = await useOllamaServer({
  models: Object.fromEntries(
    Object.values(AGENTS).map((tag) => [
      tag,
      (request: ChatRequest) =>
        reply(request.messages[0]?.content === MERGE_SYSTEM ? "Merged: both parts." : `${tag} wrote its part in full.`, {
          promptEvalCount: 1_000,
          evalCount: 500,
        }),
    ]),
  ),
});

describe("metadata.cost with the prices option", () => {
  const prices = { "planner:7b": { inputPerMTok: 1, outputPerMTok: 2 }, "writer:7b": { inputPerMTok: 10, outputPerMTok: 20 } };
  const run = (options = {}) =>
    new AgentOrchestrator({ ...AGENTS }, options).orchestrate({ query: "Compare REST and GraphQL", executionMode: "parallel", subtasks: ["REST", "GraphQL"] });

  it("prices every agent's attempts and the merge (at the planner's model)", async () => {
    const result = await run({ prices });
    expect(server.chats).toHaveLength(3);
    expect(result.metadata.cost).toEqual({
      total: 0.002 + 0.02 + 0.002,
      byAgent: {
        planner: { inputTokens: 1_000, outputTokens: 500, cost: 0.002 },
        writer: { inputTokens: 1_000, outputTokens: 500, cost: 0.02 },
      },
      coordination: { inputTokens: 1_000, outputTokens: 500, cost: 0.002 },
      unpriced: [],
    });
    expect(formatTokensByAgent(result)).toBe(
      "tokens: planner 1,500 (1,000 in, 500 out, cost 0.002) · writer 1,500 (1,000 in, 500 out, cost 0.02) · coordination 1,500 (1,000 in, 500 out, cost 0.002) · total cost 0.024",
    );
  });

  it("no prices: no metadata.cost; the summary still shows tokens per agent", async () => {
    const result: OrchestrationResult = await run();
    expect(result.metadata.cost).toBeUndefined();
    expect(formatTokensByAgent(result)).toBe(
      "tokens: planner 1,500 (1,000 in, 500 out) · writer 1,500 (1,000 in, 500 out) · coordination 1,500 (1,000 in, 500 out)",
    );
  });

  it.each([
    [{ "gpt-4o": { inputPerMTok: -1, outputPerMTok: 1 } }, "prices.gpt-4o.inputPerMTok: must be a non-negative number"],
    [{ "gpt-4o": { inputPerMTok: 1 } }, "prices.gpt-4o.outputPerMTok: must be a non-negative number"],
    [{ "gpt-4o": { inputPerMTok: 1, outputPerMTok: 1, currency: "EUR" } }, "prices.gpt-4o: Unrecognized key"],
    [["gpt-4o"], "prices: "],
  ])("bad prices name the field: %j", (bad, message) => {
    expect(() => new AgentOrchestrator({ ...AGENTS }, { prices: bad as never })).toThrow(message);
  });
});
