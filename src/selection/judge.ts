/**
 * Pairwise LLM judge. Each comparison is asked twice, with the answers in
 * both orders, because judges favour a position; only a verdict that
 * survives the swap counts, a disagreement is a tie. With more than two
 * candidates every other candidate is compared against the current best
 * (the anchor: the rules' top pick among those still in contention), which
 * costs 2·(n−1) calls instead of n·(n−1) for a round robin and keeps the
 * outcome independent of the order the candidates came in.
 */
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { z } from "zod";
import { invokeStructured, NO_USAGE } from "../agents/invoke.js";
import type { ChatAgent } from "../agents/resolve.js";
import { describeAgentError } from "../agents/errors.js";
import type { Usage } from "../state/schemas.js";
import { mapWithConcurrency } from "./pool.js";

export const JudgeVerdictSchema = z.object({
  reason: z.string().describe("One or two sentences naming the difference that decides"),
  winner: z.enum(["A", "B", "tie"]).describe('"A" or "B" for the better answer, "tie" only if they are equally good'),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

export const JUDGE_RUBRIC = `You are an impartial judge. Compare two answers to the same request and decide which one is better.
Judge in this order of importance:
1. Instruction following: does the answer do exactly what was asked (task, format, length limits, number of items, language)? An answer that ignores or changes the request loses, however polished it is.
2. Correctness: facts, reasoning, calculations; for code, whether it would run and do what was asked.
3. Helpfulness: complete for what was asked, specific, without padding or repetition.
4. Clarity.
Do not prefer an answer for being longer or more detailed than the request needs, and do not let the order (A or B) influence you.
Answer "tie" only when neither is better.`;

/** The messages for one comparison. */
export function judgeMessages(query: string, a: string, b: string): Array<SystemMessage | HumanMessage> {
  return [
    new SystemMessage(JUDGE_RUBRIC),
    new HumanMessage(
      `<request>\n${query}\n</request>\n\n<answer_A>\n${a}\n</answer_A>\n\n<answer_B>\n${b}\n</answer_B>\n\n` +
        `Which answer is better? Reply as JSON with "reason" and "winner" ("A", "B" or "tie").`,
    ),
  ];
}

export type PairOutcome = "anchor" | "challenger" | "tie";

export interface PairResult {
  anchor: number;
  challenger: number;
  outcome: PairOutcome;
  /** The judge's reasons, or why the pair is a tie. */
  detail: string;
  /** Error message when a call failed (the pair then counts as a tie). */
  failure?: string;
}

export interface JudgeOutcome {
  pairs: PairResult[];
  usage: Usage;
}

const addUsage = (a: Usage, b: Usage): Usage => ({ inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens });

/** Compare each challenger with the anchor, in both orders. */
export async function judgeAgainstAnchor(
  judge: ChatAgent,
  query: string,
  candidates: readonly string[],
  anchor: number,
  challengers: readonly number[],
  config?: RunnableConfig,
  concurrency = 4,
): Promise<JudgeOutcome> {
  type Call = { challenger: number; anchorFirst: boolean };
  const calls: Call[] = challengers.flatMap((challenger) => [
    { challenger, anchorFirst: true },
    { challenger, anchorFirst: false },
  ]);
  let usage: Usage = NO_USAGE;
  const answers = await mapWithConcurrency(calls, concurrency, async ({ challenger, anchorFirst }) => {
    const [a, b] = anchorFirst ? [candidates[anchor]!, candidates[challenger]!] : [candidates[challenger]!, candidates[anchor]!];
    try {
      const { value, usage: used } = await invokeStructured(judge, JudgeVerdictSchema, judgeMessages(query, a, b), config, "judge_verdict");
      usage = addUsage(usage, used);
      const preferred: PairOutcome = value.winner === "tie" ? "tie" : (value.winner === "A") === anchorFirst ? "anchor" : "challenger";
      return { preferred, reason: value.reason };
    } catch (error) {
      if (config?.signal?.aborted) throw error;
      return { preferred: "tie" as PairOutcome, failure: describeAgentError(error, judge) };
    }
  });
  const pairs = challengers.map((challenger, i): PairResult => {
    const first = answers[2 * i]!;
    const second = answers[2 * i + 1]!;
    const failure = first.failure ?? second.failure;
    if (failure) return { anchor, challenger, outcome: "tie", detail: "judge call failed", failure };
    if (first.preferred === second.preferred && first.preferred !== "tie") {
      return { anchor, challenger, outcome: first.preferred, detail: first.reason ?? "" };
    }
    return { anchor, challenger, outcome: "tie", detail: first.preferred === second.preferred ? "judge called it a tie" : "verdict changed when the order was swapped" };
  });
  return { pairs, usage };
}
