/**
 * `selectBest`: pick the best of several candidate answers (interface.md,
 * "Picking the best answer"). Stages, each narrowing the set of candidates
 * still in contention:
 *
 * 1. rules  — every candidate scored by the quality validator.
 * 2. tests  — with `tests` and `executeCode: true`, code candidates run in the
 *             sandbox; those that pass (or pass the most assertions) stay.
 * 3. vote   — otherwise, if candidates state final answers, the largest
 *             group of agreeing answers stays (self-consistency).
 * 4. judge  — with a `judge`, the remaining candidates are compared pairwise
 *             in both orders; a consistent verdict decides.
 *
 * Within the set still in contention the rules' scores decide, and equal
 * scores are broken by content (see tiebreak.ts), never by position, so the
 * same candidates in another order give the same pick. Without a judge no
 * model is called and the result is deterministic.
 */
import type { RunnableConfig } from "@langchain/core/runnables";
import { resolveAgentSpec, type ChatAgent } from "../agents/resolve.js";
import { NO_USAGE } from "../agents/invoke.js";
import { isResolvedAgent, parseSelectBestInput } from "./input.js";
import { judgeAgainstAnchor } from "./judge.js";
import { scoreByRules, weakestCriteria } from "./rules.js";
import { runCandidateTests, type CandidateTestResult } from "./testStage.js";
import { rankIndices } from "./tiebreak.js";
import type { SelectBestInput, SelectBestResult, SelectionMethod } from "./types.js";
import { voteOnAnswers } from "./vote.js";

