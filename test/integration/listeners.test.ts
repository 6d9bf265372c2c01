/**
 * A fan-out wider than Node's default of 10 abort listeners prints no
 * `MaxListenersExceededWarning`: LangGraph gives a superstep's tasks one
 * signal and `@langchain/core` adds a listener per task to it, and llmgenie
 * lifts the limit for that signal alone (`allowListenerPerTask`), never the
 * process's default. Through the public API, the served graphs and ChatOllama.
 */
import { getMaxListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AgentOrchestrator } from "../../src/index.js";
import * as served from "../../src/graph.js";
import { reply, useOllamaServer } from "../support/ollamaServer.js";

const server = await useOllamaServer({ defaultModel: () => reply("A part of the answer.", { firstChunkDelayMs: 100 }) });
/** No retries, and a host cap above 10, so that every call of a wide fan-out is in flight at once. */
const options = { retry: { maxAttempts: 1 }, hosts: { [server.url]: { maxParallel: 32 } } };
const parts = (n: number) => Array.from({ length: n }, (_, i) => `Part ${i + 1}`);

let warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on("warning", onWarning);
});
afterEach(() => {
  process.off("warning", onWarning);
});
/** Node emits warnings on the next tick: wait for them before looking. */
const emittedWarnings = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.filter((warning) => warning.name === "MaxListenersExceededWarning").map((warning) => warning.message);
};

describe("wide fan-outs and Node's abort listener limit", () => {
  it("a parallel run of 24 subtasks and a collaborative run of 12 agents print no MaxListenersExceededWarning", async () => {
    const orchestrator = new AgentOrchestrator({ a: "alpha:1b", b: "beta:1b" }, options);
    const parallel = await orchestrator.orchestrate({ query: "Review the service", executionMode: "parallel", subtasks: parts(24) });
    expect(parallel.status).toBe("completed");
    expect(server.maxInFlight).toBeGreaterThan(10);

    const agents = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`agent${i}`, `model${i}:1b`]));
    const many = new AgentOrchestrator(agents, options);
    const collaborative = await many.orchestrate({ query: "Explain what a cache is for", executionMode: "collaborative" });
    expect(collaborative.results).toHaveLength(12);
    expect(await emittedWarnings()).toEqual([]);
    // The process's default is the user's: untouched.
    expect(getMaxListeners(new AbortController().signal)).toBe(10);
    await Promise.all([orchestrator.close(), many.close()]);
  });

  it("holds for a checkpointed thread, and for a run under the caller's abort signal", async () => {
    const orchestrator = new AgentOrchestrator({ a: "alpha:1b" }, options);
    const input = { query: "Review the service", executionMode: "parallel" as const, subtasks: parts(16) };
    const checkpointed = await orchestrator.orchestrate({ ...input, threadId: "listeners-thread" });
    const cancellable = await orchestrator.orchestrate({ ...input, signal: new AbortController().signal });
    expect([checkpointed.status, cancellable.status]).toEqual(["completed", "completed"]);
    expect(await emittedWarnings()).toEqual([]);
    await orchestrator.close();
  });

  it("holds for the served graphs", async () => {
    const config = { configurable: { agents: { a: "alpha:1b" }, hosts: options.hosts } };
    const state = await (await served.parallel(config)).invoke({ query: "Review the service", subtasks: parts(16) }, config);
    expect(state.status).toBe("completed");
    expect(await emittedWarnings()).toEqual([]);
  });
});
