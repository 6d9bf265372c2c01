/** Answer quality: a deterministic, explainable 0..1 score for code and text answers. */
export { validateAnswer } from "./validate.js";
export { detectKind, queryAsksForCode } from "./kind.js";
export type { CriterionScore, QualityReport, ValidateOptions } from "./types.js";
export { extractFinalAnswer, type FinalAnswer } from "./signals/finalAnswer.js";
export { extractCode, type ExtractedCode, type CodeLanguage } from "./code/extract.js";
export { findArithmeticClaims, evaluateExpression, type ArithmeticClaim } from "./signals/arithmetic.js";
export { textSimilarity, similarityMatrix } from "./similarity.js";
