/**
 * Abort signals shared by many agent calls.
 *
 * LangGraph hands every task of a superstep the same abort signal. A listener
 * per waiting or running agent call on it would pass Node's limit of 10 at
 * any fan-out wider than that and print `MaxListenersExceededWarning` in the
 * user's process. llmgenie's own waits share one real listener per signal
 * (`onAbort`); the listener `@langchain/core` adds per task is allowed for on
 * that signal alone (`allowListenerPerTask`), never in the process's default.
 */
import { setMaxListeners } from "node:events";

const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Call `listener` once when `signal` aborts (not at all if it already has:
 * check `signal.aborted` first).
 *
 * @returns the unsubscribe function; call it when the listener is no longer needed
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  let listeners = subscribers.get(signal);
  if (!listeners) {
    const fresh = new Set<() => void>();
    subscribers.set(signal, fresh);
    signal.addEventListener("abort", () => [...fresh].forEach((notify) => notify()), { once: true });
    listeners = fresh;
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * `promise`, or a rejection with `reason()` as soon as `signal` aborts,
 * whichever comes first.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, reason: () => unknown = () => signal.reason): Promise<T> {
  if (signal.aborted) return Promise.reject(reason());
  return new Promise<T>((resolve, reject) => {
    const unsubscribe = onAbort(signal, () => reject(reason()));
    promise.then(resolve, reject).finally(unsubscribe);
  });
}

/**
 * Lift Node's listener limit on the abort signal LangGraph shares among the
 * tasks of a superstep, for that signal only. `@langchain/core` adds one
 * listener per running task to it (`raceWithSignal`, langgraphjs#1014) and
 * removes each when its task ends, so a fan-out wider than 10 warns of a leak
 * that is none. Tasks start in lockstep and a task's node starts before its
 * own listener is added: called first thing in an agent node, this runs
 * before the others pass the limit. The process's default stays as it is.
 */
export function allowListenerPerTask(signal: AbortSignal | undefined): void {
  if (signal) setMaxListeners(0, signal);
}
