import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { isGraphBubbleUp } from "@langchain/langgraph";
import { invokeStructured } from "../agents/invoke.js";
import { coordinatorAgent, getChatAgent, type ChatAgent, type ResolvedAgent } from "../agents/resolve.js";
import { describeAgentError } from "../agents/errors.js";
import { classifierMessages, LlmClassificationSchema } from "../classification/llm.js";
import { classifyByRules } from "../classification/rules.js";
import { ConfigurationError, getConfiguration, type Configuration } from "../configuration.js";
import type { Classification } from "../state/schemas.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/**
 * The agent that classifies, or `undefined` for the rules. Throws a
 * `ConfigurationError` naming `classifier` when it names no configured agent,
 * so callers can validate options before a run.
 */
export function classifierAgent(configuration: Configuration): ChatAgent | undefined {
  const choice = configuration.classifier.trim();
  // "learned" is routed by the AgentOrchestrator before the graph runs (it needs the run store);
  // a graph run on its own (LangGraph server) classifies by the rules.
  if (choice === "" || choice === "rules" || choice === "learned") return undefined;
  if (choice === "llm") return coordinatorAgent(configuration);
  if (configuration.agents[choice] === undefined) {
    throw new ConfigurationError(
      `classifier: must be "rules", "llm" or an agent name; unknown agent "${choice}" (agents: ${Object.keys(configuration.agents).join(", ")})`,
    );
  }
  return getChatAgent(configuration, choice);
}

/** Zod's issue list (`[{ "path": [...], "message": ... }]`) as "path: message; …". */
function formatIssues(json: string): string | undefined {
  try {
    const issues = JSON.parse(json) as { path?: unknown[]; message?: string }[];
    if (!Array.isArray(issues) || issues.length === 0) return undefined;
    return issues.map((issue) => `${issue.path?.map(String).join(".") || "(answer)"}: ${issue.message ?? "invalid"}`).join("; ");
  } catch {
    return undefined;
  }
}

/** Why the agent failed, short enough for a warning; names the server URL when it could not be reached. */
function reasonOf(error: unknown, agent: ResolvedAgent): string {
  let message = describeAgentError(error, agent);
  const offSchema = /^(.*?off-schema:)\s*(\[[\s\S]*\])\s*$/.exec(message);
  const issues = offSchema ? formatIssues(offSchema[2]!) : undefined;
  message = offSchema && issues ? `${offSchema[1]} ${issues}` : message.split("\n")[0]!; // stack lines say nothing here
  const reason = message.replace(/\s+/g, " ").trim() || "unknown error";
  return reason.length > 300 ? `${reason.slice(0, 297)}...` : reason;
}

/**
 * Graph node: decide the task type, complexity and execution mode.
 *
 * - `executionMode` given by the caller: kept; the rules still classify (no
 *   model call) so later nodes know the task type.
 * - `classifier: "rules"` (default): the rules, instantly.
 * - `classifier: "llm"` (the coordinator agent) or an agent name: that agent
 *   answers with structured output; when it fails or answers off-schema the
 *   rules decide and a warning says so. The call's tokens go to `usage`.
 */
export async function classify(
  state: OrchestrationStateType,
  config: LangGraphRunnableConfig,
): Promise<OrchestrationUpdate> {
  const subtasks = state.subtasks ?? [];
  const byRules = (): Classification => classifyByRules(state.query, { subtasks });

  if (state.executionMode) {
    return { classification: byRules(), executionMode: state.executionMode };
  }

  const agent = classifierAgent(getConfiguration(config));
  if (!agent) {
    const classification = byRules();
    return { classification, executionMode: classification.suggestedMode };
  }

  try {
    const { value, usage } = await invokeStructured(
      agent,
      LlmClassificationSchema,
      classifierMessages(state.query, subtasks),
      config,
      "classification",
    );
    const classification: Classification = { ...value, source: "llm" };
    return { classification, executionMode: classification.suggestedMode, usage };
  } catch (error) {
    // Cancellation and graph control flow (interrupts) are not model failures.
    if (config?.signal?.aborted || isGraphBubbleUp(error)) throw error;
    const classification = byRules();
    return {
      classification,
      executionMode: classification.suggestedMode,
      warnings: [`classifier: ${agent.name} failed (${reasonOf(error, agent)}); used rules`],
    };
  }
}
