/**
 * Ctrl-C and resumable runs, end to end: SIGINT during a run aborts the
 * in-flight model request (the server sees the connection closed) and exits
 * 130; with `--thread`, running the same command again continues the run
 * from its SQLite checkpoint, and the server's request log shows that the
 * agent that had finished is not called again.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MERGE_SYSTEM } from "../../src/agents/prompts.js";
import { hang, startOllamaServer, type ChatRequest, type OllamaServer } from "../support/ollamaServer.js";
import { runCli, startCli, STACK_LINE, tempDir } from "./cliProcess.js";

let server: OllamaServer;
const env = () => ({ OLLAMA_BASE_URL: server.url });

beforeAll(async () => {
  server = await startOllamaServer({
    models: {
      "alpha:1b": (request: ChatRequest) => (request.messages[0]?.content === MERGE_SYSTEM ? "MERGED parts" : "alpha part"),
      // First call hangs (the run is interrupted there); the call after the resume answers.
      "slow:1b": [hang(), "slow part"],
      "hang:1b": hang(),
    },
  });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

/** The last user message of each chat request, with how it ended. */
const chatLog = () => server.chats.map((c) => ({ prompt: String(c.messages?.at(-1)?.content ?? ""), status: c.status }));

describe("llmgenie run, interrupted", () => {
  it("SIGINT aborts the in-flight request and exits 130 without a stack trace", async () => {
    const cli = startCli(["run", "Explain parsers", "--mode", "collaborative", "--agent", "h=hang:1b"], { env: env() });
    const chat = await server.waitFor(() => server.chats.find((c) => c.status === "hung"), 20_000);
    cli.child.kill("SIGINT");
    const { code, stdout, stderr } = await cli.done;
    expect(code).toBe(130);
    expect(stdout).toBe("");
    expect(stderr).toContain("llmgenie: interrupted");
    expect(stderr).not.toMatch(STACK_LINE);
    await server.waitFor(() => chat.closedByClient);
    expect(chat.status).toBe("aborted");
  });

  it("--thread: the same command after Ctrl-C resumes; finished agents are not called again", async () => {
    const cwd = tempDir();
    const args = ["run", "Write a parser", "--mode", "parallel", "--subtask", "Tokenize", "--subtask", "Build the tree",
      "--agent", "alpha=alpha:1b", "--agent", "slow=slow:1b", "--thread", "parser-1"];

    const first = startCli(args, { env: env(), cwd });
    await first.waitForStderr(/done +alpha · Tokenize/);
    await server.waitFor(() => server.chats.find((c) => c.model === "slow:1b" && c.status === "hung"), 20_000);
    first.child.kill("SIGINT");
    const interrupted = await first.done;
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain(`llmgenie: run the same command again to resume thread "parser-1"`);
    expect(interrupted.stderr).toContain("llmgenie: interrupted");

    const resumed = await runCli(args, { env: env(), cwd });
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resume +thread parser-1 continues/);
    expect(resumed.stdout).toBe("MERGED parts\n");

    const log = chatLog();
    expect(log.filter((c) => c.prompt.includes("Your part: Tokenize")).map((c) => c.status)).toEqual(["completed"]);
    expect(log.filter((c) => c.prompt.includes("Your part: Build the tree")).map((c) => c.status)).toEqual(["aborted", "completed"]);

    // A thread that has finished answers from its checkpoint, without calling a model.
    const calls = server.chats.length;
    const again = await runCli(args, { env: env(), cwd });
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("MERGED parts\n");
    expect(server.chats.length).toBe(calls);
  });
});
