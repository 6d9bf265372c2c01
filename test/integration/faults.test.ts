/**
 * Faults, in every mode, against the loopback Ollama server driven by the real
 * `ChatOllama` (agents are Ollama tags, the server is `OLLAMA_BASE_URL`): a
 * failing agent, every agent failing, transient errors retried by LangGraph's
 * `RetryPolicy`, hung agents cut off by the node timeout, fallbacks, and the
 * planner, merger, judge or classifier failing. `orchestrate` always resolves;
 * the server's request log shows which calls were made and closed.
 */
import { describe, expect, it } from "vitest";
import { AgentOrchestrator, type OrchestrationResult, type OrchestratorOptions } from "../../src/index.js";
import { CANDIDATE_SYSTEM, MERGE_SYSTEM, STEP_SYSTEM, SUBTASK_SYSTEM } from "../../src/agents/prompts.js";
import {
  cutOff,
  fail,
  hang,
  jsonReply,
  notFound,
  startOllamaServer,
  useOllamaServer,
  type ChatRequest,
  type ModelScript,
  type RequestRecord,
} from "../support/ollamaServer.js";

type Mode = "parallel" | "sequential" | "collaborative";
const MODES: Mode[] = ["parallel", "sequential", "collaborative"];

/** Three agents; with three subtasks or steps, round-robin gives each one task (alpha: 0, beta: 1, gamma: 2). */
const AGENTS = { alpha: "alpha:7b", beta: "beta:7b", gamma: "gamma:7b" } as const;
const QUERY = "Design a small REST API for a todo list, with endpoints and error handling";
const SUBTASKS = ["Define the endpoints", "Describe the error handling", "Give example requests"];

