import type { TaskType } from "../state/schemas.js";

/** One criterion's verdict: `score` 0..1, its `weight` in the total, and why. */
export interface CriterionScore {
  score: number;
  /** Weight in the weighted mean; 0 when the criterion does not apply to this answer. */
  weight: number;
  note: string;
}

/** The validator's verdict on one answer. */
export interface QualityReport {
  /** 0..1: weighted mean of the criteria, times the gates (see `validateAnswer`). */
  score: number;
  kind: "code" | "text";
  criteria: Record<string, CriterionScore>;
}

export interface ValidateOptions {
  /** Force code or text scoring; omitted: `detectKind`. */
  kind?: "code" | "text";
  /** The classifier's task type, when known; refines what the answer should look like. */
  taskType?: TaskType;
}

/** Clamp to 0..1 (and map NaN to 0) so one bad input cannot break a total. */
export const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** Build a criterion result with the score clamped. */
export const criterion = (score: number, weight: number, note: string): CriterionScore => ({ score: clamp01(score), weight, note });
