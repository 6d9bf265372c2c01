import { z } from "zod";
import { ReducedValue, StateSchema } from "@langchain/langgraph";
import {
  AgentResultSchema,
  CascadeStepSchema,
  ClassificationSchema,
  ConsensusSchema,
  ExecutionModeSchema,
  HandoffSchema,
  SelectionSchema,
  StatusSchema,
  UsageSchema,
  type Usage,
} from "./schemas.js";

const appendList = <T extends z.ZodType>(item: T, description: string) =>
  new ReducedValue(z.array(item).default(() => []).describe(description), {
    inputSchema: z.array(item),
    reducer: (current: z.infer<T>[], next: z.infer<T>[]) => current.concat(next),
  });

export const addUsage = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
});

/** What a caller gives a graph; Studio renders this as the input form. */
export const inputFields = {
  query: z.string().describe("The task for the agents, in plain language"),
  subtasks: z
    .array(z.string())
    .optional()
    .describe("Optional: parallel subtasks or sequential steps; planned automatically when omitted"),
  context: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Optional JSON facts every agent sees (requirements, constraints)"),
  executionMode: ExecutionModeSchema.optional().describe(
    "Optional: parallel, sequential, collaborative or cascade; chosen by the classifier when omitted",
  ),
  tests: z
    .string()
    .optional()
    .describe("Optional, cascade: JavaScript (console.assert) run against an answer's code; run only where code execution is enabled"),
};

/** What every graph ends with; `output`, `status` and `results` are the contract. */
export const outputFields = {
  output: z.string().default("").describe("The answer"),
  status: StatusSchema.optional().describe("completed, partial or failed"),
  error: z.string().optional().describe("Why the run failed, when it did"),
  results: appendList(AgentResultSchema, "One entry per attempt by an agent at a task"),
  qualityScore: z.number().default(0).describe("Quality of the output, 0..1"),
  handoffs: appendList(HandoffSchema, "Sequential: what each step handed to the next"),
  consensus: ConsensusSchema.optional().describe("Collaborative: agreement between candidates"),
  selection: SelectionSchema.optional().describe("Collaborative: how the best candidate was picked"),
  qualityVariance: z.number().optional().describe("Collaborative: variance of candidate scores"),
  classification: ClassificationSchema.optional().describe("Auto mode: what the classifier decided"),
  // Not "cascade": that is the name of the mode's subgraph node under the orchestrator.
  cascadeSteps: appendList(CascadeStepSchema, "Cascade: each agent tried, its score, and why the cascade stopped or went on"),
  warnings: appendList(z.string(), "Degraded paths taken (planner or judge fell back, merge concatenated)"),
  usage: new ReducedValue(
    UsageSchema.default(() => ({ inputTokens: 0, outputTokens: 0 })).describe(
      "Tokens of calls that are not agent attempts: classify, plan, merge, judge",
    ),
    { inputSchema: UsageSchema, reducer: addUsage },
  ),
};

/**
 * The one state every mode shares. Lists append (parallel branches never
 * overwrite each other); everything else is last-write-wins.
 */
export const OrchestrationState = new StateSchema({
  ...inputFields,
  ...outputFields,
  plan: z.array(z.string()).default(() => []).describe("The subtasks or steps the run works through"),
  planSource: z.enum(["given", "agent", "template"]).optional(),
  step: z.number().int().default(0).describe("Sequential: index of the next step"),
});

export const OrchestrationInput = new StateSchema(inputFields);
/** A mode graph's input: the caller's input and, under the orchestrator, the classification. */
export const ModeInput = new StateSchema({ ...inputFields, classification: outputFields.classification });
export const OrchestrationOutput = new StateSchema({ ...outputFields, executionMode: inputFields.executionMode });

export type OrchestrationStateType = typeof OrchestrationState.State;
export type OrchestrationUpdate = typeof OrchestrationState.Update;
