/** Picking the best of several candidate answers (interface.md "Picking the best answer"). */
export { selectBest } from "./selectBest.js";
export type { SelectBestInput, SelectBestResult, SelectionMethod, SandboxOptions } from "./types.js";
export { parseSelectBestInput } from "./input.js";
export { runInSandbox, permissionFlag, DEFAULT_SANDBOX_LIMITS, type SandboxLimits, type SandboxResult } from "./sandbox.js";
export { voteOnAnswers, type VoteOutcome } from "./vote.js";
export { JUDGE_RUBRIC, JudgeVerdictSchema, type JudgeVerdict } from "./judge.js";
