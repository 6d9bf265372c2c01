/**
 * Self-consistency voting: candidates that end in an extractable final
 * answer (a number such as "#### 42" / "The answer is 42" / the last number,
 * a choice letter, a short span) are grouped by that answer; the largest
 * group wins. Several independent solutions reaching the same value are
 * better evidence than any one solution's style.
 */
import { extractFinalAnswer, findArithmeticClaims } from "../quality/index.js";

export interface VoteOutcome {
  /** Canonical final answer per candidate, undefined when none could be read. */
  answers: Array<string | undefined>;
  /** Votes for each candidate's answer (0 when it has none). */
  support: number[];
  /** Answers with the most votes (several when tied); empty when voting does not apply. */
  leaders: string[];
  /** Votes of the leading answer(s). */
  topVotes: number;
  /** Step agreement per candidate, 0..1 (see `stepAgreement`). */
  steps: number[];
  /** True when one answer has a strict plurality of at least two votes. */
  decisive: boolean;
  /** Why voting did or did not decide. */
  reason: string;
}

/** Group candidates by final answer and find the plurality. */
export function voteOnAnswers(query: string, candidates: readonly string[]): VoteOutcome {
  const finals = candidates.map((c) => extractFinalAnswer(c, query));
  const answers = finals.map((f) => (f ? `${f.kind}:${f.value}` : undefined));
  const counts = new Map<string, number>();
  for (const a of answers) if (a !== undefined) counts.set(a, (counts.get(a) ?? 0) + 1);
  const support = answers.map((a) => (a === undefined ? 0 : counts.get(a)!));
  const readable = answers.filter((a) => a !== undefined).length;
  const steps = stepAgreement(candidates);
  const none = { answers, support, steps, leaders: [], topVotes: 0, decisive: false };
  if (candidates.length < 3) return { ...none, reason: "voting needs at least three candidates" };
  // Short spans only count when most candidates are short answers; numbers and letters always do.
  if (readable * 2 < candidates.length) return { ...none, reason: "too few candidates state a final answer" };
  const topVotes = Math.max(...counts.values());
  const leaders = [...counts.entries()].filter(([, n]) => n === topVotes).map(([a]) => a).sort();
  const shown = (a: string): string => a.slice(a.indexOf(":") + 1);
  if (topVotes < 2) return { answers, support, steps, leaders, topVotes, decisive: false, reason: "every final answer differs" };
  if (leaders.length > 1) {
    return { answers, support, steps, leaders, topVotes, decisive: false, reason: `vote tied ${topVotes}-${topVotes} between ${leaders.map(shown).join(" and ")}` };
  }
  return { answers, support, steps, leaders, topVotes, decisive: true, reason: `${topVotes} of ${candidates.length} candidates agree on ${shown(leaders[0]!)}` };
}

/** Agreed steps (per other candidate) at which step agreement counts in full. */
const FULL_STEP_AGREEMENT = 3;

/**
 * Self-consistency below the final answer: how many of a candidate's
 * intermediate results (checked calculations such as "16 - 3 = 13") other
 * candidates also reach, on average per other candidate, scaled to 0..1
 * (three shared steps count in full). Solutions that diverge at the end
 * still agree on the steps that are right, so when final answers tie, the
 * solution whose steps the others corroborate is the safer pick.
 */
export function stepAgreement(candidates: readonly string[]): number[] {
  const results = candidates.map((c) => new Set(findArithmeticClaims(c).map((claim) => Math.round(claim.stated * 1e4) / 1e4)));
  const others = Math.max(1, candidates.length - 1);
  return results.map((mine, i) => {
    let shared = 0;
    results.forEach((theirs, j) => {
      if (j === i) return;
      for (const value of mine) if (theirs.has(value)) shared++;
    });
    return Math.min(1, shared / others / FULL_STEP_AGREEMENT);
  });
}
