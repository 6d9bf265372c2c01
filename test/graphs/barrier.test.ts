/**
 * The `joinAttempts` barrier sends again every task its round dispatched but
 * never attempted (LangGraph 1.7.3 counts a cancelled call as done, so a
 * resumed thread would otherwise skip it), and failed tasks to fallbacks.
 */
import { Send } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { routeAfterAttempts, type Dispatch } from "../../src/graphs/agentWork.js";
import type { Assignment } from "../../src/state/schemas.js";
import type { OrchestrationStateType } from "../../src/state/state.js";

const assignment = (key: string, agent = "a"): Assignment => ({ key, task: key, agent, prompt: key, attempt: 1 });
const dispatch: Dispatch = () => ["subtask:0", "subtask:1", "subtask:2"].map((key) => assignment(key));
const result = (key: string, agent: string, status: "completed" | "failed") => ({ key, agent, model: "m", task: key, status, latencyMs: 1 });
const route = routeAfterAttempts("merge", dispatch, (_, key, agent) => assignment(key, agent));
const config = { configurable: { agents: { a: "m1", b: "m2" }, fallbacks: { a: ["b"] } } };

describe("routeAfterAttempts", () => {
  it("sends the dispatched tasks that have no attempt, and failed ones to their fallback", async () => {
    const state = { results: [result("subtask:0", "a", "completed"), result("subtask:2", "a", "failed")] } as unknown as OrchestrationStateType;
    const sends = (await route(state, config)) as Send[];
    expect(sends.map((send) => (send.args as { assignment: Assignment }).assignment)).toEqual([
      assignment("subtask:1"),
      { ...assignment("subtask:2", "b"), attempt: 2 },
    ]);
  });

  it("goes on once every dispatched task has an attempt and no fallback is left", async () => {
    const state = {
      results: [result("subtask:0", "a", "completed"), result("subtask:1", "a", "completed"), result("subtask:2", "a", "failed"), result("subtask:2", "b", "failed")],
    } as unknown as OrchestrationStateType;
    expect(await route(state, config)).toBe("merge");
  });
});
