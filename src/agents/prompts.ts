import type { Handoff } from "../state/schemas.js";

/** Every prompt the framework sends, in one place so they can be read and tuned together. */

const contextBlock = (context?: Record<string, unknown>): string =>
  context && Object.keys(context).length > 0
    ? `\n\nContext (JSON):\n${JSON.stringify(context, null, 2)}`
    : "";

export const SUBTASK_SYSTEM =
  "You are one of several agents working in parallel on parts of one job. Do only your part, completely and concretely; another step combines the parts.";

export function subtaskPrompt(query: string, subtask: string, context?: Record<string, unknown>): string {
  return `Overall task: ${query}${contextBlock(context)}\n\nYour part: ${subtask}`;
}

export const STEP_SYSTEM =
  "You are one specialist in a chain. Build on the work handed to you by earlier steps; do only your step, completely, and state decisions and open questions plainly.";

function handoffBlock(handoff: Handoff, index: number): string {
  const lines = [`### Step ${index + 1}: ${handoff.step} (by ${handoff.from})`, handoff.summary];
  if (handoff.decisions.length) lines.push("Decisions:", ...handoff.decisions.map((d) => `- ${d}`));
  if (handoff.openQuestions.length) lines.push("Open questions:", ...handoff.openQuestions.map((q) => `- ${q}`));
  if (handoff.keyOutputs.length) lines.push("Key outputs:", ...handoff.keyOutputs);
  return lines.join("\n");
}

/** A sequential step sees the whole plan and every earlier handoff, not just the last one. */
export function stepPrompt(
  query: string,
  plan: string[],
  stepIndex: number,
  handoffs: Handoff[],
  context?: Record<string, unknown>,
): string {
  const planText = plan.map((step, i) => `${i + 1}. ${step}${i === stepIndex ? "  <- your step" : ""}`).join("\n");
  const earlier = handoffs.length
    ? `\n\nWork handed to you by earlier steps:\n\n${handoffs.map(handoffBlock).join("\n\n")}`
    : "";
  const last = stepIndex === plan.length - 1;
  return (
    `Overall task: ${query}${contextBlock(context)}\n\nPlan:\n${planText}${earlier}\n\n` +
    `Now do step ${stepIndex + 1}: ${plan[stepIndex]}` +
    (last ? "\nThis is the last step: your answer is the final deliverable, complete and self-contained." : "")
  );
}

export const CANDIDATE_SYSTEM =
  "Answer the task as well as you can. Several agents answer the same task; the best answer is kept.";

export function candidatePrompt(query: string, context?: Record<string, unknown>): string {
  return `${query}${contextBlock(context)}`;
}

export const CASCADE_SYSTEM =
  "Answer the task completely and concretely; your answer is checked (tests, quality) before it is used.";

export const PLAN_SYSTEM =
  "You split tasks into steps for a team of AI agents. Answer only with the JSON object requested.";

export function planPrompt(query: string, mode: "parallel" | "sequential", maxSteps: number): string {
  const shape =
    mode === "parallel"
      ? `independent subtasks that different agents can do at the same time without seeing each other's work`
      : `ordered steps where each step builds on the previous ones; the last step must review and finish the deliverable`;
  return `Task: ${query}\n\nSplit it into 2 to ${maxSteps} ${shape}. Each item is one short imperative sentence.\nReturn {"steps": ["...", "..."]}.`;
}

export const MERGE_SYSTEM =
  "You combine the parts written by several agents into one coherent answer to the overall task. Keep every substantive point and all code; remove repetition; do not invent new content.";

export function mergePrompt(query: string, parts: { subtask: string; agent: string; output: string }[]): string {
  const body = parts
    .map((part, i) => `--- Part ${i + 1}: ${part.subtask} (written by ${part.agent}) ---\n${part.output}`)
    .join("\n\n");
  return `Overall task: ${query}\n\n${body}\n\nWrite the combined answer.`;
}

/**
 * The roles of the default agents when they run on the embedded model (no
 * Ollama): one model, three system prompts, so candidates and subtasks get
 * distinct points of view. The first also plans, merges and classifies.
 */
export const EMBEDDED_ROLES: Record<string, string> = {
  analyst:
    "You are the team's analyst. Work out what is really asked, break problems into clear steps, state assumptions, and answer precisely and concisely.",
  coder:
    "You are the team's programmer. Write correct, idiomatic, runnable code with the edge cases handled, and explain it briefly.",
  reviewer:
    "You are the team's reviewer. Check work for mistakes, missing cases and unclear parts, fix what is wrong, and give the corrected answer in full.",
};
