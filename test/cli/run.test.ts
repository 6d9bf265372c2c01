/**
 * `llmgenie run` end to end: the CLI as a child process, the real
 * `ChatOllama` client, the loopback Ollama server. Each mode with `--json`
 * parsed back and checked against the spec's shape; progress lines on
 * stderr and the answer alone on stdout; token accounting; exit codes for
 * completed, partial and failed runs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { countTokens, jsonReply, notFound, startOllamaServer, type ChatRequest, type OllamaServer } from "../support/ollamaServer.js";
import { closedPort, runCli, STACK_LINE } from "./cliProcess.js";
import { parseResult } from "./resultShape.js";

const answer = (name: string) => `${name} says: a parser reads tokens and builds a tree of nested expressions.`;
const merged = (name: string) => `MERGED by ${name}: the parser reads tokens and builds a tree.`;
const PLAN = ["Design the parser", "Implement the parser"];

/** Plans when asked for structured output, merges when given the merge prompt, else answers. */
const agentScript = (name: string) => (request: ChatRequest) => {
  if (request.format) return jsonReply({ steps: PLAN });
  if (request.messages[0]?.content === MERGE_SYSTEM) return merged(name);
  return answer(name);
};

let server: OllamaServer;
const AGENTS = ["--agent", "alpha=alpha:1b", "--agent", "beta=beta:1b"];
const env = () => ({ OLLAMA_BASE_URL: server.url });

