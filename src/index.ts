export { AgentOrchestrator, DEFAULT_CHECKPOINT_PATH, type OrchestrateOptions, type ResumeOptions, type OrchestrationEvent } from "./orchestrator.js";
export type { AgentCall, AgentEvent } from "./nodes/runAgent.js";
export type { PlanEvent } from "./nodes/planTasks.js";
export type { RouteEvent } from "./classification/learnedRoute.js";
export { InvalidInputError, MAX_QUERY_CHARS, MAX_SUBTASKS, type OrchestrateInput, type OrchestratorOptions } from "./input.js";
export type { AgentResult, OrchestrationResult } from "./result.js";
export type { ToolCallRecord } from "./state/schemas.js";
export { ExecutionMode, CoordinationType, TASK_TYPES, type TaskType, type Classification, type Handoff, type CascadeStep } from "./state/schemas.js";
export { OrchestrationState, OrchestrationInput, OrchestrationOutput } from "./state/state.js";
export { ConfigurationSchema, ServedConfigurationSchema, DEFAULT_AGENTS, type AgentSpec, type Configuration } from "./configuration.js";
export { ReviewDecisionSchema, type ReviewDecision, type PlanReviewRequest } from "./nodes/reviewPlan.js";
export { createParallelGraph } from "./graphs/parallel.js";
export { createSequentialGraph } from "./graphs/sequential.js";
export { createCollaborativeGraph } from "./graphs/collaborative.js";
export { createCascadeGraph, type CascadeGraphOptions } from "./graphs/cascade.js";
export { createOrchestratorGraph } from "./graphs/orchestrator.js";
export { TokenMeter, TokenBudgetError } from "./agents/budget.js";
export { costOfRun, priceOf, PricesSchema, ModelPriceSchema, type Prices, type ModelPrice, type RunCost, type AgentCost } from "./cost.js";
export type { ModeGraphOptions } from "./graphs/agentWork.js";
export type { HostOptions } from "./agents/hosts.js";
export { selectBest } from "./selection/index.js";
export { validateAnswer } from "./quality/index.js";
export { classifyByRules } from "./classification/rules.js";
export {
  createCheckpointer,
  closeCheckpointer,
  CheckpointerError,
  CHECKPOINT_DATABASE_ENV,
  databaseUrlFromEnv,
  type CheckpointerOptions,
} from "./checkpointer.js";
export { flushTraces, modeTracing, TRACE_TAG } from "./tracing.js";
export {
  EmbeddedChatModel,
  DEFAULT_MAX_TOKENS,
  type EmbeddedChatModelFields,
  type EmbeddedChatModelCallOptions,
} from "./models/embeddedChatModel.js";
export {
  DEFAULT_EMBEDDED_MODEL,
  embeddedModelSpec,
  ensureModelFile,
  listCachedModels,
  modelsDir,
  InvalidModelError,
  ModelDownloadError,
  type CachedModel,
  type DownloadProgress,
  type EnsureModelOptions,
} from "./models/modelCache.js";
export { EmbeddedRuntimeError } from "./models/errors.js";
export { chooseDefaultAgents, type DefaultAgentChoice } from "./agents/defaultAgents.js";
export { evaluateStrategies, openRunStore, disposeEmbeddedModels } from "./lazy.js";
export type { EvaluateOptions, EvalProgress, EvalReport, EvalRecommendation } from "./eval/evaluate.js";
export type { EvalItem, Check } from "./eval/dataset.js";
export type { StrategySummary, Comparison } from "./eval/stats.js";
export type { RunStore, RunRecord, AttemptRecord, StoredRun, AgentStat, StrategyOutcome } from "./store/types.js";
export type { RunStoreSpec } from "./store/open.js";
export { MODE_STRATEGIES } from "./strategy.js";
export { runJavaScriptTool } from "./agents/runJavaScriptTool.js";
export { DEFAULT_MAX_TOOL_CALLS, type AgentDefinition, type LangGraphAgent } from "./agents/definitions.js";
export { McpConnections, McpServerError, type McpServer, type McpServers } from "./agents/mcp.js";
export type { ToolEvent } from "./agents/toolCalls.js";
