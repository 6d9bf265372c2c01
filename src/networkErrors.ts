/**
 * Why a request got no response, from the error Node's `fetch` (undici)
 * throws: shared by agent errors, `doctor` and model downloads.
 */

/** The first error `code` (e.g. `ECONNREFUSED`) along the `cause` chain. */
export const causeCode = (error: unknown): string | undefined => {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
};

/**
 * Why `fetch` got no response at all, when that is what `error` is: Node's
 * `fetch` rejects with `TypeError("fetch failed")` whose cause says why (a
 * connect timeout to a machine that is off, a TLS error, a port `fetch`
 * refuses), often with a code, sometimes with none.
 */
export function noResponseReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof TypeError && current.message === "fetch failed") {
      const cause = current.cause as { message?: unknown } | undefined;
      return causeCode(cause) ?? (typeof cause?.message === "string" && cause.message ? cause.message : "no response");
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
