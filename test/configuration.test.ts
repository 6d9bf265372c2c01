/**
 * `getConfiguration` parses a run's settings once per distinct settings:
 * every node call of a run asks, each from a fresh `configurable` object.
 * What it returns must be what a fresh parse would return.
 */
import { describe, expect, it } from "vitest";
import { ConfigurationError, getConfiguration } from "../src/configuration.js";

describe("getConfiguration", () => {
  const agents = { coder: "codellama:7b-instruct", writer: "llama3:latest" };

  it("returns the same parse for the same settings in a fresh configurable object", () => {
    const first = getConfiguration({ configurable: { agents, maxConcurrency: 2, __pregel_task: "a" } });
    const second = getConfiguration({ configurable: { agents, maxConcurrency: 2, __pregel_task: "b" } });
    expect(second).toBe(first);
    expect(first).toMatchObject({ agents, maxConcurrency: 2, classifier: "rules", hosts: {} });
  });

  it("parses again when any setting differs, also with the same agents object", () => {
    const capped = getConfiguration({ configurable: { agents, maxConcurrency: 2 } });
    const other = getConfiguration({ configurable: { agents, maxConcurrency: 3 } });
    expect(other.maxConcurrency).toBe(3);
    expect(getConfiguration({ configurable: { agents } }).maxConcurrency).toBeUndefined();
    expect(getConfiguration({ configurable: { agents, maxConcurrency: 2 } })).toEqual(capped);
  });

  it("still rejects a bad setting after a good parse of the same agents, naming the field", () => {
    getConfiguration({ configurable: { agents, agentTimeoutMs: 1000 } });
    expect(() => getConfiguration({ configurable: { agents, agentTimeoutMs: -1 } })).toThrow(ConfigurationError);
    expect(() => getConfiguration({ configurable: { agents, agentTimeoutMs: -1 } })).toThrow(/agentTimeoutMs/);
  });

  it("reads a run's context, with configurable keys winning, and a configurable null clears a context value", () => {
    const config = { context: { agents, maxConcurrency: 4, planner: "writer" }, configurable: { maxConcurrency: 1, planner: null } };
    const parsed = getConfiguration(config as never);
    expect(parsed.maxConcurrency).toBe(1);
    expect(parsed.planner).toBeUndefined();
    expect(parsed.agents).toEqual(agents);
  });

  it("uses the default agents when none are given", () => {
    expect(Object.keys(getConfiguration({}).agents)).toEqual(["mistral", "codellama", "llama3"]);
    expect(getConfiguration(undefined)).toBe(getConfiguration({ configurable: {} }));
  });
});
