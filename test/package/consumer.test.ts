/**
 * llmgenie as users get it: build and pack the checkout, install the tarball
 * into a fresh ESM project in the OS temp dir (no access to this checkout's
 * node_modules or patches: LangGraph as the registry ships it), and run
 * there, as child processes against the loopback Ollama server: import, the
 * types, the bin, the concurrency cap, cancel-then-resume, wide fan-outs
 * without warnings, an agent with tools and an MCP server, the xray drawing,
 * llmgenie's graphs served from the user's project by \`langgraphjs dev\`, and
 * (with the optional peer node-llama-cpp added) the main job with no Ollama.
 *
 * Installing compiles better-sqlite3 from source (~50 s on 2 cores), so the
 * set-up may take a few minutes; it needs the npm registry.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentScripts } from "../checkpoint/agents.js";
import { reply, startOllamaServer, type OllamaServer } from "../support/ollamaServer.js";
import { toolCall, toolScript } from "../support/toolScript.js";
import { writeTinyGguf } from "../support/tinyGguf.js";
import { closedPort } from "../cli/cliProcess.js";
import { startDevServer } from "../e2e/langgraphServer.js";
import { ACT_SCRIPT, CONSUMER_TS, EMBEDDED_SCRIPT, LANGGRAPH_JSON, MCP_SERVER_SCRIPT, RUN_SCRIPT, SERVED_GRAPHS, TSCONFIG } from "./consumerScripts.js";

const exec = promisify(execFile);
const CHECKOUT = resolve(import.meta.dirname, "../..");
const PACKAGE = JSON.parse(readFileSync(join(CHECKOUT, "package.json"), "utf8")) as {
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const SUBTASKS = ["Check the handlers", "Check the cache", "Check the tests", "Check the docs"];

let dir: string;
let tarball: string;
let server: OllamaServer;
let betaAnswers = false;

/** Run a command in the consumer project, against the loopback server (or with `env` over it). */
async function inConsumer(command: string, args: string[], env: Record<string, string> = {}) {
  return exec(command, args, {
    cwd: dir,
    env: { ...process.env, OLLAMA_BASE_URL: server.url, LANGSMITH_TRACING: "false", NODE_OPTIONS: "", ...env },
    maxBuffer: 16 * 1024 * 1024,
    // A script that hangs (a process it started still running) is killed before the test's time is up.
    timeout: 110_000,
  });
}

interface RunOutput {
  status?: string;
  rejected?: string;
  results?: [string, string, string][];
  warnings: { name: string; message: string; stack: string }[];
}

/** What a consumer script reports: its last line of output, JSON. */
const report = <T>(stdout: string): T => JSON.parse(stdout.trim().split("\n").at(-1)!) as T;

async function orchestrate(request: object): Promise<RunOutput> {
  const { stdout } = await inConsumer(process.execPath, ["run.mjs", JSON.stringify(request)]);
  return report<RunOutput>(stdout);
}

