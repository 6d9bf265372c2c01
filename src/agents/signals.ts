/**
 * Abort listeners that share one real listener per signal.
 *
 * LangGraph hands every task of a superstep the same abort signal. A listener
 * per waiting or running agent call on it would pass Node's limit of 10 at
 * any fan-out wider than that and print `MaxListenersExceededWarning` in the
 * user's process; raising the limit would be changing the user's process.
 * So each signal gets one listener, and the calls subscribe to it.
 */
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
