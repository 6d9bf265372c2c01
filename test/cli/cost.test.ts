/**
 * `llmgenie run` as a child process against the loopback Ollama server:
 * `--mode cascade`, `--token-budget`, and the tokens per agent in the
 * summary on stderr.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { reply, startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { runCli } from "./cliProcess.js";
import { parseResult } from "./resultShape.js";

const QUERY = "Explain what a closure is in JavaScript";
const GOOD =
  "A closure is a function bundled together with references to its surrounding lexical scope. In JavaScript, an inner function keeps access to the variables of the outer function even after the outer function has returned.";
const TOKENS = { promptEvalCount: 60, evalCount: 40 };

let server: OllamaServer;
const env = () => ({ OLLAMA_BASE_URL: server.url });
const AGENTS = ["--agent", "cheap=cheap:1b", "--agent", "strong=strong:70b"];

beforeAll(async () => {
  server = await startOllamaServer({
    models: { "cheap:1b": reply("I don't know.", TOKENS), "strong:70b": reply(GOOD, { promptEvalCount: 70, evalCount: 50 }) },
  });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

describe("llmgenie run: cascade, token budget, tokens per agent", () => {
  it("--mode cascade --json: escalates past the cheap agent; steps in metadata.cascade; tokens per agent on stderr", async () => {
    const { code, stdout, stderr } = await runCli(["run", QUERY, "--mode", "cascade", ...AGENTS, "--json"], { env: env() });
    expect(code).toBe(0);
    const result = parseResult(stdout);
    expect(server.chats.map((r) => r.model)).toEqual(["cheap:1b", "strong:70b"]);
    expect(result.status).toBe("completed");
    expect(result.metadata.coordinationType).toBe("hierarchical");
    expect(result.metadata.cascade!.map((s) => `${s.agent}:${s.decision}`)).toEqual(["cheap:escalated", "strong:accepted"]);
    expect(stderr).toMatch(/cascade\s+cheap escalated: quality 0\.00 < threshold 0\.70; next: strong/);
    expect(stderr).toMatch(/cascade\s+strong accepted: quality 0\.98 ≥ threshold 0\.70/);
    expect(stderr).toContain("tokens: cheap 100 (60 in, 40 out) · strong 120 (70 in, 50 out)");
  });

  it("--token-budget: no call after the budget is spent; partial, exit 0, the note names the budget", async () => {
    const { code, stdout, stderr } = await runCli(
      ["run", QUERY, "--mode", "sequential", "--subtask", "Define it", "--subtask", "Give an example", ...AGENTS, "--token-budget", "100", "--json"],
      { env: env() },
    );
    expect(code).toBe(0);
    expect(server.chats).toHaveLength(1);
    const result = parseResult(stdout);
    expect(result.status).toBe("partial");
    expect(result.error).toBe("token budget of 100 reached (100 used)");
    expect(stderr).toContain("note: token budget of 100 reached (100 used)");
  });

  it.each(["0", "abc", "1.5"])("--token-budget %s is a usage error (exit 2) naming the flag", async (value) => {
    const { code, stderr } = await runCli(["run", QUERY, "--token-budget", value], { env: env() });
    expect(code).toBe(2);
    expect(stderr).toContain(`--token-budget: must be a positive whole number of tokens, got "${value}"`);
    expect(server.chats).toHaveLength(0);
  });
});
