/**
 * One fan-out-at-scale run in a fresh process, so its peak RSS is its own.
 * Forked by `suites/fanout.ts` with `OLLAMA_BASE_URL` set; protocol over IPC:
 * warm-up run → "warm" → waits for "go" (the parent resets the server's log)
 * → the measured run → "done" with the figures.
 */
import { ChatOllama } from "@langchain/ollama";
import { AgentOrchestrator } from "../src/orchestrator.js";
import { createRawFanOutGraph } from "./rawGraph.js";
import { ollamaAgents, subtasks, uncappedHost } from "./scripts.js";

export interface FanoutWorkerInput {
  n: number;
  maxConcurrency: number;
  /** `llmgenie`: `AgentOrchestrator.orchestrate`; `raw`: the hand-written LangGraph graph, same models. */
  impl: "llmgenie" | "raw";
}

export type FanoutWorkerMessage =
  | { type: "warm" }
  | {
      type: "done";
      wallMs: number;
      cpuMs: number;
      maxRssKb: number;
      rssBeforeKb: number;
      heapUsedKb: number;
      completed: boolean;
      warnings: string[];
    }
  | { type: "error"; message: string };

const send = (message: FanoutWorkerMessage) => process.send!(message);

const QUERY = "Review the user service for correctness and performance";

/** The run to measure: resolves true when every subtask was answered and merged. */
function runner({ maxConcurrency, impl }: FanoutWorkerInput): (n: number) => Promise<boolean> {
  const agents = ollamaAgents(3);
  if (impl === "raw") {
    const models = Object.values(agents).map((model) => new ChatOllama({ model, baseUrl: process.env.OLLAMA_BASE_URL }));
    const graph = createRawFanOutGraph(models);
    return async (n) => {
      const state = await graph.invoke({ query: QUERY, subtasks: subtasks(n) }, { maxConcurrency });
      return state.parts.length === n && Boolean(state.output);
    };
  }
  const orchestrator = new AgentOrchestrator(agents, { maxConcurrency, hosts: uncappedHost(process.env.OLLAMA_BASE_URL!) });
  return async (n) =>
    (await orchestrator.orchestrate({ query: QUERY, executionMode: "parallel", subtasks: subtasks(n) })).status === "completed";
}

async function main() {
  const input = JSON.parse(process.argv[2]!) as FanoutWorkerInput;
  const warnings: string[] = [];
  process.on("warning", (warning) => warnings.push(warning.name));
  const run = runner(input);
  await run(32);
  const go = new Promise<void>((resolve) => process.once("message", () => resolve()));
  send({ type: "warm" });
  await go;
  warnings.length = 0;
  const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const completed = await run(input.n);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  send({
    type: "done",
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    rssBeforeKb,
    heapUsedKb: Math.round(process.memoryUsage().heapUsed / 1024),
    completed,
    warnings,
  });
}

main()
  .catch((error: unknown) => send({ type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) }))
  .finally(() => process.disconnect());
