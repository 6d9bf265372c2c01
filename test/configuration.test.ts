/**
 * `getConfiguration` parses a run's settings once per run and distinct
 * settings: every node call of a run asks, each from a fresh `configurable`
 * object. What it returns must be what a fresh parse would return.
 */
import { describe, expect, it } from "vitest";
import type { RunnableConfig } from "@langchain/core/runnables";
import { ConfigurationError, getConfiguration } from "../src/configuration.js";
import { withRunSlots } from "../src/agents/limits.js";

describe("getConfiguration", () => {
  const agents = { coder: "codellama:7b-instruct", writer: "llama3:latest" };
  /** A task's config in a run: the run's scope, as a graph run starts with (`withRunSlots`), plus settings. */
  const inRun = (run: RunnableConfig, settings: Record<string, unknown>): RunnableConfig => ({
    configurable: { ...run.configurable, ...settings },
  });

  it("returns the same parse for the same settings in a fresh configurable object of the same run", () => {
    const run = withRunSlots({});
    const first = getConfiguration(inRun(run, { agents, maxConcurrency: 2, __pregel_task: "a" }));
    const second = getConfiguration(inRun(run, { agents, maxConcurrency: 2, __pregel_task: "b" }));
    expect(second).toBe(first);
    expect(first).toMatchObject({ agents, maxConcurrency: 2, classifier: "rules", hosts: {} });
    // Outside a run nothing is kept.
    expect(getConfiguration({ configurable: { agents } })).not.toBe(getConfiguration({ configurable: { agents } }));
  });

  it("parses again when any setting differs, also with the same agents object", () => {
    const run = withRunSlots({});
    const capped = getConfiguration(inRun(run, { agents, maxConcurrency: 2 }));
    expect(getConfiguration(inRun(run, { agents, maxConcurrency: 3 })).maxConcurrency).toBe(3);
    expect(getConfiguration(inRun(run, { agents })).maxConcurrency).toBeUndefined();
    expect(getConfiguration(inRun(run, { agents, maxConcurrency: 2 }))).toEqual(capped);
  });

  it("sees an agents object changed between runs", () => {
    const mine: Record<string, string> = { coder: "codellama:7b-instruct" };
    expect(Object.keys(getConfiguration(inRun(withRunSlots({}), { agents: mine })).agents)).toEqual(["coder"]);
    mine.writer = "llama3:latest";
    expect(Object.keys(getConfiguration(inRun(withRunSlots({}), { agents: mine })).agents)).toEqual(["coder", "writer"]);
  });

  it("still rejects a bad setting after a good parse in the same run, naming the field", () => {
    const run = withRunSlots({});
    getConfiguration(inRun(run, { agents, agentTimeoutMs: 1000 }));
    expect(() => getConfiguration(inRun(run, { agents, agentTimeoutMs: -1 }))).toThrow(ConfigurationError);
    expect(() => getConfiguration(inRun(run, { agents, agentTimeoutMs: -1 }))).toThrow(/agentTimeoutMs/);
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
    expect(getConfiguration(undefined)).toEqual(getConfiguration({ configurable: {} }));
  });
});