/** Where the selection stands after a stage. */
interface Standing {
  scores: number[];
  /** Candidates still in contention. */
  contenders: number[];
  method: SelectionMethod;
  reasons: string[];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Scores after a stage that kept `kept`: kept candidates land in 0.5..1 by
 * `within`, the others below 0.5 by `outside`, so the pick always has the top score.
 */
function tiered(n: number, kept: ReadonlySet<number>, within: (i: number) => number, outside: (i: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => round6(kept.has(i) ? 0.5 + 0.5 * within(i) : 0.49 * outside(i)));
}

const label = (i: number): string => `#${i}`;

function testsStage(standing: Standing, rules: number[], results: CandidateTestResult[]): Standing {
  const n = rules.length;
  const passers = results.flatMap((r, i) => (r.passed ? [i] : []));
  const lines = results.map((r, i) => `${label(i)} ${r.summary}`);
  if (passers.length > 0 && passers.length < n) {
    const kept = new Set(passers);
    return {
      scores: tiered(n, kept, (i) => rules[i]!, (i) => 0.5 * results[i]!.passRate + 0.5 * rules[i]!),
      contenders: passers,
      method: "tests",
      reasons: [`tests passed by ${passers.map(label).join(", ")} of ${n}`, ...lines],
    };
  }
  if (passers.length === 0) {
    // Nobody passes: more assertions held is still evidence.
    const best = Math.max(...results.map((r) => r.passRate));
    const leaders = results.flatMap((r, i) => (r.passRate === best ? [i] : []));
    if (best > 0 && leaders.length < n) {
      const kept = new Set(leaders);
      return {
        scores: tiered(n, kept, (i) => rules[i]!, (i) => 0.5 * results[i]!.passRate + 0.5 * rules[i]!),
        contenders: leaders,
        method: "tests",
        reasons: [`no candidate passes; ${leaders.map(label).join(", ")} pass the most assertions (${Math.round(best * 100)}%)`, ...lines],
      };
    }
    return { ...standing, reasons: [...standing.reasons, "tests: no candidate passes; rules decide", ...lines] };
  }
  return { ...standing, reasons: [...standing.reasons, "tests: every candidate passes; rules decide", ...lines] };
}

/** Weight of step agreement next to the rules when final answers tie. */
const STEP_AGREEMENT_WEIGHT = 0.1;

function voteStage(standing: Standing, rules: number[], query: string, candidates: readonly string[]): Standing {
  const outcome = voteOnAnswers(query, candidates);
  if (outcome.leaders.length === 0) return standing;
  const n = candidates.length;
  const kept = new Set(outcome.answers.flatMap((a, i) => (a !== undefined && outcome.leaders.includes(a) ? [i] : [])));
  const share = (i: number): number => outcome.support[i]! / n;
  if (outcome.decisive) {
    const scores = tiered(n, kept, (i) => rules[i]!, (i) => 0.5 * share(i) + 0.5 * rules[i]!);
    return { scores, contenders: [...kept], method: "vote", reasons: [outcome.reason] };
  }
  // Tied final answers: the rules decide, helped by agreement on intermediate steps. Only
  // for numeric or multiple-choice answers that every candidate states; otherwise a
  // candidate would drop out merely for not ending in a short answer.
  const comparable = outcome.answers.every((a) => a !== undefined && /^(number|choice):/u.test(a));
  if (!comparable) return { ...standing, reasons: [...standing.reasons, `${outcome.reason}; rules decide`] };
  const within = (i: number): number => (1 - STEP_AGREEMENT_WEIGHT) * rules[i]! + STEP_AGREEMENT_WEIGHT * outcome.steps[i]!;
  const scores = tiered(n, kept, within, (i) => 0.5 * share(i) + 0.5 * rules[i]!);
  const agreement = [...kept].map((i) => `${label(i)} ${Math.round(outcome.steps[i]! * 100)}%`).join(", ");
  return { scores, contenders: [...kept], method: "rules", reasons: [`${outcome.reason}; rules decide, with agreement on intermediate steps (${agreement})`] };
}

function toAgent(judge: NonNullable<SelectBestInput["judge"]>): ChatAgent {
  return isResolvedAgent(judge) ? judge : resolveAgentSpec("judge", judge);
}

/**
 * Pick the best candidate answer for `query`. Rejects only for invalid input
 * (an Error naming the field) or cancellation through `config.signal`; a
 * failing judge or sandbox falls back to the other stages with a warning.
 */
export async function selectBest(input: SelectBestInput, config?: RunnableConfig): Promise<SelectBestResult> {
  const { query, candidates, tests, judge, executeCode, sandbox } = parseSelectBestInput(input);
  config?.signal?.throwIfAborted();
  const n = candidates.length;
  const warnings: string[] = [];
  const rules = scoreByRules(query, candidates);
  const ruleScores = rules.scores;

  let standing: Standing = {
    scores: ruleScores.map(round6),
    contenders: candidates.map((_, i) => i),
    method: "rules",
    reasons: [],
  };
  if (n === 1) return finish(standing, candidates, rules.reports, NO_USAGE, warnings, ["only one candidate"]);

  if (tests !== undefined && tests.trim() !== "") {
    if (!executeCode) {
      standing.reasons.push("tests not run: executeCode is false");
    } else {
      const results = await runCandidateTests(candidates, tests, sandbox, config?.signal);
      config?.signal?.throwIfAborted();
      standing = testsStage(standing, ruleScores, results);
    }
  }
  if (standing.method === "rules") standing = voteStage(standing, ruleScores, query, candidates);

  let usage = NO_USAGE;
  if (judge && standing.contenders.length >= 2) {
    const ranked = rankIndices(standing.scores, candidates).filter((i) => standing.contenders.includes(i));
    const anchor = ranked[0]!;
    const challengers = ranked.slice(1);
    const before = standing.method;
    const outcome = await judgeAgainstAnchor(toAgent(judge), query, candidates, anchor, challengers, config, config?.maxConcurrency ?? 4);
    usage = outcome.usage;
    const failures = outcome.pairs.filter((p) => p.failure);
    if (failures.length > 0) {
      const allFailed = failures.length === outcome.pairs.length;
      warnings.push(`judge failed: ${failures[0]!.failure}${allFailed ? `; ${before} decided` : ` (${failures.length} of ${outcome.pairs.length} comparisons)`}`);
    }
    const winners = outcome.pairs.filter((p) => p.outcome === "challenger").map((p) => p.challenger);
    const decided = outcome.pairs.filter((p) => p.outcome !== "tie");
    if (decided.length > 0) {
      const judgeScore = new Map<number, number>();
      for (const p of outcome.pairs) judgeScore.set(p.challenger, p.outcome === "challenger" ? 1 : p.outcome === "tie" ? 0.5 : 0);
      judgeScore.set(anchor, winners.length > 0 ? 0 : 1);
      const kept = new Set(standing.contenders);
      const prior = standing.scores;
      standing = {
        // The judge's verdict dominates (0.75) so its pick always has the top score; the prior orders equals.
        scores: tiered(n, kept, (i) => 0.75 * judgeScore.get(i)! + 0.25 * prior[i]!, (i) => Math.min(1, prior[i]! / 0.49)),
        contenders: winners.length > 0 ? winners : [anchor],
        method: "judge",
        reasons: [
          ...decided.map((p) =>
            p.outcome === "challenger"
              ? `judge preferred ${label(p.challenger)} over ${label(p.anchor)} in both orders: ${p.detail}`
              : `judge preferred ${label(p.anchor)} over ${label(p.challenger)} in both orders: ${p.detail}`,
          ),
          ...standing.reasons,
        ],
      };
    } else {
      const why = outcome.pairs.map((p) => `${label(p.anchor)} vs ${label(p.challenger)}: ${p.detail}`).join("; ");
      standing.reasons.push(`judge undecided (${why}); ${before} decided`);
    }
  }
  return finish(standing, candidates, rules.reports, usage, warnings, []);
}

function finish(
  standing: Standing,
  candidates: readonly string[],
  reports: ReturnType<typeof scoreByRules>["reports"],
  usage: SelectBestResult["usage"],
  warnings: string[],
  extra: string[],
): SelectBestResult {
  const index = rankIndices(standing.scores, candidates)[0]!;
  const runnerUp = rankIndices(standing.scores, candidates)[1];
  const ruleNotes = [`rules: ${label(index)} scored ${reports[index]!.score.toFixed(3)}${runnerUp !== undefined ? `, next ${label(runnerUp)} ${reports[runnerUp]!.score.toFixed(3)}` : ""}`];
  if (runnerUp !== undefined) {
    const weak = weakestCriteria(reports[runnerUp]!);
    if (weak.length) ruleNotes.push(`${label(runnerUp)} lost on ${weak.join("; ")}`);
  }
  return { index, scores: standing.scores, method: standing.method, reasons: [...extra, ...standing.reasons, ...ruleNotes], usage, warnings };
}
