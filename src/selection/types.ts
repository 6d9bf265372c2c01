import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { ChatAgent } from "../agents/resolve.js";
import type { Usage } from "../state/schemas.js";

/** What decided the pick (public contract, interface.md "Picking the best answer"). */
export type SelectionMethod = "rules" | "tests" | "vote" | "judge";

/** Limits of the sandbox that runs `tests` against code candidates. */
export interface SandboxOptions {
  /** Wall-clock limit per candidate run, ms (default 5000). */
  timeoutMs?: number;
  /** V8 old-space limit per run, MB (default 128). */
  memoryMb?: number;
  /** Runs at once (default: 2, or fewer cores). */
  concurrency?: number;
}

export interface SelectBestInput {
  query: string;
  candidates: string[];
  /** JavaScript run after each code candidate; a failing `console.assert` is a failure. */
  tests?: string;
  /** LLM judge: a chat model or a resolved agent. Omitted: no model call. */
  judge?: BaseChatModel | ChatAgent;
  /** Allow running `tests` (default false). */
  executeCode?: boolean;
  /** Sandbox limits for `tests` (extra, optional). */
  sandbox?: SandboxOptions;
}

export interface SelectBestResult {
  /** Index into `candidates` of the pick. */
  index: number;
  /** 0..1 per candidate; the pick has the highest. */
  scores: number[];
  method: SelectionMethod;
  /** Human-readable reasons, most decisive first. */
  reasons: string[];
  /** Tokens spent by the judge (zeros without one). */
  usage: Usage;
  /** Problems that did not stop the selection, e.g. "judge failed: …; rules decided". */
  warnings: string[];
}
