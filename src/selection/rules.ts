/**
 * The rules stage: every candidate scored by `validateAnswer`, all with the
 * same kind (code or text) so that their scores are comparable.
 */
import { detectKind, queryAsksForCode, validateAnswer, type QualityReport } from "../quality/index.js";

export interface RulesOutcome {
  kind: "code" | "text";
  reports: QualityReport[];
  scores: number[];
}

/**
 * One kind for the whole set: code when the query asks for code and any
 * candidate is code (a prose refusal then scores low as code), or when every
 * candidate is code; text otherwise. Order-independent by construction.
 */
export function kindForSet(query: string, candidates: readonly string[]): "code" | "text" {
  const kinds = candidates.map((c) => detectKind(query, c));
  if (kinds.every((k) => k === "code")) return "code";
  return kinds.includes("code") && queryAsksForCode(query) ? "code" : "text";
}

/** Score each candidate with the quality validator. */
export function scoreByRules(query: string, candidates: readonly string[]): RulesOutcome {
  const kind = kindForSet(query, candidates);
  const reports = candidates.map((c) => validateAnswer(query, c, { kind }));
  return { kind, reports, scores: reports.map((r) => r.score) };
}

/** The criteria that cost a report most (weight × shortfall), as "name: note". */
export function weakestCriteria(report: QualityReport, limit = 2): string[] {
  return Object.entries(report.criteria)
    .filter(([, c]) => c.score < 0.999 && (c.weight > 0 || c.score < 0.5))
    .sort((a, b) => b[1].weight * (1 - b[1].score) - a[1].weight * (1 - a[1].score))
    .slice(0, limit)
    .map(([name, c]) => `${name}: ${c.note}`);
}
