/**
 * `ModelHost` on its own: the in-flight cap, admission by model on a host
 * that reports what it holds, and cancellation while a call waits.
 */
import { afterAll, describe, expect, it } from "vitest";
import { HostPool, hostKey } from "../../src/agents/hosts.js";
import { startOllamaServer } from "../support/ollamaServer.js";

const withLoaded = await startOllamaServer({ scheduler: { loaded: ["beta:1b"] } });
const silent = await startOllamaServer(); // no scheduler: GET /api/ps answers 404
afterAll(() => Promise.all([withLoaded.close(), silent.close()]));

/** A call that records when it ran and takes `ms`. */
function recorder() {
  const order: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const call = (label: string, ms = 20) => async () => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    order.push(label);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight--;
    return label;
  };
  return { order, call, peak: () => peak };
}

describe("ModelHost", () => {
  it("keys hosts by origin and path", () => {
    expect(hostKey("http://gpu:11434/")).toBe("http://gpu:11434");
    expect(hostKey("http://127.0.0.1:11434/ollama/")).toBe("http://127.0.0.1:11434/ollama");
  });

  it("runs the calls of one model together, the loaded model first", async () => {
    const host = new HostPool().host(withLoaded.url, { maxParallel: 4, maxModels: 1 });
    const { order, call } = recorder();
    const calls = ["alpha:1b", "beta:1b", "alpha:1b", "beta:1b"].map((model, i) => host.run(model, call(`${model}#${i}`)));
    await Promise.all(calls);
    expect(order).toEqual(["beta:1b#1", "beta:1b#3", "alpha:1b#0", "alpha:1b#2"]);
  });

  it("never has more than maxParallel calls in flight", async () => {
    const host = new HostPool().host(silent.url, { maxParallel: 2 });
    const { call, peak } = recorder();
    await Promise.all(Array.from({ length: 7 }, (_, i) => host.run(`m${i % 3}:1b`, call(`c${i}`))));
    expect(peak()).toBe(2);
  });

  it("does not order by model on a host that does not report what it holds", async () => {
    const host = new HostPool().host(silent.url, { maxParallel: 4 });
    const { order, call } = recorder();
    await Promise.all(["alpha:1b", "beta:1b", "alpha:1b"].map((model, i) => host.run(model, call(`${model}#${i}`))));
    expect(order).toEqual(["alpha:1b#0", "beta:1b#1", "alpha:1b#2"]);
  });

  it("starts calls at once on a host known not to report what it holds: there is no model order to wait for", async () => {
    const host = new HostPool().host(silent.url, { maxParallel: 4 });
    await host.residency.get(); // asked once: 404, remembered for RESIDENCY_TTL_MS
    const { order, call } = recorder();
    const running = ["alpha:1b", "beta:1b"].map((model, i) => host.run(model, call(`${model}#${i}`)));
    // Admission by model lets a few event-loop turns pass so that one superstep's calls are seen together.
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(["alpha:1b#0", "beta:1b#1"]);
    await Promise.all(running);
  });

  it("rejects a waiting call when its signal aborts, and never runs it", async () => {
    const host = new HostPool().host(silent.url, { maxParallel: 1 });
    const { order, call } = recorder();
    const first = host.run("alpha:1b", call("first", 50));
    const controller = new AbortController();
    const second = host.run("alpha:1b", call("second"), controller.signal);
    controller.abort();
    await expect(second).rejects.toThrow(/abort/i);
    await first;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual(["first"]);
  });
});
