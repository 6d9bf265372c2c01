/** `llmgenie graph <id>`: the compiled graph as a Mermaid diagram, on stdout. */
import { describe, expect, it } from "vitest";
import { runCli } from "./cliProcess.js";

describe("llmgenie graph", () => {
  it("prints a mode graph's Mermaid diagram with its nodes and edges", async () => {
    const { code, stdout } = await runCli(["graph", "parallel"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^%%\{init: .*\}%%\ngraph TD;\n/);
    for (const node of ["planSubtasks", "runAgent", "joinAttempts", "merge", "validateQuality", "finalize"]) {
      expect(stdout).toContain(`\t${node}(${node})`);
    }
    expect(stdout).toContain("planSubtasks -.-> runAgent;"); // the Send fan-out, drawn as a conditional edge
  });

  it("prints the orchestrator with every mode subgraph expanded (xray)", async () => {
    const { code, stdout } = await runCli(["graph", "orchestrator"]);
    expect(code).toBe(0);
    expect(stdout).toContain("__start__ --> classify;");
    for (const mode of ["parallel", "sequential", "collaborative", "cascade"]) expect(stdout).toContain(`subgraph ${mode}\n`);
    expect(stdout).toContain("sequential_handoff(handoff)");
    expect(stdout).toContain("classify -.-> cascade___start__;");
  });

  it("prints the cascade graph: one agent per rung, a verdict between rungs", async () => {
    const { code, stdout } = await runCli(["graph", "cascade"]);
    expect(code).toBe(0);
    for (const node of ["runAgent", "joinAttempts", "assessAnswer", "validateQuality", "finalize"]) {
      expect(stdout).toContain(`\t${node}(${node})`);
    }
    expect(stdout).toContain("__start__ -.-> runAgent;"); // the first rung
    expect(stdout).toContain("joinAttempts --> assessAnswer;");
    expect(stdout).toContain("assessAnswer -.-> runAgent;"); // escalation
    expect(stdout).toContain("assessAnswer -.-> validateQuality;");
  });
});
