import { describe, expect, it } from "vitest";
import { getEventListeners } from "node:events";
import { onAbort, raceAbort } from "../../src/agents/signals.js";

describe("shared abort listeners", () => {
  it("adds one listener to a signal however many calls wait on it, and notifies each once", () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    let notified = 0;
    const unsubscribe = Array.from({ length: 50 }, () => onAbort(controller.signal, () => notified++));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    unsubscribe[0]!();
    controller.abort();
    process.off("warning", onWarning);
    expect(notified).toBe(49);
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("raceAbort settles with the promise, or rejects with the reason once the signal aborts", async () => {
    const controller = new AbortController();
    await expect(raceAbort(Promise.resolve(1), controller.signal)).resolves.toBe(1);
    const pending = raceAbort(new Promise(() => {}), controller.signal, () => new Error("stopped"));
    controller.abort();
    await expect(pending).rejects.toThrow("stopped");
    await expect(raceAbort(Promise.resolve(2), controller.signal)).rejects.toBeDefined();
  });
});
