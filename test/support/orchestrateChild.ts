/**
 * Runs one `orchestrate` call in a child process, so a test can kill it
 * (SIGKILL) mid-run and resume the same `threadId` in a fresh process.
 *
 * Usage: `node --import tsx test/support/orchestrateChild.ts '<json>'` where the
 * JSON is `{ agents, options, input }` (the constructor's two arguments and the
 * `orchestrate` input). `OLLAMA_BASE_URL` points at the test's server. Prints
 * the `OrchestrationResult` as one JSON line on stdout; an error as
 * `{ "error": { name, message } }` with exit code 1.
 */
import { AgentOrchestrator } from "../../src/index.js";
import type { OrchestrateInput, OrchestratorOptions } from "../../src/index.js";

interface ChildRequest {
  agents: Record<string, string>;
  options?: OrchestratorOptions;
  input: OrchestrateInput;
}

const request = JSON.parse(process.argv[2] ?? "{}") as ChildRequest;
try {
  const result = await new AgentOrchestrator(request.agents, request.options).orchestrate(request.input);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  const { name, message } = error as Error;
  process.stdout.write(`${JSON.stringify({ error: { name, message } })}\n`);
  process.exitCode = 1;
}
