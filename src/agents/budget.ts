/**
 * Token budgets: a run stops starting model calls once its tokens reach the
 * budget. One mechanism for every mode and every kind of call:
 *
 * - counting: a `TokenMeter` is a LangChain callback handler in the run's
 *   callbacks, so it sees the end of every model call of the run — agent
 *   attempts, planning, merging, judging, classifying — with its usage,
 *   including calls inside `Send` tasks and mode subgraphs, which cannot see
 *   each other's state until a step ends;
 * - refusing: `assertWithinBudget` runs before each call starts (the
 *   `runAgent` node and `withTimeLimit`, which every coordinator call goes
 *   through). Calls already in flight finish and their answers are kept.
 */
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Callbacks } from "@langchain/core/callbacks/manager";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { LLMResult } from "@langchain/core/outputs";
import { usageOf } from "./invoke.js";

const METER_NAME = "llmgenie_token_meter";

/** A model call refused because the run's token budget is spent. Not retried, not a model failure. */
export class TokenBudgetError extends Error {
  override name = "TokenBudgetError";
}

/**
 * Counts the tokens of a run's model calls and says when the budget is
 * reached. One per run: put it in the run's `callbacks` (the
 * `AgentOrchestrator` and the served graphs do so for `tokenBudget`).
 *
 * @example
 * const graph = createParallelGraph().compile();
 * await graph.invoke(input, { callbacks: [new TokenMeter(2_000)] });
 */
export class TokenMeter extends BaseCallbackHandler {
  name = METER_NAME;
  // Counted before the call's promise resolves, so the next call's check sees it.
  override awaitHandlers = true;
  /** Tokens used so far (input + output). */
  used: number;
  /** Calls refused because the budget was reached. */
  refused = 0;

  /**
   * @param budget - tokens (input + output) the run may use
   * @param used - tokens already used, e.g. by the part of a resumed run that ran before
   */
  constructor(
    readonly budget: number,
    used = 0,
  ) {
    super();
    this.used = used;
  }

  override handleLLMEnd(output: LLMResult): void {
    for (const generation of output.generations.flat()) {
      const { inputTokens, outputTokens } = usageOf((generation as { message?: unknown }).message);
      this.used += inputTokens + outputTokens;
    }
  }

  get reached(): boolean {
    return this.used >= this.budget;
  }

  /** "token budget of 2000 reached (2150 used)". */
  get message(): string {
    return `token budget of ${this.budget} reached (${this.used} used)`;
  }

  /** Before a call: undefined when it may start, else the reason (and the refusal is remembered). */
  refusal(): string | undefined {
    if (!this.reached) return undefined;
    this.refused++;
    return this.message;
  }
}

/** The run's meter, from its callbacks (a handler list, or a callback manager in nested configs). */
export function tokenMeterOf(config?: RunnableConfig): TokenMeter | undefined {
  const callbacks: Callbacks | undefined = config?.callbacks;
  const handlers = Array.isArray(callbacks) ? callbacks : (callbacks?.handlers ?? []);
  // By name, not instanceof: the source and the built package may both be loaded.
  return handlers.find((handler): handler is TokenMeter => (handler as { name?: string }).name === METER_NAME);
}

/** Before a model call: throws `TokenBudgetError` when the run's budget is spent. */
export function assertWithinBudget(config?: RunnableConfig): void {
  const refusal = tokenMeterOf(config)?.refusal();
  if (refusal) throw new TokenBudgetError(refusal);
}

/**
 * A run that did all its work but went past its budget with calls that were
 * already running (none was refused): a warning, so a budget that was too small
 * does not pass unnoticed.
 */
export function budgetOverrun(config?: RunnableConfig): string | undefined {
  const meter = tokenMeterOf(config);
  if (!meter?.reached || meter.refused > 0) return undefined;
  return `token budget of ${meter.budget} passed (${meter.used} used) by calls that had started before it was reached; none was refused`;
}

/** Why the run stopped short: the budget message once a call was refused, else undefined. */
export function budgetShortfall(config?: RunnableConfig): string | undefined {
  const meter = tokenMeterOf(config);
  return meter && meter.refused > 0 ? meter.message : undefined;
}
