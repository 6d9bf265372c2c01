import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { getConfiguration } from "../configuration.js";
import { agentForIndex } from "../agents/assign.js";
import { lastAttempt, completedAttempt } from "../state/results.js";
import type { Handoff, ToolCallRecord } from "../state/schemas.js";
import type { OrchestrationStateType, OrchestrationUpdate } from "../state/state.js";

const SUMMARY_BUDGET = 1500;
const CODE_BLOCK = /```[^\n]*\n[\s\S]*?```/g;

/** Sentences: a terminator counts only before whitespace or the end, so "0.65" and "v1.2" stay whole. */
const SENTENCE = /(?:[^.!?\n]|[.!?](?=\S))+[.!?]*\s*/g;
/** A sentence with specifics a later step may need: a number, a code span, an identifier (CamelCase, snake_case, ACRONYM). */
const SPECIFIC = /\d|`|\b[A-Z][a-z0-9]+[A-Z]\w*|\b[A-Z]{2,}\b|\b\w+_\w+/;

/**
 * Text without code blocks, whole if short. Over the budget: the first
 * sentence (what the step did), then the sentences with specifics, then the
 * rest, while they fit — in their original order. Generic prose is what a
 * long answer loses first, not its numbers and names.
 */
export function summarize(text: string, budget = SUMMARY_BUDGET): string {
  const prose = text.replace(CODE_BLOCK, "").replace(/\n{3,}/g, "\n\n").trim();
  if (prose.length <= budget) return prose;
  const sentences = prose.match(SENTENCE) ?? [prose];
  const kept = new Set<number>();
  let used = 0;
  const keep = (i: number) => {
    if (kept.has(i) || used + sentences[i]!.length > budget) return;
    kept.add(i);
    used += sentences[i]!.length;
  };
  keep(0);
  sentences.forEach((sentence, i) => SPECIFIC.test(sentence) && keep(i));
  sentences.forEach((_, i) => keep(i));
  return `${sentences.filter((_, i) => kept.has(i)).join("").trim()} […]`;
}

// `\b` only after the word alternatives: after "decision:" it would demand a word character next.
const DECISION = /^\s*(?:[-*]\s*)?(?:decision:|(?:we (?:will|chose|decided)|i (?:chose|decided|will use)|decided|chosen|(?:we|i)'ll use)\b)/i;
const QUESTION = /^\s*(?:[-*]\s*)?(?:open question|question|todo|tbd)\b|\?\s*$/i;

const matchingLines = (text: string, pattern: RegExp): string[] =>
  text
    .replace(CODE_BLOCK, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && pattern.test(line))
    .map((line) => line.replace(/^[-*]\s*/, ""));

/**
 * What the step's tools returned, for later steps that cannot call them
 * again: each completed call as `Tool name(args) returned: output`, in call
 * order, while they fit the summary's budget (the last one cut to fit).
 */
export function toolKeyOutputs(calls: ToolCallRecord[] = [], budget = SUMMARY_BUDGET): string[] {
  const outputs: string[] = [];
  let left = budget;
  for (const call of calls) {
    if (call.status !== "completed" || !call.output?.trim() || left <= 0) continue;
    const line = `Tool ${call.name}(${JSON.stringify(call.args) ?? ""}) returned: ${call.output.trim()}`;
    outputs.push(line.length > left ? `${line.slice(0, left)} […]` : line);
    left -= line.length;
  }
  return outputs;
}

/**
 * A typed handoff from one step's answer: summary, code blocks verbatim,
 * what its tools returned, decisions, open questions.
 */
export function buildHandoff(step: string, from: string, to: string, output: string, toolCalls?: ToolCallRecord[]): Handoff {
  return {
    from,
    to,
    step,
    summary: summarize(output),
    keyOutputs: [...(output.match(CODE_BLOCK) ?? []), ...toolKeyOutputs(toolCalls)],
    decisions: matchingLines(output, DECISION),
    openQuestions: matchingLines(output, QUESTION),
  };
}

/** Sequential: record what the step just done hands to every later step, and move on. */
export async function handoff(state: OrchestrationStateType, config: LangGraphRunnableConfig): Promise<OrchestrationUpdate> {
  const key = `step:${state.step}`;
  const stepName = state.plan[state.step] ?? key;
  const nextStep = state.step + 1;
  const to = nextStep < state.plan.length ? agentForIndex(getConfiguration(config), nextStep) : "output";
  const done = completedAttempt(state.results, key);
  const last = lastAttempt(state.results, key);
  const record = done
    ? buildHandoff(stepName, done.agent, to, done.output ?? "", done.toolCalls)
    : {
        from: last?.agent ?? "unknown",
        to,
        step: stepName,
        summary: `This step failed: ${last?.error ?? "no attempt was made"}. Do what you can without it.`,
        keyOutputs: [],
        decisions: [],
        openQuestions: [`What should "${stepName}" have produced?`],
      };
  if (to !== "output") return { handoffs: [record], step: nextStep };
  // The last step's answer is the run's output; if it failed, the latest step that did not.
  const lastDone = state.plan
    .map((_, i) => completedAttempt(state.results, `step:${i}`))
    .findLast((result) => result !== undefined);
  return { handoffs: [record], step: nextStep, output: lastDone?.output ?? "" };
}
