import { describe, expect, it } from "vitest";
import { partialOutput } from "../src/partialResult.js";
import type { AgentResultRecord } from "../src/state/schemas.js";

const QUERY = "Design a small REST API for a todo list";

const candidate = (agent: string, output: string): AgentResultRecord => ({
  key: `candidate:${agent}`,
  agent,
  model: `${agent}:latest`,
  task: "candidate",
  status: "completed",
  output,
  latencyMs: 5,
});

const collaborative = (results: AgentResultRecord[]) => partialOutput({ query: QUERY, results }, "collaborative");

describe("partialOutput of a collaborative run cut short", () => {
  // Two answers that score the same: only their wording differs.
  const alpha = candidate("alpha", "alpha says: use GET /todos and POST /todos, and answer errors with a JSON body.");
  const gamma = candidate("gamma", "gamma says: use GET /todos and POST /todos, and answer errors with a JSON body.");

  it("picks the same answer of equally scored candidates whichever finished first", () => {
    const first = collaborative([alpha, gamma]);
    expect([alpha.output, gamma.output]).toContain(first);
    expect(collaborative([gamma, alpha])).toBe(first);
  });

  it("picks the higher-scored candidate in either order", () => {
    const refusal = candidate("beta", "I'm sorry, but I can't help with that.");
    expect(collaborative([refusal, alpha])).toBe(alpha.output);
    expect(collaborative([alpha, refusal])).toBe(alpha.output);
  });

  it("leaves out failed attempts and is empty when nothing completed", () => {
    const failed: AgentResultRecord = { ...gamma, status: "failed", output: undefined, error: "run timed out after 3000 ms" };
    expect(collaborative([failed, alpha])).toBe(alpha.output);
    expect(collaborative([failed])).toBe("");
  });
});
