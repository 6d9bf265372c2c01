export { AgentOrchestrator, DEFAULT_CHECKPOINT_PATH, type OrchestrateOptions, type OrchestrationEvent } from "./orchestrator.js";
export type { AgentEvent } from "./nodes/runAgent.js";
export type { PlanEvent } from "./nodes/planTasks.js";
export { InvalidInputError, MAX_QUERY_CHARS, MAX_SUBTASKS, type OrchestrateInput, type OrchestratorOptions } from "./input.js";
export type { AgentResult, OrchestrationResult } from "./result.js";
export { ExecutionMode, CoordinationType, TASK_TYPES, type TaskType, type Classification, type Handoff } from "./state/schemas.js";
export { OrchestrationState, OrchestrationInput, OrchestrationOutput } from "./state/state.js";
export { ConfigurationSchema, ServedConfigurationSchema, DEFAULT_AGENTS, type AgentSpec, type Configuration } from "./configuration.js";
export { ReviewDecisionSchema, type ReviewDecision, type PlanReviewRequest } from "./nodes/reviewPlan.js";
export { createParallelGraph } from "./graphs/parallel.js";
export { createSequentialGraph } from "./graphs/sequential.js";
export { createCollaborativeGraph } from "./graphs/collaborative.js";
export { createOrchestratorGraph } from "./graphs/orchestrator.js";
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
