/**
 * The run-wide cap on agent calls in flight (`maxConcurrency`).
 *
 * llmgenie enforces the cap itself, with one p-limit limiter per run, around
 * the model call of `runAgent`, instead of relying on LangGraph's
 * `maxConcurrency`: LangGraph 1.7.3's task loop silently drops every task
 * after the first when it is 1 (langgraphjs#2656). The graphs give LangGraph's
 * loop the cap but never less than 2 (see `src/graphs/compile.ts`), so it
 * bounds the tasks started; a started task waits here for a slot, and an
 * agent's time limit starts once it has one.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type { RunnableConfig } from "@langchain/core/runnables";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { ConfigurationSchema } from "../configuration.js";
import { RUN_SCOPE_KEY } from "../runScope.js";

/** A run's limiter; absent for an uncapped run. */
export type RunSlots = LimitFunction;

/** What a run carries for its whole length, under `RUN_SCOPE_KEY`: its limiter, if it is capped. */
export interface RunScope {
  slots?: RunSlots;
}

const positiveInt = ConfigurationSchema.shape.maxConcurrency;

/** The cap a run asks for: `configurable.maxConcurrency`, else LangGraph's own `maxConcurrency` key. */
export function requestedConcurrency(config: RunnableConfig | undefined): number | undefined {
  const configured = positiveInt.safeParse(config?.configurable?.maxConcurrency);
  if (configured.success && configured.data !== undefined) return configured.data;
  const langGraphs = positiveInt.safeParse(config?.maxConcurrency);
  return langGraphs.success && Number.isFinite(langGraphs.data) ? langGraphs.data : undefined;
}

/**
 * The scope of the run `config` belongs to: its own (every run a graph of
 * llmgenie starts has one, so its calls need no async-context lookup), else
 * the ambient one of the run it is nested in.
 */
function runScopeOf(config: RunnableConfig | undefined): RunScope | undefined {
  return (config?.configurable?.[RUN_SCOPE_KEY] ?? AsyncLocalStorageProviderSingleton.getRunnableConfig()?.configurable?.[RUN_SCOPE_KEY]) as
    | RunScope
    | undefined;
}

/** The limiter of the run `config` belongs to; undefined for an uncapped run. */
export const runSlotsOf = (config: RunnableConfig | undefined): RunSlots | undefined => runScopeOf(config)?.slots;

/**
 * The config a graph run starts with: the run's scope in `configurable`, with
 * its limiter (a top-level run gets a new scope, with a limiter when it asks
 * for a cap; a nested run keeps its parent's, unless the parent is uncapped
 * and it asks for a cap). LangGraph's task loop gets the same cap but never below 2
 * (at 1 it drops every task after the first), so a wide fan-out does not start
 * thousands of tasks that each hold their state, config and run tree while
 * they wait; the limiter enforces the exact cap. Uncapped: `Infinity`, not
 * `undefined`, as LangGraph copies an ambient `maxConcurrency` over an undefined one.
 *
 * @param config - the config the graph was invoked or streamed with
 */
export function withRunSlots<C extends RunnableConfig>(config: C | undefined): C {
  const inherited = runScopeOf(config);
  const requested = inherited?.slots ? undefined : requestedConcurrency(config);
  const slots = inherited?.slots ?? createRunSlots(requested);
  const scope: RunScope = inherited && requested === undefined ? inherited : slots ? { slots } : {};
  return {
    ...(config as C),
    maxConcurrency: slots ? Math.max(2, slots.concurrency) : Number.POSITIVE_INFINITY,
    configurable: { ...config?.configurable, [RUN_SCOPE_KEY]: scope },
  };
}

/** A limiter for `maxConcurrency` calls at once; none for an uncapped run. */
export const createRunSlots = (maxConcurrency: number | undefined): RunSlots | undefined =>
  maxConcurrency === undefined ? undefined : pLimit(maxConcurrency);

/**
 * Run `call` in one of the run's slots (at once when the run is uncapped).
 * A call whose run was cancelled while it waited does not start.
 *
 * @param config - the node's config, which carries the run's limiter
 * @param call - the agent call
 */
export function withRunSlot<T>(config: RunnableConfig, call: () => Promise<T>): Promise<T> {
  const slots = runSlotsOf(config);
  if (!slots) return call();
  return slots(() => {
    config.signal?.throwIfAborted();
    return call();
  });
}