beforeAll(async () => {
  server = await startOllamaServer({
    models: { "alpha:1b": agentScript("alpha"), "beta:1b": agentScript("beta"), "ghost:1b": notFound() },
  });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

describe("llmgenie run", () => {
  it("parallel --json: one spec-shaped result on stdout; subtasks, context and tokens as sent", async () => {
    const { code, stdout, stderr } = await runCli(
      ["run", "Write a parser", "--mode", "parallel", "--subtask", "Tokenize", "--subtask", "Build the tree",
        "--context", "language=TypeScript", ...AGENTS, "--json"],
      { env: env() },
    );
    expect(code).toBe(0);
    const result = parseResult(stdout);
    expect(result.status).toBe("completed");
    expect(result.output).toBe(merged("alpha"));
    expect(result.metadata).toMatchObject({ executionMode: "parallel", coordinationType: "independent", autoModeSelection: false });
    const byTask = Object.fromEntries(result.results.map((r) => [r.task, [r.agent, r.model, r.status]]));
    expect(byTask).toEqual({ Tokenize: ["alpha", "alpha:1b", "completed"], "Build the tree": ["beta", "beta:1b", "completed"] });
    expect(result.agentsUsed.sort()).toEqual(["alpha", "beta"]);
    expect(result.coordinationEfficiency).toBe(1);

    // Tokens: each attempt's from Ollama's counts; the total adds the merge call.
    for (const r of result.results) expect(r.usage?.outputTokens).toBe(countTokens(answer(r.agent)));
    const agentOut = result.results.reduce((n, r) => n + (r.usage?.outputTokens ?? 0), 0);
    expect(result.metadata.usage?.outputTokens).toBe(agentOut + countTokens(merged("alpha")));
    expect(result.metadata.usage?.inputTokens).toBeGreaterThan(0);

    // What the agents were sent: their subtask and the --context fact.
    const subtaskPrompts = server.chats.filter((c) => c.messages?.[0]?.content !== MERGE_SYSTEM).map((c) => c.messages?.at(-1)?.content ?? "");
    expect(subtaskPrompts).toHaveLength(2);
    for (const prompt of subtaskPrompts) expect(prompt).toContain('"language": "TypeScript"');

    expect(stderr).toMatch(/mode +parallel \(from --mode\)/);
    expect(stderr).toMatch(/start +alpha \(alpha:1b\) · Tokenize/);
    expect(stderr).toMatch(/done +beta · Build the tree · \d+\.\ds · \d+→\d+ tokens · quality \d\.\d\d/);
    expect(stderr).toMatch(/merge +parts merged into one answer/);
    expect(stderr).toMatch(/^completed · parallel · quality \d\.\d\d · agents .* · 2\/2 agent calls ok · .* tokens \(\d+ in, \d+ out\)$/m);
    expect(stderr).not.toContain("\x1b"); // not a terminal: no escape codes
  });

  it("a parallel run of 16 subtasks prints no MaxListenersExceededWarning, though the CLI leaves Node's limit as it is", async () => {
    const subtasks = Array.from({ length: 16 }, (_, i) => ["--subtask", `Part ${i + 1}`]).flat();
    const { code, stderr } = await runCli(["run", "Write a parser", "--mode", "parallel", ...subtasks, ...AGENTS], { env: env() });
    expect(code).toBe(0);
    expect(server.chats.filter((c) => c.messages?.[0]?.content !== MERGE_SYSTEM)).toHaveLength(16);
    expect(stderr).toMatch(/16\/16 agent calls ok/);
    expect(stderr).not.toContain("MaxListenersExceededWarning");
  });

  it("sequential: the answer alone on stdout; plan and handoffs as progress on stderr", async () => {
    const { code, stdout, stderr } = await runCli(["run", "Write a parser", "--mode", "sequential", ...AGENTS], { env: env() });
    expect(code).toBe(0);
    expect(stdout).toBe(`${answer("beta")}\n`); // the last step's answer, nothing else
    expect(stderr).toMatch(/plan +2 steps \(planned by an agent\)/);
    expect(stderr).toContain("1. Design the parser");
    expect(stderr).toMatch(/start +alpha \(alpha:1b\) · Design the parser/);
    expect(stderr).toMatch(/handoff +alpha → beta · Design the parser: alpha says/);
    expect(stderr).toMatch(/handoff +beta → output · Implement the parser/);
    expect(stderr).toMatch(/^completed · sequential · /m);
  });

  it("sequential --json: handoffs in the metadata", async () => {
    const { code, stdout } = await runCli(
      ["run", "Write a parser", "--mode", "sequential", "--subtask", "Design", "--subtask", "Build", ...AGENTS, "--json"],
      { env: env() },
    );
    expect(code).toBe(0);
    const result = parseResult(stdout);
    expect(result.metadata.coordinationType).toBe("synchronized");
    expect(result.metadata.handoffs?.map((h) => [h.from, h.to])).toEqual([["alpha", "beta"], ["beta", "output"]]);
    expect(result.output).toBe(answer("beta"));
  });

  it("collaborative --json: every agent answers; selection scores and consensus on stderr", async () => {
    const { code, stdout, stderr } = await runCli(["run", "Explain parsers", "--mode", "collaborative", ...AGENTS, "--json"], {
      env: env(),
    });
    expect(code).toBe(0);
    const result = parseResult(stdout);
    expect(result.metadata.coordinationType).toBe("hierarchical");
    expect(result.results.map((r) => r.task)).toEqual(["candidate", "candidate"]);
    expect(result.metadata.consensusAnalysis?.consensus).toMatch(/high|medium|low/);
    expect([answer("alpha"), answer("beta")]).toContain(result.output);
    expect(stderr).toMatch(/select +by \w+: (alpha|beta) \d\.\d\d, (alpha|beta) \d\.\d\d → (alpha|beta)/);
    expect(stderr).toMatch(/consensus +(high|medium|low) · agreement \d\.\d\d · \d agreeing/);
  });

  it("auto mode: the classifier's choice and reasons on stderr and in the result", async () => {
    const { code, stdout, stderr } = await runCli(["run", "Write a function that reverses a string", ...AGENTS, "--json"], {
      env: env(),
    });
    expect(code).toBe(0);
    const result = parseResult(stdout);
    expect(result.metadata.autoModeSelection).toBe(true);
    expect(result.metadata.classification).toBeDefined();
    const { executionMode } = result.metadata;
    expect(stderr).toMatch(new RegExp(`mode +${executionMode}, chosen by the rules classifier \\(${result.metadata.classification!.taskType}`));
  });

  it("partial (one agent's model is missing): exit 0, the failure and its fix in the progress", async () => {
    const { code, stdout, stderr } = await runCli(
      ["run", "Write a parser", "--mode", "parallel", "--subtask", "Tokenize", "--subtask", "Build the tree",
        "--agent", "alpha=alpha:1b", "--agent", "ghost=ghost:1b", "--json"],
      { env: env() },
    );
    expect(code).toBe(0);
    const result = parseResult(stdout);
    expect(result.status).toBe("partial");
    expect(result.coordinationEfficiency).toBe(0.5);
    expect(stderr).toMatch(/failed +ghost · Build the tree · .*ollama pull ghost:1b/);
    expect(stderr).toMatch(/^partial · parallel/m);
  });

  it("exits 1 when the model server is unreachable, naming its URL, without a stack trace", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCli(["run", "Explain parsers", "--mode", "collaborative", "--agent", "alpha=alpha:1b"], {
      env: { OLLAMA_BASE_URL: url },
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^failed · collaborative/m);
    expect(stderr).toContain(`error: every agent failed: alpha: cannot reach the model server at ${url}`);
    expect(stderr).not.toMatch(STACK_LINE);
  });
});
