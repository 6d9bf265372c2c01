export { classifyByRules, confidenceOf, estimateComplexity, scoreTaskTypes, TIE_ORDER, type RulesOptions } from "./rules.js";
export { DEFAULT_MODE_BY_TASK_TYPE, suggestMode, type ModeSuggestion } from "./mode.js";
export { classifierMessages, LlmClassificationSchema, type LlmClassification } from "./llm.js";
