/**
 * Plan review on the command line. A run with the `humanReview` option pauses
 * after planning; `llmgenie run` then asks for the decision on stdin, one
 * answer per line (typed at a terminal, or piped in), and resumes the run.
 */
import { createInterface } from "node:readline";
import type { ReviewDecision } from "../nodes/reviewPlan.js";

/** How to answer, as the prompt shows it. */
export const REVIEW_HELP = "approve (a) · edit (e), then the steps one per line and an empty line · reject (r) [reason]";

/** A numbered or bulleted line ("1. Design it", "- Design it") is the step's text. */
const stepOf = (line: string): string => line.trim().replace(/^(?:\d+[.)]|[-*•])\s+/u, "");

/**
 * Read a person's decision on a plan from `lines`: `approve` (or `a`,
 * `yes`); `reject` (or `r`) with an optional reason on the same line; `edit`
 * (or `e`) followed by the new steps, one per line, up to an empty line or
 * the end of the input. Anything else is asked again.
 *
 * @param lines - the answers, a line at a time
 * @param ask - shows a line of the prompt (before each answer is read)
 * @param plan - the steps to show first (when the run's progress has not shown them)
 * @returns the decision, or undefined when the input ends first
 */
export async function readPlanDecision(
  lines: AsyncIterator<string>,
  ask: (text: string) => void,
  plan?: readonly string[],
): Promise<ReviewDecision | undefined> {
  ask("the plan waits for your decision:");
  plan?.forEach((step, i) => ask(`  ${i + 1}. ${step}`));
  ask(REVIEW_HELP);
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const [word = "", ...rest] = next.value.trim().split(/\s+/u);
    const command = word.toLowerCase();
    if (["a", "approve", "y", "yes"].includes(command)) return { action: "approve" };
    if (["r", "reject"].includes(command)) {
      const reason = rest.join(" ");
      return reason ? { action: "reject", reason } : { action: "reject" };
    }
    if (["e", "edit"].includes(command)) {
      ask("the new plan: one step per line, then an empty line");
      const given: string[] = [];
      for (let step = await lines.next(); !step.done && step.value.trim() !== ""; step = await lines.next()) given.push(stepOf(step.value));
      const steps = given.filter((step) => step !== "");
      if (steps.length > 0) return { action: "edit", plan: steps };
      ask(`an edited plan needs at least one step: ${REVIEW_HELP}`);
      continue;
    }
    ask(`answer ${REVIEW_HELP}`);
  }
  return undefined;
}

/**
 * The lines of `input`, read only from the first call on (so stdin is left
 * alone unless a plan waits for review); ended by `signal` (Ctrl-C) or
 * `close()`, after which the process may exit.
 */
export function inputLines(input: NodeJS.ReadableStream, signal: AbortSignal): { lines: AsyncIterator<string>; close(): void } {
  let reader: ReturnType<typeof createInterface> | undefined;
  let iterator: AsyncIterator<string> | undefined;
  const close = () => reader?.close();
  signal.addEventListener("abort", close, { once: true });
  return {
    lines: {
      next: () => {
        reader ??= createInterface({ input, crlfDelay: Infinity, terminal: false });
        iterator ??= reader[Symbol.asyncIterator]();
        return iterator.next();
      },
    },
    close() {
      signal.removeEventListener("abort", close);
      close();
    },
  };
}
