/**
 * Child process of the tracing tests: one run, traced through LangSmith's own
 * environment variables, then `flushTraces` before exiting, as the CLI does.
 * Prints `{ result, flushed }` as JSON.
 *
 *   LANGSMITH_TRACING=true LANGSMITH_ENDPOINT=… node --import tsx test/tracing/tracedRun.ts '{"agents":…,"input":…,"timeoutMs":…}'
 */
import { AgentOrchestrator, flushTraces, type OrchestrateInput } from "../../src/index.js";

const { agents, input, timeoutMs } = JSON.parse(process.argv[2] ?? "{}") as {
  agents: Record<string, string>;
  input: OrchestrateInput;
  timeoutMs?: number;
};
const result = await new AgentOrchestrator(agents).orchestrate(input);
const flushed = await flushTraces({ timeoutMs });
process.stdout.write(JSON.stringify({ result, flushed }));
// Uploads still retrying after the bound must not hold the process.
process.exit(0);
