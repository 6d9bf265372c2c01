import type { OrchestrationResult } from "../result.js";
import type { EvalRef, RunRecord } from "./types.js";

/** What a run's result does not say about it. */
export interface RunRecordExtras {
  query: string;
  /** Default: `auto` when the classifier chose the mode, else the mode. */
  strategy?: string;
  /** The eval check's outcome. */
  checkPassed?: boolean;
  eval?: EvalRef;
}

/** An `OrchestrationResult` as the run store keeps it (outputs are not kept, only their measures). */
export function toRunRecord(result: OrchestrationResult, extras: RunRecordExtras): RunRecord {
  const usage = result.metadata.usage ?? { inputTokens: 0, outputTokens: 0 };
  return {
    taskId: result.taskId,
    createdAt: new Date().toISOString(),
    query: extras.query,
    ...(result.metadata.classification ? { taskType: result.metadata.classification.taskType } : {}),
    mode: result.metadata.executionMode,
    strategy: extras.strategy ?? (result.metadata.autoModeSelection ? "auto" : result.metadata.executionMode),
    status: result.status,
    quality: result.qualityScore,
    ...(extras.checkPassed !== undefined ? { checkPassed: extras.checkPassed } : {}),
    latencyMs: result.executionTimeMs,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    ...(result.error ? { error: result.error } : {}),
    ...(extras.eval ? { eval: extras.eval } : {}),
    attempts: result.results.map((r) => ({
      agent: r.agent,
      model: r.model,
      task: r.task,
      status: r.status,
      ...(r.qualityScore !== undefined ? { quality: r.qualityScore } : {}),
      latencyMs: r.latencyMs,
      inputTokens: r.usage?.inputTokens ?? 0,
      outputTokens: r.usage?.outputTokens ?? 0,
      // Agents with tools record each call (the tools feature); others make none.
      toolCalls: (r as { toolCalls?: unknown[] }).toolCalls?.length ?? 0,
      ...(r.error ? { error: r.error } : {}),
    })),
  };
}