/** The answer of a healthy agent: structured output for plans, a merge, or a plain answer. */
const healthy =
  (name: string) =>
  (request: ChatRequest) => {
    const properties = (request.format as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    if ("steps" in properties) return jsonReply({ steps: ["List the endpoints of the API", "Explain how errors are reported"] });
    if (request.messages[0]?.content === MERGE_SYSTEM) return `Merged by ${name}: GET /todos lists todos; errors use JSON bodies.`;
    return `${name} says: use GET /todos and POST /todos, and answer errors with a JSON body and the right status code.`;
  };

const TASK_SYSTEMS = new Set([SUBTASK_SYSTEM, STEP_SYSTEM, CANDIDATE_SYSTEM]);

const server = await useOllamaServer({
  models: Object.fromEntries(Object.entries(AGENTS).map(([name, tag]) => [tag, healthy(name)])),
});

/** Small retry intervals (LangGraph adds up to 1 s of jitter per retry). */
const orchestrator = (options: OrchestratorOptions = {}) =>
  new AgentOrchestrator({ ...AGENTS }, { retry: { maxAttempts: 2, initialIntervalMs: 1 }, ...options });

/** The query in `mode`; parallel and sequential get the three subtasks unless `planned`. */
const run = (o: AgentOrchestrator, mode: Mode, extra: { planned?: boolean; signal?: AbortSignal } = {}) =>
  o.orchestrate({
    query: QUERY,
    executionMode: mode,
    ...(mode === "collaborative" || extra.planned ? {} : { subtasks: SUBTASKS }),
    ...(extra.signal ? { signal: extra.signal } : {}),
  });

/** Requests for agent work (a subtask, step or candidate) that reached `tag`, in order. */
const taskCalls = (tag: string): RequestRecord[] =>
  server.chats.filter((r) => r.model === tag && TASK_SYSTEMS.has(String(r.messages?.[0]?.content)));

const summary = (result: OrchestrationResult) => result.results.map((r) => `${r.agent}:${r.status}`);

/** The entries of `agent`. */
const entriesOf = (result: OrchestrationResult, agent: string) => result.results.filter((r) => r.agent === agent);

describe.each(MODES)("%s mode", (mode) => {
  it("one agent's server errors: its result is failed with the error, the others' work is kept, status partial", async () => {
    server.setModel(AGENTS.beta, fail("CUDA error: out of memory"));
    const result = await run(orchestrator(), mode);

    expect(result.status).toBe("partial");
    expect(summary(result).sort()).toEqual(["alpha:completed", "beta:failed", "gamma:completed"]);
    const [beta] = entriesOf(result, "beta");
    expect(beta).toMatchObject({ model: AGENTS.beta, status: "failed" });
    expect(beta!.error).toBe(`HTTP 500 at ${server.url}: CUDA error: out of memory`);
    expect(beta!.output).toBeUndefined();
    for (const agent of ["alpha", "gamma"]) expect(entriesOf(result, agent)[0]!.output).toMatch(/says: use GET \/todos/);
    expect(result.coordinationEfficiency).toBeCloseTo(2 / 3, 10);
    expect(result.output.trim()).not.toBe("");
    expect(result.agentsUsed.sort()).toEqual(["alpha", "beta", "gamma"]);
    // The retry policy tried beta twice (maxAttempts: 2); the failure is one entry.
    expect(taskCalls(AGENTS.beta).map((r) => r.httpStatus)).toEqual([500, 500]);
  });

  it("every agent fails on a closed port: status failed, `error` names the URL, orchestrate resolves", async () => {
    const closed = await startOllamaServer();
    const url = closed.url;
    await closed.close();
    process.env.OLLAMA_BASE_URL = url;
    try {
      const result = await run(orchestrator({ retry: { maxAttempts: 1 } }), mode);
      expect(result.status).toBe("failed");
      expect(result.error).toContain(`cannot reach the model server at ${url} (ECONNREFUSED)`);
      expect(result.output).toBe("");
      expect(result.coordinationEfficiency).toBe(0);
      expect(result.results).toHaveLength(3);
      for (const entry of result.results) {
        expect(entry.status).toBe("failed");
        expect(entry.error).toBe(`cannot reach the model server at ${url} (ECONNREFUSED)`);
      }
    } finally {
      process.env.OLLAMA_BASE_URL = server.url;
    }
  });

  it("a server fetch gets no response from for another reason is named too, with the reason", async () => {
    // Port 9 is on the Fetch standard's list of ports `fetch` refuses: no response, and no error code.
    const url = "http://127.0.0.1:9";
    process.env.OLLAMA_BASE_URL = url;
    try {
      const result = await run(orchestrator({ retry: { maxAttempts: 1 } }), mode);
      expect(result.status).toBe("failed");
      for (const entry of result.results) expect(entry.error).toBe(`cannot reach the model server at ${url} (bad port)`);
    } finally {
      process.env.OLLAMA_BASE_URL = server.url;
    }
  });

  it("every agent's server errors: status failed and `error` says why, per agent", async () => {
    for (const tag of Object.values(AGENTS)) server.setModel(tag, fail(`${tag} is overloaded`, { status: 503 }));
    const result = await run(orchestrator({ retry: { maxAttempts: 1 } }), mode);
    expect(result.status).toBe("failed");
    for (const tag of Object.values(AGENTS)) expect(result.error).toContain(`${tag} is overloaded`);
    expect(result.error).toMatch(/^every agent failed: /);
    expect(summary(result).sort()).toEqual(["alpha:failed", "beta:failed", "gamma:failed"]);
  });

  it("a transient 503 is retried by the RetryPolicy and the run completes", async () => {
    server.setModel(AGENTS.beta, [fail("server busy, try again", { status: 503 }), healthy("beta")]);
    const result = await run(orchestrator(), mode);

    expect(result.status).toBe("completed");
    expect(result.coordinationEfficiency).toBe(1);
    // One entry per task: the retry is inside the attempt; the server saw both requests.
    expect(summary(result).sort()).toEqual(["alpha:completed", "beta:completed", "gamma:completed"]);
    expect(taskCalls(AGENTS.beta).map((r) => [r.httpStatus, r.status])).toEqual([
      [503, "error"],
      [200, "completed"],
    ]);
  });

  it("a stream cut off mid-answer (socket destroyed) is retried too", async () => {
    server.setModel(AGENTS.beta, [cutOff("half an ans", { afterChunks: 2 }), healthy("beta")]);
    const result = await run(orchestrator(), mode);
    expect(result.status).toBe("completed");
    expect(taskCalls(AGENTS.beta).map((r) => r.status)).toEqual(["cut", "completed"]);
  });

  it("retries are bounded by retry.maxAttempts", async () => {
    server.setModel(AGENTS.beta, fail("still broken"));
    const result = await run(orchestrator({ retry: { maxAttempts: 3, initialIntervalMs: 1 } }), mode);
    expect(result.status).toBe("partial");
    expect(taskCalls(AGENTS.beta)).toHaveLength(3);
    expect(entriesOf(result, "beta")).toHaveLength(1);
  });

  it("a model that is not pulled (404) is not retried, and the error says how to pull it", async () => {
    server.setModel(AGENTS.beta, notFound());
    const result = await run(orchestrator({ retry: { maxAttempts: 3, initialIntervalMs: 1 } }), mode);
    expect(result.status).toBe("partial");
    expect(taskCalls(AGENTS.beta)).toHaveLength(1);
    expect(entriesOf(result, "beta")[0]!.error).toBe(
      `model "${AGENTS.beta}" is not available at ${server.url}: run \`ollama pull ${AGENTS.beta}\` (model "${AGENTS.beta}" not found, try pulling it first)`,
    );
  });

  it("an agent that hangs is cut off by agentTimeoutMs, counts as failed, and the server sees the connection closed", async () => {
    server.setModel(AGENTS.beta, hang());
    const result = await run(orchestrator({ agentTimeoutMs: 400, retry: { maxAttempts: 3, initialIntervalMs: 1 } }), mode);

    expect(result.status).toBe("partial");
    const [beta] = entriesOf(result, "beta");
    expect(beta).toMatchObject({ status: "failed", error: "timed out after 400 ms" });
    expect(result.coordinationEfficiency).toBeCloseTo(2 / 3, 10);
    // A timed-out call is not retried (a fallback may take the task instead).
    const calls = taskCalls(AGENTS.beta);
    expect(calls).toHaveLength(1);
    await server.waitFor(() => calls[0]!.closedByClient);
    expect(calls[0]!.status).toBe("aborted");
  });

  it("a stream that stalls after some tokens is cut off the same way", async () => {
    server.setModel(AGENTS.beta, hang({ afterChunks: 2, content: "I am thinking about" }));
    const result = await run(orchestrator({ agentTimeoutMs: 400 }), mode);
    expect(entriesOf(result, "beta")[0]).toMatchObject({ status: "failed", error: "timed out after 400 ms" });
    const [call] = taskCalls(AGENTS.beta);
    await server.waitFor(() => call!.closedByClient);
    expect(call!.chunksSent).toBe(2);
  });

  describe("fallbacks: { beta: ['gamma'] }", () => {
    const withFallback = (options: OrchestratorOptions = {}) => orchestrator({ fallbacks: { beta: ["gamma"] }, ...options });

    it("a task whose agent failed after its retries goes to the fallback; the result records both attempts", async () => {
      server.setModel(AGENTS.beta, fail("CUDA error: out of memory"));
      const result = await run(withFallback(), mode);

      expect(result.status).toBe("completed");
      const [failed] = entriesOf(result, "beta");
      const standIn = result.results.find((r) => r.agent === "gamma" && r.task === failed!.task);
      expect(failed).toMatchObject({ status: "failed", error: `HTTP 500 at ${server.url}: CUDA error: out of memory` });
      expect(standIn).toMatchObject({ status: "completed", model: AGENTS.gamma, output: expect.stringMatching(/^gamma says/) });
      // The fallback attempt comes after the failed one.
      expect(result.results.indexOf(standIn!)).toBeGreaterThan(result.results.indexOf(failed!));
      expect(result.results).toHaveLength(4);
      expect(result.coordinationEfficiency).toBeCloseTo(3 / 4, 10);
      expect(taskCalls(AGENTS.beta)).toHaveLength(2); // retried first, then handed over
      expect(taskCalls(AGENTS.gamma)).toHaveLength(2); // its own task and beta's
    });

    it("after a timeout or a model that is not pulled", async () => {
      server.setModel(AGENTS.beta, hang());
      const timedOut = await run(withFallback({ agentTimeoutMs: 400 }), mode);
      expect(timedOut.status).toBe("completed");
      expect(summary(timedOut)).toContain("beta:failed");
      expect(timedOut.results.filter((r) => r.agent === "gamma" && r.status === "completed")).toHaveLength(2);

      server.reset();
      server.removeModel(AGENTS.beta);
      const missing = await run(withFallback(), mode);
      expect(missing.status).toBe("completed");
      expect(entriesOf(missing, "beta")[0]!.error).toMatch(/ollama pull beta:7b/);
    });

    it("when the fallback fails too, both attempts are failed entries and the task counts as failed", async () => {
      server.setModel(AGENTS.beta, fail("beta is down"));
      server.setModel(AGENTS.gamma, (request) =>
        // beta's task: its subtask, its step (every step's prompt lists the whole plan), its candidate.
        request.lastUserMessage.includes(`Your part: ${SUBTASKS[1]}`) ||
        request.lastUserMessage.includes(`Now do step 2: ${SUBTASKS[1]}`) ||
        (mode === "collaborative" && request.call > 0)
          ? fail("gamma is down too")
          : healthy("gamma")(request),
      );
      const result = await run(withFallback({ retry: { maxAttempts: 1 } }), mode);
      const failed = result.results.filter((r) => r.status === "failed");
      expect(failed.map((r) => `${r.agent}: ${r.error}`)).toEqual([
        `beta: HTTP 500 at ${server.url}: beta is down`,
        `gamma: HTTP 500 at ${server.url}: gamma is down too`,
      ]);
      expect(failed[1]!.task).toBe(failed[0]!.task); // gamma's failure was beta's task
      expect(result.results).toHaveLength(4);
      expect(result.status).toBe("partial");
    });
  });

  it("cancellation: aborting `signal` closes every in-flight request and orchestrate rejects with an AbortError", async () => {
    for (const tag of [AGENTS.beta, AGENTS.gamma]) server.setModel(tag, hang());
    const controller = new AbortController();
    const pending = run(orchestrator({ maxConcurrency: 3 }), mode, { signal: controller.signal });
    const settled = pending.then(
      (value) => ({ value }),
      (error: Error) => ({ error }),
    );
    // Parallel and collaborative: beta and gamma hang at once; sequential: beta hangs at step 2.
    const hungCount = mode === "sequential" ? 1 : 2;
    await server.waitFor(() => server.chats.filter((r) => r.status === "hung").length === hungCount, 10_000);
    controller.abort();

    const outcome = await settled;
    expect("error" in outcome && outcome.error.name).toBe("AbortError");
    await server.waitFor(() => server.chats.every((r) => r.endedAt !== undefined));
    const hung = server.chats.filter((r) => r.behaviour === "hang");
    expect(hung).toHaveLength(hungCount);
    for (const record of hung) expect(record).toMatchObject({ status: "aborted", closedByClient: true });
  });

  it("runTimeoutMs ends the whole run, keeps the finished work and marks the cut-off call failed", async () => {
    server.setModel(AGENTS.beta, hang());
    const result = await run(orchestrator({ runTimeoutMs: 3_000 }), mode);

    expect(result.status).toBe("partial");
    expect(result.error).toBe("run timed out after 3000 ms");
    expect(entriesOf(result, "alpha")[0]).toMatchObject({ status: "completed", output: expect.stringMatching(/^alpha says/), host: server.url });
    // The call cut off in flight still says which host it went to.
    expect(entriesOf(result, "beta")[0]).toMatchObject({ status: "failed", error: "run timed out after 3000 ms", host: server.url });
    expect(result.output).toContain("alpha says");
    const [call] = taskCalls(AGENTS.beta);
    await server.waitFor(() => call!.closedByClient);
  });
});

describe("degraded paths: the heuristic takes over and metadata.warnings says so", () => {
  /** alpha (the planner and merger) answers structured requests with prose. */
  const offSchemaPlanner: ModelScript = (request) =>
    request.format ? "Sure! Here is my plan: first do this, then that." : healthy("alpha")(request);

  it.each(["parallel", "sequential"] as const)("%s: the planner answers off-schema → template plan", async (mode) => {
    server.setModel(AGENTS.alpha, offSchemaPlanner);
    const result = await run(orchestrator(), mode, { planned: true });
    expect(result.status).toBe("completed");
    expect(result.metadata.warnings).toContainEqual(
      'planner: alpha could not plan (alpha answered off-schema: no JSON object in "Sure! Here is my plan: first do this, then that."); used the template plan',
    );
    expect(result.results).toHaveLength(3); // every template has three parts
  });

  it.each(["parallel", "sequential"] as const)("%s: the planner's server errors → template plan", async (mode) => {
    server.setModel(AGENTS.alpha, (request) => (request.format ? fail("planner crashed") : healthy("alpha")(request)));
    const result = await run(orchestrator({ retry: { maxAttempts: 1 } }), mode, { planned: true });
    expect(result.status).toBe("completed");
    expect(result.metadata.warnings?.join("\n")).toMatch(/planner: alpha could not plan \(.*planner crashed\)/);
  });

  it.each(["parallel", "sequential"] as const)("%s: the planner never answers → cut off at agentTimeoutMs, template plan", async (mode) => {
    server.setModel(AGENTS.alpha, (request) => (request.format ? hang() : healthy("alpha")(request)));
    const result = await run(orchestrator({ agentTimeoutMs: 400 }), mode, { planned: true });
    expect(result.status).toBe("completed");
    expect(result.metadata.warnings?.join("\n")).toMatch(/planner: alpha could not plan \(.*400 ms.*\)/);
    const [planCall] = server.chats.filter((r) => r.format !== undefined);
    await server.waitFor(() => planCall!.closedByClient);
  });

  it("parallel: the merger fails → the parts are concatenated with attribution", async () => {
    server.setModel(AGENTS.alpha, (request) =>
      request.messages[0]?.content === MERGE_SYSTEM ? fail("merge crashed") : healthy("alpha")(request),
    );
    const result = await run(orchestrator({ retry: { maxAttempts: 1 } }), "parallel");
    expect(result.status).toBe("completed");
    expect(result.metadata.warnings?.join("\n")).toMatch(/merge: alpha could not combine the parts \(.*merge crashed\); concatenated them/);
    for (const subtask of SUBTASKS) expect(result.output).toContain(`## ${subtask}`);
  });

  it("a coordinator whose server cannot be reached: each warning names the server, as a failed attempt does", async () => {
    const url = "http://127.0.0.1:9";
    const agents = { ...AGENTS, alpha: { model: AGENTS.alpha, baseUrl: url } };
    const options = { retry: { maxAttempts: 1, initialIntervalMs: 1 }, classifier: "alpha", judge: "alpha" } as const;
    const unreachable = `cannot reach the model server at ${url} (bad port)`;
    const parallel = await new AgentOrchestrator(agents, options).orchestrate({ query: QUERY, executionMode: "parallel" });
    expect(parallel.metadata.warnings).toEqual(
      expect.arrayContaining([
        `planner: alpha could not plan (${unreachable}); used the template plan`,
        `merge: alpha could not combine the parts (${unreachable}); concatenated them`,
      ]),
    );
    const auto = await new AgentOrchestrator(agents, options).orchestrate({ query: QUERY });
    expect(auto.metadata.warnings).toContainEqual(`classifier: alpha failed (${unreachable}); used rules`);
    const collaborative = await new AgentOrchestrator(agents, options).orchestrate({ query: QUERY, executionMode: "collaborative" });
    expect(collaborative.metadata.warnings?.join("\n")).toMatch(new RegExp(`^judge failed: ${unreachable.replace(/[.()]/g, "\\$&")}`, "m"));
  });

  it("collaborative: the judge answers off-schema → rules and votes pick, and the result says so", async () => {
    server.setModel(AGENTS.gamma, (request) => (request.format ? "I prefer the first one." : healthy("gamma")(request)));
    const result = await run(orchestrator({ judge: "gamma" }), "collaborative");
    expect(result.status).toBe("completed");
    expect(result.metadata.selection?.method).not.toBe("judge");
    expect(result.metadata.warnings?.join("\n")).toMatch(/^judge failed: gamma answered off-schema: no JSON object in "I prefer the first one\."/m);
  });

  it("collaborative: the judge never answers → cut off, rules and votes pick", async () => {
    server.setModel(AGENTS.gamma, (request) => (request.format ? hang() : healthy("gamma")(request)));
    const result = await run(orchestrator({ judge: "gamma", agentTimeoutMs: 400 }), "collaborative");
    expect(result.status).toBe("completed");
    expect(result.metadata.selection?.method).not.toBe("judge");
    expect(result.metadata.warnings?.join("\n")).toMatch(/^judge failed: timed out after 400 ms/m);
    const judgeCalls = server.chats.filter((r) => r.format !== undefined);
    expect(judgeCalls.length).toBeGreaterThan(0);
    await server.waitFor(() => judgeCalls.every((r) => r.closedByClient));
  });

  it("auto mode: the LLM classifier answers off-schema → the rules classify, and the result says so", async () => {
    server.setModel(AGENTS.alpha, (request) => (request.format ? "This looks like code." : healthy("alpha")(request)));
    const result = await orchestrator({ classifier: "llm" }).orchestrate(QUERY);
    expect(result.metadata.autoModeSelection).toBe(true);
    expect(result.metadata.classification).toBeDefined();
    expect(result.metadata.warnings?.join("\n")).toMatch(/^classifier: alpha failed \(.*\); used rules$/m);
    expect(["completed", "partial"]).toContain(result.status);
  });
});

describe("classifier and run limits", () => {
  it("auto mode: the LLM classifier never answers → cut off at agentTimeoutMs, the rules classify", async () => {
    server.setModel(AGENTS.alpha, (request) =>
      (request.format as { properties?: object } | undefined)?.properties && !("steps" in (request.format as { properties: object }).properties)
        ? hang()
        : healthy("alpha")(request),
    );
    const result = await orchestrator({ classifier: "llm", agentTimeoutMs: 400 }).orchestrate(QUERY);
    expect(result.metadata.warnings?.join("\n")).toMatch(/^classifier: alpha failed \(timed out after 400 ms\); used rules$/m);
    expect(["completed", "partial"]).toContain(result.status);
    const [classifyCall] = server.chats;
    await server.waitFor(() => classifyCall!.closedByClient);
  });

  it("runTimeoutMs with nothing finished: status failed, every cut-off call a failed entry", async () => {
    for (const tag of Object.values(AGENTS)) server.setModel(tag, hang());
    const result = await run(orchestrator({ runTimeoutMs: 800 }), "collaborative");
    expect(result).toMatchObject({ status: "failed", error: "run timed out after 800 ms", output: "", coordinationEfficiency: 0 });
    expect(summary(result).sort()).toEqual(["alpha:failed", "beta:failed", "gamma:failed"]);
    await server.waitFor(() => server.chats.every((r) => r.closedByClient));
  });
});

describe("cancellation, beyond agent calls", () => {
  it("a signal aborted before the run starts rejects with an AbortError and calls no model", async () => {
    const error = await run(orchestrator(), "parallel", { signal: AbortSignal.abort() }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe("AbortError");
    expect(server.chats).toHaveLength(0);
  });

  it("aborting while the planner is thinking closes its request and rejects", async () => {
    server.setModel(AGENTS.alpha, (request) => (request.format ? hang() : healthy("alpha")(request)));
    const controller = new AbortController();
    const settled = run(orchestrator(), "parallel", { planned: true, signal: controller.signal }).then(
      () => undefined,
      (e: Error) => e,
    );
    const planCall = await server.waitFor(() => server.chats.find((r) => r.status === "hung"));
    controller.abort(new Error("user pressed Ctrl-C"));
    expect((await settled)?.name).toBe("AbortError");
    await server.waitFor(() => planCall.closedByClient);
    expect(server.chats.filter((r) => TASK_SYSTEMS.has(String(r.messages?.[0]?.content)))).toHaveLength(0);
  });
});
