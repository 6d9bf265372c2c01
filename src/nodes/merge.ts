import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { coordinatorAgent } from "../agents/resolve.js";
import { describeAgentError } from "../agents/errors.js";
import { textOf, usageOf, withTimeLimit } from "../agents/invoke.js";
import { callOnHost } from "../agents/hosts.js";
import { MERGE_SYSTEM, mergePrompt } from "../agents/prompts.js";
import { outcomeByKey } from "../state/results.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/** Every subtask under its own heading, with who wrote it (or why it is missing). */
export function concatenateParts(state: Pick<OrchestrationStateType, "plan" | "results">): string {
  const outcomes = outcomeByKey(state.results);
  return state.plan
    .map((subtask, i) => {
      const outcome = outcomes.get(`subtask:${i}`);
      if (outcome?.status === "completed") return `## ${subtask}\n_by ${outcome.agent}_\n\n${outcome.output ?? ""}`;
      return `## ${subtask}\n_failed (${outcome?.agent ?? "no agent"}): ${outcome?.error ?? "not attempted"}_`;
    })
    .join("\n\n");
}

/**
 * Parallel: one answer from all parts. An agent synthesises them; if that
 * fails, the parts are concatenated with attribution, and the result says so.
 */
export async function merge(state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<OrchestrationUpdate> {
  const outcomes = outcomeByKey(state.results);
  const parts = state.plan.flatMap((subtask, i) => {
    const outcome = outcomes.get(`subtask:${i}`);
    return outcome?.status === "completed" ? [{ subtask, agent: outcome.agent, output: outcome.output ?? "" }] : [];
  });
  if (parts.length === 0) return { output: "" };
  if (state.plan.length === 1) return { output: parts[0]!.output };
  const configuration = getConfiguration(config);
  const merger = coordinatorAgent(configuration);
  try {
    const reply = await withTimeLimit(config, (bounded) =>
      callOnHost(merger, configuration.hosts, bounded, () =>
        merger.model.invoke([new SystemMessage(MERGE_SYSTEM), new HumanMessage(mergePrompt(state.query, parts))], {
          ...bounded,
          runName: "merger",
          tags: [...(config.tags ?? []), `agent:${merger.name}`],
          metadata: { ...config.metadata, agent: merger.name, model: merger.modelName },
        }),
      ),
    );
    const output = textOf(reply).trim();
    if (!output) throw new Error("empty answer");
    return { output, usage: usageOf(reply) };
  } catch (error) {
    if (config.signal?.aborted) throw error;
    const reason = describeAgentError(error, merger);
    return {
      output: concatenateParts(state),
      warnings: [`merge: ${merger.name} could not combine the parts (${reason}); concatenated them`],
    };
  }
}
