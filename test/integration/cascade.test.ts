/**
 * Cascade mode against the loopback Ollama server, driven by the real
 * `ChatOllama`: the request log shows exactly which agents were called —
 * the cheap one alone when its answer clears the bar, the next ones only
 * when it does not (quality threshold, tests, a failure) — and
 * `metadata.cascade` records every step.
 */
import { describe, expect, it } from "vitest";
import { AgentOrchestrator, InvalidInputError, type OrchestratorOptions } from "../../src/index.js";
import { fail, reply, useOllamaServer, type ModelScript } from "../support/ollamaServer.js";

const QUERY = "Explain what a closure is in JavaScript";
/** Scores 1 with the quality validator. */
const GOOD =
  "A closure is a function bundled together with references to its surrounding lexical scope. In JavaScript, an inner function keeps access to the variables of the outer function even after the outer function has returned. Closures are used for data privacy, factories and callbacks.";
/** Scores 0: a non-answer. */
const BAD = "I don't know.";

const CODE_QUERY = "Write a JavaScript function add(a, b) that returns the sum of two numbers";
const code = (body: string) => `Here is the function:\n\n\`\`\`javascript\nfunction add(a, b) {\n  return ${body};\n}\n\`\`\`\n\nIt returns the sum of \`a\` and \`b\`.`;
const TESTS = "console.assert(add(2, 3) === 5); console.assert(add(-1, 1) === 0);";

const AGENTS = { small: "small:1b", medium: "medium:7b", large: "large:70b" } as const;
const server = await useOllamaServer({
  models: { [AGENTS.small]: BAD, [AGENTS.medium]: BAD, [AGENTS.large]: BAD },
});

const script = (scripts: Partial<Record<keyof typeof AGENTS, ModelScript>>) => {
  for (const [agent, s] of Object.entries(scripts)) server.setModel(AGENTS[agent as keyof typeof AGENTS], s);
};
const orchestrator = (options: OrchestratorOptions = {}) =>
  new AgentOrchestrator({ ...AGENTS }, { retry: { maxAttempts: 1 }, ...options });
/** Models that got a request, in order. */
const called = () => server.chats.map((r) => r.model);

