import type { RunRecord } from "../../src/store/index.js";

/** A run record with `attempts` attempts; fields overridable. */
export function sampleRun(taskId: string, options: { attempts?: number } & Partial<Omit<RunRecord, "attempts">> = {}): RunRecord {
  const { attempts = 1, ...fields } = options;
  return {
    taskId,
    createdAt: new Date().toISOString(),
    query: `query of ${taskId}`,
    taskType: "code_generation",
    mode: "collaborative",
    strategy: "collaborative",
    status: "completed",
    quality: 0.8,
    latencyMs: 120,
    inputTokens: 10,
    outputTokens: 20,
    attempts: Array.from({ length: attempts }, (_, i) => ({
      agent: `agent${i}`,
      model: `model${i}:1b`,
      task: "candidate",
      status: "completed" as const,
      quality: 0.8,
      latencyMs: 100 + i,
      inputTokens: 5,
      outputTokens: 10,
      toolCalls: 0,
    })),
    ...fields,
  };
}
