import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { getConfiguration } from "../configuration.js";
import { coordinatorAgent } from "../agents/resolve.js";
import { describeAgentError } from "../agents/errors.js";
import { invokeStructured } from "../agents/invoke.js";
import { PLAN_SYSTEM, planPrompt } from "../agents/prompts.js";
import { classifyByRules } from "../classification/rules.js";
import type { TaskType } from "../state/schemas.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

const MAX_PLANNED_STEPS = 6;

const PlanSchema = z.object({
  steps: z.array(z.string().min(3)).min(2).max(MAX_PLANNED_STEPS),
});

type PlanMode = "parallel" | "sequential";

/** Fallback plans when no agent can plan: the original's templates, by task type. */
const TEMPLATES: Record<PlanMode, (taskType: TaskType) => string[]> = {
  parallel: (taskType) => {
    if (taskType === "code_generation" || taskType === "refactoring") {
      return ["Write the implementation", "Write the documentation", "Write the tests"];
    }
    if (["analysis", "research", "code_review", "complex_reasoning"].includes(taskType)) {
      return ["Technical analysis", "Quality and risk assessment", "Recommendations"];
    }
    return ["Primary answer", "Validation of assumptions and edge cases", "Summary of key points"];
  },
  sequential: (taskType) => {
    if (["code_generation", "architecture_planning", "documentation"].includes(taskType)) {
      return ["Design the solution", "Implement it", "Review and finalize it"];
    }
    if (["analysis", "research", "complex_reasoning"].includes(taskType)) {
      return ["Investigate the facts", "Analyse them", "Recommend and conclude"];
    }
    if (["debugging", "refactoring", "code_review"].includes(taskType)) {
      return ["Identify the problem", "Solve it", "Verify the solution"];
    }
    return ["Plan the answer", "Carry out the plan", "Validate and finalize the answer"];
  },
};

export function templatePlan(mode: PlanMode, state: Pick<OrchestrationStateType, "query" | "classification">): string[] {
  return TEMPLATES[mode](state.classification?.taskType ?? classifyByRules(state.query).taskType);
}

async function plan(mode: PlanMode, state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<OrchestrationUpdate> {
  if (state.plan.length > 0) return {}; // resumed or edited by a person: keep it
  if (state.subtasks?.length) return { plan: state.subtasks, planSource: "given" };
  const planner = coordinatorAgent(getConfiguration(config));
  try {
    const { value, usage } = await invokeStructured(
      planner,
      PlanSchema,
      [new SystemMessage(PLAN_SYSTEM), new HumanMessage(planPrompt(state.query, mode, MAX_PLANNED_STEPS))],
      { ...config, runName: "planner", metadata: { ...config.metadata, agent: planner.name, model: planner.modelName } },
      "plan",
    );
    return { plan: value.steps.map((step) => step.trim()), planSource: "agent", usage };
  } catch (error) {
    if (config.signal?.aborted) throw error;
    const reason = describeAgentError(error, planner);
    return {
      plan: templatePlan(mode, state),
      planSource: "template",
      warnings: [`planner: ${planner.name} could not plan (${reason}); used the template plan`],
    };
  }
}

/** Progress event on the `custom` stream (the plan is not an output channel, so `updates` do not show it). */
export type PlanEvent = { event: "plan"; mode: PlanMode; steps: string[]; source: "given" | "agent" | "template" };

/** Plan, and announce the new plan to stream observers (the CLI's progress). */
async function planAndAnnounce(mode: PlanMode, state: OrchestrationStateType, config: LangGraphRunnableConfig) {
  const update = await plan(mode, state, config);
  if (update.plan && update.planSource) {
    config.writer?.({ event: "plan", mode, steps: update.plan as string[], source: update.planSource } satisfies PlanEvent);
  }
  return update;
}

/** Parallel: the given subtasks, else independent subtasks from the planner agent, else a template. */
export const planSubtasks = (state: OrchestrationStateType, config: LangGraphRunnableConfig) =>
  planAndAnnounce("parallel", state, config);

/** Sequential: the given steps, else ordered steps from the planner agent (last one reviews), else a template. */
export const planSteps = (state: OrchestrationStateType, config: LangGraphRunnableConfig) =>
  planAndAnnounce("sequential", state, config);
