export { openRunStore, DEFAULT_RUN_STORE_PATH, RunStoreError, isRunStore, type RunStoreSpec } from "./open.js";
export { toRunRecord, type RunRecordExtras } from "./record.js";
export { SCHEMA_VERSION } from "./schema.js";
export type { RunStore, RunRecord, AttemptRecord, StoredRun, AgentStat, StrategyOutcome, EvalRef } from "./types.js";
