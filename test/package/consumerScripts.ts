/**
 * Files of the temporary consumer project of `consumer.test.ts`: plain ESM
 * scripts a user would write against the installed package, and a
 * TypeScript file that must type-check against its declarations.
 */

/** Every script reports the process's warnings (with their stacks, to tell llmgenie's from upstream ones). */
const COLLECT_WARNINGS = `const warnings = [];
process.on("warning", (w) => warnings.push({ name: w.name, message: w.message, stack: w.stack ?? "" }));
`;

/** Runs as a child process: `node run.mjs '<json>'`; prints one JSON line: the result's shape and the process's warnings. */
export const RUN_SCRIPT = `import { AgentOrchestrator } from "llmgenie";

${COLLECT_WARNINGS}
const { agents, options = {}, input, cancelAfterFirst } = JSON.parse(process.argv[2]);
const orchestrator = new AgentOrchestrator(agents, options);
const controller = new AbortController();
let outcome;
try {
  const result = await orchestrator.orchestrate(
    { ...input, ...(cancelAfterFirst ? { signal: controller.signal } : {}) },
    {
      onEvent: (event) => {
        // A node's update is streamed once LangGraph has handed its writes to the checkpointer.
        const done = event.mode === "updates" ? event.data.runAgent?.results ?? [] : [];
        if (cancelAfterFirst && done.some((r) => r.status === "completed")) setTimeout(() => controller.abort(), 200);
      },
    },
  );
  outcome = { status: result.status, results: result.results.map((r) => [r.agent, r.task, r.status]) };
} catch (error) {
  outcome = { rejected: error.name };
}
await orchestrator.close();
process.stdout.write(JSON.stringify({ ...outcome, warnings }) + "\\n");
`;

/** What a TypeScript user writes: the public names and types, strict, NodeNext resolution. */
export const CONSUMER_TS = `import { AgentOrchestrator, ExecutionMode, createParallelGraph, selectBest, type OrchestrationResult } from "llmgenie";

const orchestrator = new AgentOrchestrator({ coder: "codellama:7b-instruct" }, { maxConcurrency: 2, agentTimeoutMs: 60_000 });
export async function run(): Promise<OrchestrationResult> {
  return orchestrator.orchestrate({ query: "Write a parser", executionMode: ExecutionMode.PARALLEL, subtasks: ["a", "b"] });
}
export const graph = createParallelGraph({ agentTimeoutMs: 30_000 }).compile();
export async function direct(): Promise<string> {
  const state = await graph.invoke({ query: "q", subtasks: ["x"] }, { configurable: { agents: { a: "m" }, maxConcurrency: 1 } });
  return state.output;
}
export const pick: Promise<{ index: number; method: string }> = selectBest({ query: "q", candidates: ["a", "b"] });
`;

export const TSCONFIG = JSON.stringify({
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: false },
  files: ["consumer.ts"],
});

/** A stdio MCP server as a user would write one, on the SDK llmgenie installs: `lookup` and `pid`. */
export const MCP_SERVER_SCRIPT = `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "facts", version: "1.0.0" });
server.registerTool("lookup", { description: "Look up a fact", inputSchema: { topic: z.string() } }, async ({ topic }) => ({
  content: [{ type: "text", text: \`MCP fact: \${topic} follow the moon\` }],
}));
server.registerTool("pid", { description: "The server's process id" }, async () => ({ content: [{ type: "text", text: String(process.pid) }] }));
await server.connect(new StdioServerTransport());
`;

/**
 * Agents that act, as the README's "Agents with tools" writes them: one with
 * a tool from code, \`runJavaScriptTool\` and the MCP server above, then a
 * LangGraph agent of the user's own (\`createAgent\`). Prints one JSON line:
 * each run's status, output and tool calls, whether the MCP server's process
 * outlived \`close()\`, and the process's warnings.
 */
export const ACT_SCRIPT = `import { AgentOrchestrator, runJavaScriptTool } from "llmgenie";
import { tool } from "@langchain/core/tools";
import { ChatOllama } from "@langchain/ollama";
import { createAgent } from "langchain";
import { z } from "zod";

${COLLECT_WARNINGS}
const weather = tool(async ({ city }) => \`Sunny in \${city}\`, {
  name: "weather",
  description: "Today's weather in a city",
  schema: z.object({ city: z.string() }),
});
const orchestrator = new AgentOrchestrator(
  { researcher: { model: "actor:1b", tools: [weather, runJavaScriptTool()], mcp: ["facts"] } },
  { mcpServers: { facts: { command: process.execPath, args: ["mcp-server.mjs"] } } },
);
const result = await orchestrator.orchestrate({ query: "Plan a day by the sea", executionMode: "parallel", subtasks: ["Weather and tides"] });
await orchestrator.close();
const toolCalls = (result.results[0]?.toolCalls ?? []).map((c) => [c.name, c.status, c.output ?? c.error]);
const pid = Number(toolCalls.find(([name]) => name === "pid")?.[2]);
let mcpServerAlive = false;
try {
  process.kill(pid, 0);
  mcpServerAlive = true;
} catch {}

// A LangGraph agent of the user's own (createAgent from langchain) as an llmgenie agent.
const graphAgent = createAgent({ model: new ChatOllama({ model: "graph-agent:1b", baseUrl: process.env.OLLAMA_BASE_URL }), tools: [weather] });
const byGraph = new AgentOrchestrator({ helper: graphAgent });
const graphResult = await byGraph.orchestrate({ query: "Is it beach weather?", executionMode: "parallel", subtasks: ["Weather in Porto"] });
await byGraph.close();
const graph = {
  status: graphResult.status,
  output: graphResult.output,
  toolCalls: (graphResult.results[0]?.toolCalls ?? []).map((c) => [c.name, c.status, c.output ?? c.error]),
};
process.stdout.write(JSON.stringify({ status: result.status, output: result.output, toolCalls, pid, mcpServerAlive, graph, warnings }) + "\\n");
`;

/**
 * The main job of a library user with no Ollama: no agents given, so the
 * default agents run in-process on the embedded model. Prints one JSON line:
 * status, agents and their models, output tokens, and the process's warnings.
 */
export const EMBEDDED_SCRIPT = `import { AgentOrchestrator } from "llmgenie";

${COLLECT_WARNINGS}
const orchestrator = new AgentOrchestrator();
const result = await orchestrator.orchestrate("Write a function that checks whether a string is a palindrome");
await orchestrator.close();
process.stdout.write(JSON.stringify({
  status: result.status,
  agents: result.results.map((r) => [r.agent, r.model, r.status]),
  outputTokens: result.metadata.usage?.outputTokens ?? 0,
  warnings,
}) + "\\n");
`;

/** A user's project serving llmgenie's graphs: the module its `langgraph.json` names, and that file. */
export const SERVED_GRAPHS = `export { orchestrator, parallel, sequential, collaborative, cascade } from "llmgenie/graph";
`;
export const LANGGRAPH_JSON = JSON.stringify({
  node_version: "20",
  graphs: Object.fromEntries(["orchestrator", "parallel", "sequential", "collaborative", "cascade"].map((id) => [id, `./graphs.ts:${id}`])),
  dependencies: ["."],
});
