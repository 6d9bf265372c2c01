import type { OrchestrationStateType } from "./state/state.js";
import {
  COORDINATION_BY_MODE,
  type AgentResultRecord,
  type CascadeStep,
  type Consensus,
  type CoordinationType,
  type ExecutionMode,
  type Handoff,
  type Selection,
  type Status,
  type ToolCallRecord,
  type Usage,
} from "./state/schemas.js";
import { totalUsage } from "./state/results.js";
import { questionOf, withLazyScore } from "./quality/attempt.js";
import type { PlanReviewRequest } from "./nodes/reviewPlan.js";
import { costOfRun, type Prices, type RunCost } from "./cost.js";

/** One attempt by an agent at a task (spec: interface.md). */
export interface AgentResult {
  agent: string;
  model: string;
  /** The Ollama server (base URL) that served this attempt; absent for other chat models. */
  host?: string;
  task: string;
  status: "completed" | "failed";
  output?: string;
  error?: string;
  qualityScore?: number;
  latencyMs: number;
  /**
   * Ollama agents: how long the server took to have the model ready for this
   * attempt (Ollama's `load_duration`: loading it, or waiting in the server's
   * queue for memory to load it in), summed over the attempt's requests. A
   * few milliseconds when the model was already loaded; seconds when it was not.
   */
  modelLoadMs?: number;
  usage?: Usage;
  /** Agents with tools: every tool call of the attempt, in order. */
  toolCalls?: ToolCallRecord[];
}

/** What `orchestrate` resolves to (spec: interface.md). */
export interface OrchestrationResult {
  taskId: string;
  /**
   * `interrupted` only with the `humanReview` option: the run waits for a
   * person's decision on `metadata.pendingReview`; `resume(taskId, decision)`
   * continues it.
   */
  status: Status | "interrupted";
  output: string;
  results: AgentResult[];
  executionTimeMs: number;
  qualityScore: number;
  coordinationEfficiency: number;
  agentsUsed: string[];
  error?: string;
  metadata: {
    executionMode: ExecutionMode;
    coordinationType: CoordinationType;
    autoModeSelection: boolean;
    classification?: { taskType: string; complexity: number; confidence: number; reasoning: string };
    consensusAnalysis?: Consensus;
    qualityVariance?: number;
    handoffs?: Handoff[];
    usage?: Usage;
    /** Collaborative: how the output was selected (method, per-candidate scores, reasons). */
    selection?: Omit<Selection, "candidateKeys">;
    /** Degraded paths taken: planner, merge, judge or classifier fell back. */
    warnings?: string[];
    /** With status `interrupted`: the plan waiting for review, and its query. */
    pendingReview?: PlanReviewRequest;
    /** Cascade: every agent tried, in order, its score and why the cascade stopped or went on. */
    cascade?: CascadeStep[];
    /** With the `prices` option: money per agent and in total (and the tokens it is computed from). */
    cost?: RunCost;
  };
}

/** Final graph state (the output channels) → the public result. */
export function toOrchestrationResult(
  state: Partial<OrchestrationStateType>,
  run: {
    taskId: string;
    executionTimeMs: number;
    autoModeSelection: boolean;
    executionMode: ExecutionMode;
    error?: string;
    /** Model prices: `metadata.cost` is set when given. */
    prices?: Prices;
    /** Model of planning, merging and judging calls, to price `state.usage`. */
    coordinatorModel?: string;
  },
): OrchestrationResult {
  const records: AgentResultRecord[] = state.results ?? [];
  // Attempt scores are computed when read (most callers read only the run's).
  const results = records.map(({ key: _key, ...result }) =>
    withLazyScore(result, questionOf(result.task, state.query ?? "", state.context)),
  );
  const completed = results.filter((r) => r.status === "completed").length;
  const usage = totalUsage(results, state.usage);
  const mode = state.executionMode ?? run.executionMode;
  const status: Status = run.error ? (completed > 0 && state.output ? "partial" : "failed") : (state.status ?? "failed");
  const error = run.error ?? state.error;
  const classification = state.classification;
  return {
    taskId: run.taskId,
    status,
    output: state.output ?? "",
    results,
    executionTimeMs: Math.round(run.executionTimeMs),
    qualityScore: state.qualityScore ?? 0,
    coordinationEfficiency: results.length ? completed / results.length : 0,
    agentsUsed: [...new Set(results.map((r) => r.agent))],
    ...(error && status !== "completed" ? { error } : {}),
    metadata: {
      executionMode: mode,
      coordinationType: COORDINATION_BY_MODE[mode],
      autoModeSelection: run.autoModeSelection,
      ...(classification
        ? {
            classification: {
              taskType: classification.taskType,
              complexity: classification.complexity,
              confidence: classification.confidence,
              reasoning: classification.reasoning,
            },
          }
        : {}),
      ...(mode === "collaborative" && state.consensus ? { consensusAnalysis: state.consensus } : {}),
      ...(mode === "collaborative" && state.qualityVariance !== undefined ? { qualityVariance: state.qualityVariance } : {}),
      ...(mode === "sequential" ? { handoffs: state.handoffs ?? [] } : {}),
      ...(state.selection
        ? { selection: { index: state.selection.index, scores: state.selection.scores, method: state.selection.method, reasons: state.selection.reasons } }
        : {}),
      ...(mode === "cascade" ? { cascade: state.cascadeSteps ?? [] } : {}),
      usage,
      ...(run.prices
        ? { cost: costOfRun(results, run.coordinatorModel && state.usage ? { model: run.coordinatorModel, usage: state.usage } : undefined, run.prices) }
        : {}),
      ...(state.warnings?.length ? { warnings: state.warnings } : {}),
    },
  };
}
