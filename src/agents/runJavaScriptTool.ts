import { tool } from "@langchain/core/tools";
import { z } from "zod";
import { DEFAULT_SANDBOX_LIMITS, runInSandbox, type SandboxLimits } from "../selection/sandbox.js";

/** Characters of a program's output handed back to the model. */
const OUTPUT_CHARS = 8_000;

const tail = (text: string): string => (text.length > OUTPUT_CHARS ? `[…]${text.slice(-OUTPUT_CHARS)}` : text);

/**
 * A built-in tool that runs JavaScript in the sandbox `selectBest` tests use
 * (a child Node process under the permission model: no file system, no child
 * processes, a time and a heap limit, an empty environment; see
 * `src/selection/sandbox.ts` for what it does not prevent). It answers with
 * what the program printed, or with the error and the output before it, so a
 * coder agent can run its code and fix it.
 *
 * @param limits - time (default 5 s), heap (128 MB) and output (1 MB) limits of one run
 * @example
 * new AgentOrchestrator({ coder: { model: "qwen2.5-coder:7b", tools: [runJavaScriptTool()] } });
 */
export function runJavaScriptTool(limits: Partial<SandboxLimits> = {}) {
  const bounds = { ...DEFAULT_SANDBOX_LIMITS, ...limits };
  return tool(
    async ({ code }, config) => {
      const run = await runInSandbox(code, "", bounds, config?.signal);
      if (config?.signal?.aborted) throw new Error("aborted");
      const printed = run.stdout.trim();
      if (run.status === "passed") return printed ? tail(printed) : "(the program printed nothing)";
      const stderr = run.stderr.trim();
      return tail(
        [`The program failed: ${run.message ?? run.status}`, stderr && `stderr:\n${stderr}`, printed && `printed before failing:\n${printed}`]
          .filter(Boolean)
          .join("\n"),
      );
    },
    {
      name: "run_javascript",
      description: `Run JavaScript (Node.js, CommonJS) in a sandbox without file system access and return what it prints with console.log. Time limit ${bounds.timeoutMs / 1000} s.`,
      schema: z.object({ code: z.string().describe("The program; print results with console.log") }),
    },
  );
}
