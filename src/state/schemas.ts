import { z } from "zod";

/** The execution modes (values are the public strings). */
export const ExecutionMode = {
  PARALLEL: "parallel",
  SEQUENTIAL: "sequential",
  COLLABORATIVE: "collaborative",
  CASCADE: "cascade",
} as const;
export type ExecutionMode = (typeof ExecutionMode)[keyof typeof ExecutionMode];

/** How agents coordinate; each mode has exactly one. */
export const CoordinationType = {
  INDEPENDENT: "independent",
  SYNCHRONIZED: "synchronized",
  HIERARCHICAL: "hierarchical",
} as const;
export type CoordinationType = (typeof CoordinationType)[keyof typeof CoordinationType];

export const COORDINATION_BY_MODE: Record<ExecutionMode, CoordinationType> = {
  parallel: "independent",
  sequential: "synchronized",
  collaborative: "hierarchical",
  cascade: "hierarchical",
};

export const ExecutionModeSchema = z.enum(["parallel", "sequential", "collaborative", "cascade"]);

export const TASK_TYPES = [
  "code_generation",
  "code_review",
  "documentation",
  "debugging",
  "architecture_planning",
  "complex_reasoning",
  "simple_query",
  "refactoring",
  "analysis",
  "research",
  "creative_writing",
] as const;
export const TaskTypeSchema = z.enum(TASK_TYPES);
export type TaskType = z.infer<typeof TaskTypeSchema>;

export const UsageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ClassificationSchema = z.object({
  taskType: TaskTypeSchema,
  complexity: z.number().int().min(1).max(4),
  confidence: z.number().min(0).max(1),
  reasoning: z.string(),
  suggestedMode: ExecutionModeSchema,
  source: z.enum(["rules", "llm"]).describe("Which classifier produced this"),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/**
 * One unit of work for the shared `runAgent` node: which agent answers which
 * task, and the full prompt it gets. `key` identifies the task across attempts
 * (a fallback attempt keeps the key of the attempt it replaces).
 */
export const AssignmentSchema = z.object({
  key: z.string(),
  task: z.string(),
  agent: z.string(),
  prompt: z.string(),
  system: z.string().optional(),
  attempt: z.number().int().positive(),
});
export type Assignment = z.infer<typeof AssignmentSchema>;

/** One tool call of an agent attempt (public `ToolCallRecord`). */
export const ToolCallRecordSchema = z.object({
  name: z.string().describe("Tool name as the model saw it"),
  args: z.unknown().describe("Arguments the model gave"),
  status: z.enum(["completed", "failed"]),
  output: z.string().optional().describe("What went back to the model (clipped)"),
  error: z.string().optional().describe("Failed: the error, which also went back to the model"),
  latencyMs: z.number().nonnegative(),
});
export type ToolCallRecord = z.infer<typeof ToolCallRecordSchema>;

/** One attempt by one agent at one task (public `AgentResult` plus the task key). */
export const AgentResultSchema = z.object({
  key: z.string().describe("Task key shared by all attempts at the same task"),
  agent: z.string(),
  model: z.string(),
  host: z.string().optional().describe("Ollama base URL that served the attempt (Ollama agents only)"),
  task: z.string(),
  status: z.enum(["completed", "failed"]),
  output: z.string().optional(),
  error: z.string().optional(),
  qualityScore: z.number().min(0).max(1).optional(),
  latencyMs: z.number().nonnegative(),
  modelLoadMs: z
    .number()
    .nonnegative()
    .optional()
    .describe("Ollama agents: how long the server took to have the model ready (its load_duration, over the attempt's requests)"),
  usage: UsageSchema.optional(),
  toolCalls: z.array(ToolCallRecordSchema).optional().describe("Agents with tools: every tool call, in order"),
});
export type AgentResultRecord = z.infer<typeof AgentResultSchema>;

/** What a sequential step hands to every later step. */
export const HandoffSchema = z.object({
  from: z.string().describe("Agent that did the step"),
  to: z.string().describe("Agent of the next step, or 'output' after the last"),
  step: z.string(),
  summary: z.string(),
  keyOutputs: z.array(z.string()).describe("Code blocks and other artefacts, verbatim"),
  decisions: z.array(z.string()),
  openQuestions: z.array(z.string()),
});
export type Handoff = z.infer<typeof HandoffSchema>;

export const ConsensusSchema = z.object({
  consensus: z.enum(["high", "medium", "low", "insufficient_data"]),
  agreementLevel: z.number().min(0).max(1),
  agentsAgreeing: z.number().int().nonnegative(),
  outliers: z.array(z.string()),
});
export type Consensus = z.infer<typeof ConsensusSchema>;

export const SelectionSchema = z.object({
  index: z.number().int().nonnegative(),
  scores: z.array(z.number().min(0).max(1)),
  method: z.enum(["rules", "tests", "vote", "judge"]),
  reasons: z.array(z.string()),
  candidateKeys: z.array(z.string()).describe("Result key of each scored candidate"),
});
export type Selection = z.infer<typeof SelectionSchema>;

/**
 * Cascade: one rung of the ladder. `accepted` ends the cascade with this
 * answer; `escalated` calls the next agent; `rejected` is the last rung, whose
 * answer missed the bar with no agent left (or the token budget spent).
 */
export const CascadeStepSchema = z.object({
  agent: z.string(),
  model: z.string(),
  decision: z.enum(["accepted", "escalated", "rejected"]),
  /** Quality score of the answer (0..1); absent when the agent failed. */
  score: z.number().min(0).max(1).optional(),
  /** The tests' verdict when they ran against the answer. */
  testsPassed: z.boolean().optional(),
  reason: z.string().describe("Why the answer was accepted, or why the cascade went on"),
});
export type CascadeStep = z.infer<typeof CascadeStepSchema>;

export const StatusSchema = z.enum(["completed", "partial", "failed"]);
export type Status = z.infer<typeof StatusSchema>;