beforeAll(async () => {
  server = await startOllamaServer({
    models: {
      ...agentScripts(() => betaAnswers),
      // An agent that acts: one turn calling a tool from code, the JavaScript sandbox and the MCP server, then its answer.
      "actor:1b": toolScript({
        rounds: [[toolCall("weather", { city: "Lisbon" }), toolCall("run_javascript", { code: "console.log(6 * 7)" }), toolCall("lookup", { topic: "tides" }), toolCall("pid")]],
        answer: (results) => `Report: ${results.join(" | ")}`,
      }),
      "graph-agent:1b": toolScript({ rounds: [[toolCall("weather", { city: "Porto" })]], answer: (results) => `Beach day: ${results[0]}` }),
    },
    defaultModel: () => reply("A short answer: the handlers validate input and the cache keeps sessions.", { chunks: 3, chunkDelayMs: 5 }),
  });
  dir = mkdtempSync(join(tmpdir(), "llmgenie-consumer-"));
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", dir], { cwd: CHECKOUT, maxBuffer: 16 * 1024 * 1024 });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as [{ filename: string; files: { path: string }[] }];
  // Nothing but the package itself is published.
  expect(files.map((f) => f.path).filter((path) => !/^(dist\/|bin\/|package\.json$|README\.md$|LICENSE)/.test(path))).toEqual([]);
  tarball = join(dir, filename);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tarball, "typescript@5", "@types/node@20"], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });
  writeFileSync(join(dir, "run.mjs"), RUN_SCRIPT);
  writeFileSync(join(dir, "act.mjs"), ACT_SCRIPT);
  writeFileSync(join(dir, "mcp-server.mjs"), MCP_SERVER_SCRIPT);
  writeFileSync(join(dir, "consumer.ts"), CONSUMER_TS);
  writeFileSync(join(dir, "tsconfig.json"), TSCONFIG);
}, 1_200_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe(`llmgenie installed from its tarball, on Node ${process.versions.node}`, { timeout: 120_000 }, () => {
  it("imports as ESM, without the optional peer node-llama-cpp", async () => {
    const { stdout } = await inConsumer(process.execPath, [
      "--input-type=module",
      "-e",
      'const m = await import("llmgenie"); console.log(typeof m.AgentOrchestrator, typeof m.createOrchestratorGraph)',
    ]);
    expect(stdout.trim()).toBe("function function");
    expect(existsSync(join(dir, "node_modules/node-llama-cpp"))).toBe(false);
    expect(existsSync(join(dir, "node_modules/@langchain/langgraph/package.json"))).toBe(true);
  });

  it("installs beside node-llama-cpp at the peer range's floor and at the newest 3.x, without --force", async () => {
    const floor = PACKAGE.peerDependencies["node-llama-cpp"]!.replace(/^\^/, "");
    const { stdout } = await exec("npm", ["view", "node-llama-cpp@3", "version", "--json"]);
    const newest = ([] as string[]).concat(JSON.parse(stdout) as string | string[]).at(-1)!;
    for (const version of [floor, newest]) {
      const project = mkdtempSync(join(tmpdir(), "llmgenie-peer-"));
      try {
        writeFileSync(join(project, "package.json"), JSON.stringify({ name: "peer", private: true, dependencies: { "node-llama-cpp": version } }));
        // A dry run resolves the whole tree (an optional peer out of range is an ERESOLVE error) and installs nothing.
        await exec("npm", ["install", "--dry-run", "--no-audit", "--no-fund", "--loglevel=error", tarball], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
      } finally {
        rmSync(project, { recursive: true, force: true });
      }
    }
  });

  it("type-checks a consumer's TypeScript file against the package's declarations", async () => {
    await expect(inConsumer(process.execPath, [join(dir, "node_modules/typescript/bin/tsc"), "-p", "."])).resolves.toBeDefined();
  });

  it("runs the bin: npx llmgenie --version", async () => {
    const { stdout } = await inConsumer("npx", ["--no-install", "llmgenie", "--version"]);
    expect(stdout.trim()).toBe(PACKAGE.version);
  });

  it.each([1, 2])("runs all four subtasks of a parallel run with maxConcurrency %i, never more at once", async (cap) => {
    server.reset();
    const out = await orchestrate({
      agents: { worker: "worker:1b" },
      options: { maxConcurrency: cap },
      input: { query: "Review the service", executionMode: "parallel", subtasks: SUBTASKS },
    });
    expect(out.status).toBe("completed");
    expect(out.results!.map(([, task]) => task)).toEqual(SUBTASKS);
    expect(server.maxInFlight).toBe(cap);
  });

  it("cancels a threadId run, then resumes it: the cut-off call runs again, the finished one does not", async () => {
    const request = {
      agents: { alpha: "alpha:1b", beta: "beta:1b" },
      options: { checkpointPath: join(dir, "checkpoints.sqlite") },
      input: { query: "Compare SQLite and PostgreSQL", executionMode: "parallel", subtasks: ["SQLite", "PostgreSQL"], threadId: "consumer-run" },
    };
    betaAnswers = false;
    expect(await orchestrate({ ...request, cancelAfterFirst: true })).toMatchObject({ rejected: "AbortError" });
    const before = server.chats.length;
    betaAnswers = true;
    const resumed = await orchestrate(request);
    expect(resumed.status).toBe("completed");
    expect(resumed.results).toEqual([
      ["alpha", "SQLite", "completed"],
      ["beta", "PostgreSQL", "completed"],
    ]);
    const calls = server.chats.slice(before);
    expect(calls.filter((c) => c.model === "beta:1b")).toHaveLength(1);
    expect(calls.filter((c) => c.model === "alpha:1b")).toHaveLength(1); // the merge only
  });

  it("runs a 16-agent collaborative and a 40-subtask parallel run with no warnings", async () => {
    const agents = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`agent${i}`, `model${i}:1b`]));
    const collaborative = await orchestrate({ agents, input: { query: "Explain what a cache is for", executionMode: "collaborative" } });
    const parallel = await orchestrate({
      agents: { a: "model0:1b", b: "model1:1b" },
      input: { query: "Review the service", executionMode: "parallel", subtasks: Array.from({ length: 40 }, (_, i) => `Part ${i + 1}`) },
    });
    expect(collaborative.results).toHaveLength(16);
    expect(parallel.results).toHaveLength(40);
    // Not even LangGraph's MaxListenersExceededWarning (a listener per task on a superstep's one signal,
    // langgraphjs#1014): llmgenie lifts the limit on that signal alone (README, LangGraph version notes).
    for (const out of [collaborative, parallel]) expect(out.warnings).toEqual([]);
  });

  it("runs agents that act: a tool from code, runJavaScriptTool and a stdio MCP server (which close() stops), and a createAgent agent", async () => {
    const { stdout } = await inConsumer(process.execPath, ["act.mjs"]);
    const out = report<{
      status: string;
      output: string;
      toolCalls: [string, string, string][];
      pid: number;
      mcpServerAlive: boolean;
      graph: { status: string; output: string; toolCalls: [string, string, string][] };
      warnings: RunOutput["warnings"];
    }>(stdout);
    expect(out.status).toBe("completed");
    expect(out.toolCalls).toEqual([
      ["weather", "completed", "Sunny in Lisbon"],
      ["run_javascript", "completed", expect.stringContaining("42")],
      ["lookup", "completed", "MCP fact: tides follow the moon"],
      ["pid", "completed", String(out.pid)],
    ]);
    expect(out.output).toMatch(/^Report: Sunny in Lisbon \| .*42.* \| MCP fact: tides follow the moon \| \d+$/s);
    expect(out.pid).toBeGreaterThan(0);
    expect(out.mcpServerAlive).toBe(false);
    expect(out.graph).toEqual({ status: "completed", output: "Beach day: Sunny in Porto", toolCalls: [["weather", "completed", "Sunny in Porto"]] });
    expect(out.warnings).toEqual([]);
  });

  it("draws the orchestrator with its three mode subgraphs: npx llmgenie graph orchestrator", async () => {
    const { stdout } = await inConsumer("npx", ["--no-install", "llmgenie", "graph", "orchestrator"]);
    for (const mode of ["parallel", "sequential", "collaborative"]) {
      expect(stdout).toContain(`subgraph ${mode}`);
      expect(stdout).toContain(`${mode}_runAgent`);
    }
  });

  it(
    "serves llmgenie's graphs from the user's own project: llmgenie/graph in its langgraph.json, langgraphjs dev, runs over HTTP",
    { timeout: 600_000 },
    async () => {
      const cli = PACKAGE.devDependencies["@langchain/langgraph-cli"]!;
      await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `@langchain/langgraph-cli@${cli}`], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
      writeFileSync(join(dir, "graphs.ts"), SERVED_GRAPHS);
      writeFileSync(join(dir, "langgraph.json"), LANGGRAPH_JSON);
      const served = await startDevServer({ OLLAMA_BASE_URL: server.url }, 120_000, {
        config: join(dir, "langgraph.json"),
        cli: join(dir, "node_modules/.bin/langgraphjs"),
      });
      const run = (assistant: string, configurable: object) =>
        fetch(`${served.url}/runs/wait`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ assistant_id: assistant, input: { query: "Review the service", subtasks: SUBTASKS }, config: { configurable } }),
        });
      try {
        server.reset();
        const state = (await (await run("parallel", { agents: { worker: "worker:1b" }, maxConcurrency: 2 })).json()) as {
          status?: string;
          results?: { task: string }[];
        };
        expect(state.status, served.log().slice(-3000)).toBe("completed");
        expect(state.results!.map((r) => r.task)).toEqual(SUBTASKS);
        expect(server.maxInFlight).toBe(2);
        // The security rule holds in the user's server too.
        const refused = await (await run("orchestrator", { agents: { worker: "worker:1b" }, mcpServers: { evil: { command: "touch" } } })).text();
        expect(refused).toContain("configurable.mcpServers: a run's configuration cannot define MCP servers or commands");
      } finally {
        await served.stop();
      }
    },
  );

  // Last: it adds the optional peer that the first test checks is absent.
  it(
    "with node-llama-cpp added, the main job needs no Ollama: the default agents run in-process, from code and from npx llmgenie run",
    { timeout: 900_000 },
    async () => {
      const floor = PACKAGE.peerDependencies["node-llama-cpp"]!.replace(/^\^/, "");
      await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", `node-llama-cpp@${floor}`], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
      writeFileSync(join(dir, "embedded.mjs"), EMBEDDED_SCRIPT);
      const noOllama = {
        OLLAMA_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
        LLMGENIE_MODEL: writeTinyGguf(join(dir, "tiny.gguf")),
        LLMGENIE_MODELS_DIR: join(dir, "models"),
        LLMGENIE_MAX_TOKENS: "16",
      };
      const { stdout } = await inConsumer(process.execPath, ["embedded.mjs"], noOllama);
      const out = report<{ status: string; agents: [string, string, string][]; outputTokens: number; warnings: RunOutput["warnings"] }>(stdout);
      expect(out.status).not.toBe("failed");
      expect(out.agents.map(([agent]) => agent).sort()).toEqual(["analyst", "coder", "reviewer"]);
      expect(out.agents.every(([, model, status]) => model === "embedded" && status === "completed")).toBe(true);
      expect(out.outputTokens).toBeGreaterThan(0);
      expect(out.warnings).toEqual([]);

      const cli = await inConsumer("npx", ["--no-install", "llmgenie", "run", "Write a function that checks whether a string is a palindrome"], noOllama);
      expect(cli.stderr).toMatch(/^completed · collaborative \(auto\) · .*agents analyst, coder, reviewer/m);
      expect(cli.stdout.length).toBeGreaterThan(0);
    },
  );
});
