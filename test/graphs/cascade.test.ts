/**
 * The cascade graph and the token meter used directly, as a LangGraph user
 * compiles them (fake chat models; the integration tests drive ChatOllama).
 */
import { describe, expect, it } from "vitest";
import { createCascadeGraph, createParallelGraph, TokenMeter } from "../../src/index.js";
import { FakeChatModel } from "../support/fakeModels.js";

const QUERY = "Write a JavaScript function add(a, b) that returns the sum of two numbers";
const code = (body: string) => `Here is the function:\n\n\`\`\`javascript\nfunction add(a, b) {\n  return ${body};\n}\n\`\`\`\n\nIt returns the sum of \`a\` and \`b\`.`;
const TESTS = "console.assert(add(2, 3) === 5);";

describe("cascade graph", () => {
  it("has the ladder topology: runAgent → joinAttempts → assessAnswer → runAgent | validateQuality → finalize", async () => {
    const graph = await createCascadeGraph().compile().getGraphAsync();
    expect(Object.keys(graph.nodes)).toEqual(
      expect.arrayContaining(["runAgent", "joinAttempts", "assessAnswer", "validateQuality", "finalize"]),
    );
    const edges = graph.edges.map((e) => `${e.source}->${e.target}`);
    expect(edges).toEqual(expect.arrayContaining(["joinAttempts->assessAnswer", "assessAnswer->runAgent", "assessAnswer->validateQuality"]));
  });

  it("runs the input's tests only when built with executeCode", async () => {
    const agents = () => ({ wrong: new FakeChatModel(code("a - b"), "wrong-model"), right: new FakeChatModel(code("a + b"), "right-model") });
    const input = { query: QUERY, tests: TESTS };

    const withTests = agents();
    const tested = await createCascadeGraph({ executeCode: true }).compile().invoke(input, { configurable: { agents: withTests } });
    expect(tested.status).toBe("completed");
    expect(tested.cascadeSteps.map((s) => `${s.agent}:${s.decision}:${s.testsPassed}`)).toEqual(["wrong:escalated:false", "right:accepted:true"]);
    expect(withTests.right.calls).toHaveLength(1);

    // Without executeCode the wrong code's good quality score is accepted: the tests never ran.
    const without = agents();
    const untested = await createCascadeGraph().compile().invoke(input, { configurable: { agents: without } });
    expect(untested.cascadeSteps).toEqual([expect.objectContaining({ agent: "wrong", decision: "accepted", reason: expect.stringContaining("tests not run: code execution is off") })]);
    expect(without.right.calls).toHaveLength(0);
  });

  it("names an unknown agent in configurable.cascade", async () => {
    const graph = createCascadeGraph().compile();
    await expect(
      graph.invoke({ query: QUERY }, { configurable: { agents: { a: new FakeChatModel("x") }, cascade: ["a", "zed"] } }),
    ).rejects.toThrow('cascade: unknown agent "zed" (agents: a)');
  });
});

describe("TokenMeter in a graph's callbacks", () => {
  it("counts every call and refuses new ones past the budget; a fresh meter per run", async () => {
    const model = new FakeChatModel("five words in this answer", "fake");
    const graph = createParallelGraph({ retry: { maxAttempts: 1 } }).compile();
    const input = { query: "Summarise three topics", subtasks: ["One", "Two", "Three"] };
    const config = () => ({ configurable: { agents: { a: model } }, maxConcurrency: 1, callbacks: [new TokenMeter(5)] });

    const state = await graph.invoke(input, config());
    expect(model.calls).toHaveLength(1);
    expect(state.status).toBe("partial");
    expect(state.error).toMatch(/^token budget of 5 reached \(\d+ used\)$/);
    expect(state.results.map((r) => r.status)).toEqual(["completed", "failed", "failed"]);

    const meter = new TokenMeter(1_000_000);
    const full = await graph.invoke(input, { ...config(), callbacks: [meter] });
    expect(full.status).toBe("completed");
    expect(meter.used).toBe(
      full.results.reduce((n, r) => n + r.usage!.inputTokens + r.usage!.outputTokens, 0) + full.usage.inputTokens + full.usage.outputTokens,
    );
    expect(meter.refused).toBe(0);
  });
});
