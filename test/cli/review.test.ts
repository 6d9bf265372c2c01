/**
 * Plan review on the command line (`humanReview` in the config file): the
 * decision is read from stdin, the run goes on with it; with no answer the
 * run stays paused and the same command with `--thread` takes it up again.
 * The CLI as a child process against the loopback Ollama server; the answer
 * parser on its own.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readPlanDecision } from "../../src/cli/review.js";
import { STEP_SYSTEM } from "../../src/agents/prompts.js";
import { jsonReply, startOllamaServer, type ChatRequest, type OllamaServer } from "../support/ollamaServer.js";
import { runCli, tempDir } from "./cliProcess.js";

/** The answers, as `readPlanDecision` reads them; the lines it showed. */
async function decide(input: string[], plan?: string[]) {
  const shown: string[] = [];
  const lines = (async function* () {
    yield* input;
  })();
  const decision = await readPlanDecision(lines, (text) => shown.push(text), plan);
  return { decision, shown };
}

describe("readPlanDecision", () => {
  it("reads approve, reject (with or without a reason) and edit (the steps up to an empty line, numbering dropped)", async () => {
    for (const answer of ["a", "approve", "Yes", "  y  "]) expect((await decide([answer])).decision).toEqual({ action: "approve" });
    expect((await decide(["r"])).decision).toEqual({ action: "reject" });
    expect((await decide(["reject  out of  scope"])).decision).toEqual({ action: "reject", reason: "out of scope" });
    expect((await decide(["edit", "1. Sketch the data model", "- Write the endpoints", "", "ignored"])).decision).toEqual({
      action: "edit",
      plan: ["Sketch the data model", "Write the endpoints"],
    });
    // The end of the input ends the steps too.
    expect((await decide(["e", "Only step"])).decision).toEqual({ action: "edit", plan: ["Only step"] });
  });

  it("asks again after an answer it does not know or an edit with no steps; undefined when the input ends first", async () => {
    const { decision, shown } = await decide(["maybe", "edit", "", "approve"]);
    expect(decision).toEqual({ action: "approve" });
    expect(shown.filter((line) => line.startsWith("answer approve (a)"))).toHaveLength(1);
    expect(shown.filter((line) => line.startsWith("an edited plan needs at least one step"))).toHaveLength(1);
    expect((await decide([])).decision).toBeUndefined();
    expect((await decide(["what?", "  "])).decision).toBeUndefined();
  });

  it("shows the plan when given one", async () => {
    expect((await decide(["a"], ["Design", "Build"])).shown.slice(0, 3)).toEqual(["the plan waits for your decision:", "  1. Design", "  2. Build"]);
    expect((await decide(["a"])).shown[1]).toMatch(/^approve \(a\)/);
  });
});

const PLAN = ["Design the schema", "Write the queries"];
let server: OllamaServer;

beforeAll(async () => {
  const script = (request: ChatRequest) =>
    request.format ? jsonReply({ steps: PLAN }) : `Done: ${request.lastUserMessage.split("\n")[0]}`;
  server = await startOllamaServer({ models: { "alpha:1b": script, "beta:1b": script } });
});
beforeEach(() => server.reset());
afterAll(() => server.close());

/** A working directory whose config file turns plan review on. */
function reviewDir(): string {
  const cwd = tempDir();
  writeFileSync(join(cwd, "llmgenie.config.json"), JSON.stringify({ options: { humanReview: true } }));
  return cwd;
}

const QUERY = "Build a URL shortener";
const args = (...extra: string[]) => ["run", QUERY, "--mode", "sequential", "--agent", "alpha=alpha:1b", "--agent", "beta=beta:1b", ...extra];
/** The step each agent call worked on, from its prompt. */
const stepsRun = () =>
  server.chats.filter((c) => c.messages?.[0]?.content.startsWith(STEP_SYSTEM)).map((c) => c.messages!.at(-1)!.content.match(/Now do step \d+: (.+)/)?.[1]);

describe("llmgenie run with plan review", () => {
  it("runs the plan as the person edits it on stdin", async () => {
    const { code, stdout, stderr } = await runCli(args(), {
      env: { OLLAMA_BASE_URL: server.url },
      cwd: reviewDir(),
      input: "edit\n1. Sketch the data model\n2. Write the endpoints\n\n",
    });
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/review {4}the plan waits for your decision:\n/);
    expect(stderr).toMatch(/review {4}the new plan: one step per line/);
    expect(stepsRun()).toEqual(["Sketch the data model", "Write the endpoints"]);
    expect(stdout).toMatch(/^Done: /);
    expect(stderr).toMatch(/^completed · sequential/m);
  });

  it("with no answer the run stays paused; the same command with --thread shows the plan and takes the decision", async () => {
    const cwd = reviewDir();
    const env = { OLLAMA_BASE_URL: server.url };
    const paused = await runCli(args(), { env, cwd });
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toBe("");
    const [, thread] = paused.stderr.match(/the plan waits for review \(stdin ended without a decision\): run the same command with --thread (\S+) to review it/) ?? [];
    expect(thread).toBeDefined();
    expect(paused.stderr).toMatch(/^interrupted · sequential/m);
    expect(stepsRun()).toEqual([]);
    // The paused run is listed with no quality score: it has no answer yet.
    const listed = await runCli(["runs"], { env, cwd });
    expect(listed.stdout).toMatch(new RegExp(`${thread} +sequential +interrupted +- +`));

    const rejected = await runCli(args("--thread", thread!), { env, cwd, input: "reject not now\n" });
    expect(rejected.code, rejected.stderr).toBe(1);
    // This process did not plan: the review lists the plan it waits on.
    expect(rejected.stderr).toMatch(/review {6}1\. Design the schema\n.*review {6}2\. Write the queries\n/s);
    expect(rejected.stderr).toMatch(/error: plan rejected by reviewer: not now/);
    expect(stepsRun()).toEqual([]);
  });
});
