export { evaluateStrategies, PASS_QUALITY, type EvaluateOptions, type EvalProgress, type EvalReport, type EvalRecommendation } from "./evaluate.js";
export { parseDataset, loadDataset, EvalItemSchema, CheckSchema, type EvalItem, type Check } from "./dataset.js";
export { runCheck, type CheckOutcome } from "./checks.js";
export { wilsonInterval, signTest, percentile, summarize, compare, recommend, ALPHA, type Outcome, type StrategySummary, type Comparison, type Pick } from "./stats.js";
export { defaultStrategies, resolveStrategies, evalIdOf } from "./strategies.js";
export { markdownReport, qualityLatencySvg, type MarkdownReportOptions } from "./report.js";
export { formatTextReport } from "./table.js";
