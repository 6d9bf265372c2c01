import { interrupt } from "@langchain/langgraph";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import { formatZodError, getConfiguration } from "../configuration.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

/** What a paused sequential run shows the reviewer: the interrupt's value. */
export interface PlanReviewRequest {
  plan: string[];
  query: string;
  /** Why the previous answer was refused (it was not a `ReviewDecision`). */
  error?: string;
}

const stepText = z.string({ message: "must be a string" }).trim().min(1, { message: "must not be empty" });

/**
 * How a person answers the plan review, the `resume` value of
 * `new Command({ resume })`: keep the plan, replace it, or stop the run.
 */
export const ReviewDecisionSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("approve") }),
    z.object({
      action: z.literal("edit"),
      plan: z.array(stepText).min(1, { message: "must have at least one step" }),
    }),
    z.object({
      action: z.literal("reject"),
      reason: stepText.optional(),
    }),
  ],
  { message: 'must be { action: "approve" }, { action: "edit", plan: [...] } or { action: "reject", reason }' },
);
export type ReviewDecision = z.infer<typeof ReviewDecisionSchema>;

/** A resume value that is not a `ReviewDecision`; the message names the field. */
export class InvalidReviewDecisionError extends Error {
  override name = "InvalidReviewDecisionError";
}

/** Validate a resume value, naming the bad field (`plan.1: must not be empty`). */
export function parseReviewDecision(value: unknown): ReviewDecision {
  const parsed = ReviewDecisionSchema.safeParse(value);
  if (!parsed.success) throw new InvalidReviewDecisionError(`review decision: ${formatZodError(parsed.error)}`);
  return parsed.data;
}

/** Ask until the answer is a valid decision: a refused answer is asked again, with the reason. */
function askForDecision(request: PlanReviewRequest): ReviewDecision {
  let answer = interrupt<PlanReviewRequest, unknown>(request);
  for (;;) {
    try {
      return parseReviewDecision(answer);
    } catch (error) {
      if (!(error instanceof InvalidReviewDecisionError)) throw error;
      // Each interrupt() call in a node is its own pause, matched to its own resume value on re-entry.
      answer = interrupt<PlanReviewRequest, unknown>({ ...request, error: error.message });
    }
  }
}

/**
 * Sequential: with `humanReview` on, pause after planning so a person can
 * approve, edit or reject the plan before any agent works on it. The run
 * waits in a checkpoint (a checkpointer is required) until it is resumed with
 * a `ReviewDecision`; anything else is refused and asked again, with the
 * reason in the interrupt's `error`. A rejection ends the run `failed`.
 */
export async function reviewPlan(state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<OrchestrationUpdate> {
  if (!getConfiguration(config).humanReview) return {};
  const decision = askForDecision({ plan: state.plan, query: state.query });
  switch (decision.action) {
    case "approve":
      return {};
    case "edit":
      return { plan: decision.plan };
    case "reject":
      return { status: "failed", error: `plan rejected by reviewer${decision.reason ? `: ${decision.reason}` : ""}` };
  }
}

/** After the review: a rejected run ends here; otherwise on to `next`. */
export const planRejected = (state: OrchestrationStateType): boolean => state.status === "failed";
