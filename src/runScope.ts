/**
 * `configurable` key of a graph run's scope: one object per top-level run,
 * created when it starts (`withRunSlots`, src/agents/limits.ts) and shared by
 * the runs nested in it. It carries the run's limiter, and its identity keys
 * what is cached for one run (`getConfiguration`). Internal: never a setting.
 */
export const RUN_SCOPE_KEY = "__llmgenie_run";
