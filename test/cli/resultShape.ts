/**
 * The `OrchestrationResult` shape of the public interface (interface.md),
 * as a strict zod schema, to check what `run --json` prints.
 */
import { z } from "zod";

const usage = z.strictObject({ inputTokens: z.number().int().nonnegative(), outputTokens: z.number().int().nonnegative() });
const unit = z.number().min(0).max(1);

export const AgentResultShape = z.strictObject({
  agent: z.string(),
  model: z.string(),
  host: z.string().url().optional(),
  task: z.string(),
  status: z.enum(["completed", "failed"]),
  output: z.string().optional(),
  error: z.string().optional(),
  qualityScore: unit.optional(),
  latencyMs: z.number().nonnegative(),
  // Model hosts (issue 14): Ollama's load_duration of the attempt, ms.
  modelLoadMs: z.number().nonnegative().optional(),
  usage: usage.optional(),
});

export const OrchestrationResultShape = z.strictObject({
  taskId: z.string().min(1),
  status: z.enum(["completed", "partial", "failed"]),
  output: z.string(),
  results: z.array(AgentResultShape),
  executionTimeMs: z.number().nonnegative(),
  qualityScore: unit,
  coordinationEfficiency: unit,
  agentsUsed: z.array(z.string()),
  error: z.string().optional(),
  metadata: z.object({
    executionMode: z.enum(["parallel", "sequential", "collaborative", "cascade"]),
    coordinationType: z.enum(["independent", "synchronized", "hierarchical"]),
    autoModeSelection: z.boolean(),
    classification: z
      .strictObject({ taskType: z.string(), complexity: z.number().int().min(1).max(4), confidence: unit, reasoning: z.string() })
      .optional(),
    consensusAnalysis: z
      .object({
        consensus: z.enum(["high", "medium", "low", "insufficient_data"]),
        agreementLevel: unit,
        agentsAgreeing: z.number().int().nonnegative(),
      })
      .optional(),
    qualityVariance: z.number().nonnegative().optional(),
    handoffs: z
      .array(z.object({ from: z.string(), to: z.string(), summary: z.string(), keyOutputs: z.array(z.string()) }))
      .optional(),
    usage: usage.optional(),
    cascade: z
      .array(
        z.strictObject({
          agent: z.string(),
          model: z.string(),
          decision: z.enum(["accepted", "escalated", "rejected"]),
          score: unit.optional(),
          testsPassed: z.boolean().optional(),
          reason: z.string(),
        }),
      )
      .optional(),
  }),
});
export type OrchestrationResultShape = z.infer<typeof OrchestrationResultShape>;

/** Parse `run --json` stdout: exactly one JSON document of the spec's shape. */
export const parseResult = (stdout: string): OrchestrationResultShape => OrchestrationResultShape.parse(JSON.parse(stdout));
