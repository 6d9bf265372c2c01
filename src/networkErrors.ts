/**
 * Whether a server answers, and why a request got no response, from the
 * error Node's `fetch` (undici) throws: shared by the default switch, agent
 * errors, `doctor` and model downloads.
 */

/** `error` and the errors along its `cause` chain (at most five). */
function* causeChain(error: unknown): Generator<unknown> {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** The first error `code` (e.g. `ECONNREFUSED`) along the `cause` chain. */
export function causeCode(error: unknown): string | undefined {
  for (const current of causeChain(error)) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * Why `fetch` got no response at all, when that is what `error` is: Node's
 * `fetch` rejects with `TypeError("fetch failed")` whose cause says why (a
 * connect timeout to a machine that is off, a TLS error, a port `fetch`
 * refuses), often with a code, sometimes with none.
 */
export function noResponseReason(error: unknown): string | undefined {
  for (const current of causeChain(error)) {
    if (current instanceof TypeError && current.message === "fetch failed") {
      const cause = current.cause as { message?: unknown } | undefined;
      return causeCode(cause) ?? (typeof cause?.message === "string" && cause.message ? cause.message : "no response");
    }
  }
  return undefined;
}

/**
 * Why nothing answers at `url` within `timeoutMs`; undefined when a server
 * answers, with any status (there is a server: what it thinks of the request,
 * the caller finds out).
 *
 * @throws the abort reason when `signal` aborts
 */
export async function noAnswerReason(
  url: string | URL,
  timeoutMs: number,
  { method, signal }: { method?: string; signal?: AbortSignal } = {},
): Promise<string | undefined> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { method, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    return noResponseReason(error) ?? (error instanceof Error ? error.message : String(error));
  }
}