describe("cascade mode", () => {
  it("calls only the cheapest agent when its answer clears the threshold", async () => {
    script({ small: GOOD });
    const result = await orchestrator().orchestrate({ query: QUERY, executionMode: "cascade" });

    expect(called()).toEqual([AGENTS.small]);
    expect(result.status).toBe("completed");
    expect(result.output).toBe(GOOD);
    expect(result.metadata).toMatchObject({ executionMode: "cascade", coordinationType: "hierarchical" });
    expect(result.metadata.cascade).toEqual([
      { agent: "small", model: AGENTS.small, decision: "accepted", score: 1, reason: "quality 1.00 ≥ threshold 0.70" },
    ]);
    expect(result.results).toEqual([expect.objectContaining({ agent: "small", task: "candidate", status: "completed" })]);
  });

  it("escalates past an answer below the threshold and stops at the first that clears it", async () => {
    script({ small: BAD, medium: GOOD, large: GOOD });
    const result = await orchestrator().orchestrate({ query: QUERY, executionMode: "cascade" });

    expect(called()).toEqual([AGENTS.small, AGENTS.medium]);
    expect(result.status).toBe("completed");
    expect(result.output).toBe(GOOD);
    expect(result.metadata.cascade).toEqual([
      { agent: "small", model: AGENTS.small, decision: "escalated", score: 0, reason: "quality 0.00 < threshold 0.70; next: medium" },
      { agent: "medium", model: AGENTS.medium, decision: "accepted", score: 1, reason: "quality 1.00 ≥ threshold 0.70" },
    ]);
    // Every call got the whole query, with the cascade's own system prompt.
    for (const request of server.chats) expect(request.messages!.at(-1)!.content).toBe(QUERY);
  });

  it("escalates past a failed agent", async () => {
    script({ small: fail("CUDA error: out of memory"), medium: GOOD });
    const result = await orchestrator().orchestrate({ query: QUERY, executionMode: "cascade" });

    expect(called()).toEqual([AGENTS.small, AGENTS.medium]);
    expect(result.status).toBe("completed");
    expect(result.metadata.cascade!.map((s) => [s.agent, s.decision, s.score])).toEqual([
      ["small", "escalated", undefined],
      ["medium", "accepted", 1],
    ]);
    expect(result.metadata.cascade![0]!.reason).toMatch(/^failed: HTTP 500 .*CUDA error: out of memory; next: medium$/);
    expect(result.coordinationEfficiency).toBe(0.5);
  });

  it("follows the cascade option's order and threshold", async () => {
    script({ large: "Closure.", small: GOOD });
    const result = await orchestrator({ cascade: ["large", "small"], cascadeThreshold: 0.9 }).orchestrate({
      query: QUERY,
      executionMode: "cascade",
    });
    expect(called()).toEqual([AGENTS.large, AGENTS.small]);
    expect(result.metadata.cascade!.map((s) => `${s.agent}:${s.decision}`)).toEqual(["large:escalated", "small:accepted"]);
    expect(result.metadata.cascade![0]!.reason).toMatch(/^quality 0\.\d\d < threshold 0\.90; next: small$/);
  });

  it("when no answer clears the bar: partial, the best answer kept, every step recorded", async () => {
    script({ small: BAD, medium: "Closure.", large: fail("model runner has unexpectedly stopped") });
    const result = await orchestrator({ cascadeThreshold: 0.9 }).orchestrate({ query: QUERY, executionMode: "cascade" });

    expect(called()).toEqual([AGENTS.small, AGENTS.medium, AGENTS.large]);
    expect(result.status).toBe("partial");
    expect(result.output).toBe("Closure.");
    expect(result.metadata.cascade!.map((s) => `${s.agent}:${s.decision}`)).toEqual([
      "small:escalated",
      "medium:escalated",
      "large:rejected",
    ]);
    expect(result.metadata.cascade![2]!.reason).toMatch(/^failed: .*; no agent left$/);
    expect(result.error).toMatch(/^no answer met the cascade's bar \(quality ≥ 0\.90\); kept medium's \(quality 0\.\d\d\)$/);
  });

  it("every agent failing: failed, with each agent's error", async () => {
    script({ small: fail("boom"), medium: fail("boom"), large: fail("boom") });
    const result = await orchestrator().orchestrate({ query: QUERY, executionMode: "cascade" });
    expect(called()).toEqual([AGENTS.small, AGENTS.medium, AGENTS.large]);
    expect(result.status).toBe("failed");
    expect(result.output).toBe("");
    expect(result.error).toMatch(/^every agent failed: small, medium, large: HTTP 500 .*boom$/);
    expect(result.metadata.cascade).toHaveLength(3);
  });

  it("with tests and executeCode: the tests decide, whatever the quality score", async () => {
    // Both answers score well on quality; only the second adds.
    script({ small: code("a - b"), medium: code("a + b"), large: code("a + b") });
    const result = await orchestrator({ executeCode: true }).orchestrate({
      query: CODE_QUERY,
      executionMode: "cascade",
      tests: TESTS,
    });

    expect(called()).toEqual([AGENTS.small, AGENTS.medium]);
    expect(result.status).toBe("completed");
    expect(result.output).toContain("return a + b");
    const [first, second] = result.metadata.cascade!;
    expect(first).toMatchObject({ agent: "small", decision: "escalated", testsPassed: false });
    expect(first!.score).toBeGreaterThanOrEqual(0.7);
    expect(first!.reason).toMatch(/^tests failed \(failed: .*\); next: medium$/);
    expect(second).toMatchObject({ agent: "medium", decision: "accepted", testsPassed: true, reason: "tests passed" });
  });

  it("auto mode never picks cascade; it runs when asked, as a subgraph of the orchestrator graph", async () => {
    script({ small: GOOD });
    const auto = await orchestrator().orchestrate(QUERY);
    expect(auto.metadata.executionMode).not.toBe("cascade");
    expect(auto.metadata.cascade).toBeUndefined();
  });
});

describe("cascade options: bad values name the field", () => {
  it.each([
    [{ cascade: ["small", "huge"] }, 'cascade: unknown agent "huge"'],
    [{ cascade: [] }, "cascade: must name at least one agent"],
    [{ cascadeThreshold: 1.5 }, "cascadeThreshold: must be a number from 0 to 1"],
    [{ executeCode: "yes" }, "executeCode: must be true or false"],
  ])("%j", (options, message) => {
    expect(() => orchestrator(options as OrchestratorOptions)).toThrow(InvalidInputError);
    expect(() => orchestrator(options as OrchestratorOptions)).toThrow(message);
  });

  it("tests without executeCode are refused before any call", async () => {
    await expect(orchestrator().orchestrate({ query: CODE_QUERY, executionMode: "cascade", tests: TESTS })).rejects.toThrow(
      /^tests: running them needs the executeCode option/,
    );
    await expect(orchestrator({ executeCode: true }).orchestrate({ query: CODE_QUERY, tests: "  " })).rejects.toThrow(
      "tests: must not be empty when given",
    );
    expect(server.chats).toHaveLength(0);
  });
});
