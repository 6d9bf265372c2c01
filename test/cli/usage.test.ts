/**
 * Usage errors and invalid input: exit 2 with a message that names the
 * problem and no stack trace; help exits 0. (No model server is involved:
 * each of these stops before any agent is called.)
 */
import { describe, expect, it } from "vitest";
import { runCli, STACK_LINE } from "./cliProcess.js";

describe("llmgenie usage", () => {
  it("prints the usage on --help and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("llmgenie run <query>");
    expect(stdout).toContain("llmgenie doctor");
    expect(stdout).toContain("llmgenie graph <orchestrator|parallel|sequential|collaborative|cascade>");
  });

  it.each(["run", "eval"])("%s --help says what each flag of its usage does", async (command) => {
    const { code, stdout } = await runCli([command, "--help"]);
    expect(code).toBe(0);
    const [usage, options] = stdout.split("\nOptions:\n");
    expect(options).toBeDefined();
    const flags = [...new Set(usage!.match(/--[a-z-]+/g))];
    expect(flags.length).toBeGreaterThan(5);
    for (const flag of flags) expect(options, flag).toMatch(new RegExp(`^  (--[a-z-]+, )*${flag}\\b`, "m"));
  });

  it("exits 2 without a command, with the usage on stderr", async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Usage:");
  });

  it("exits 2 on an unknown command, naming it", async () => {
    const { code, stderr } = await runCli(["frobnicate"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "frobnicate"');
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it.each([
    [["run", "hello", "--bogus"], "--bogus"],
    [["doctor", "--verbose"], "--verbose"],
    [["graph", "parallel", "--png"], "--png"],
  ])("exits 2 on an unknown flag: %j", async (args, flag) => {
    const { code, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toContain(flag);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it("exits 2 on an unknown mode, listing the modes", async () => {
    const { code, stderr } = await runCli(["run", "hello", "--mode", "turbo"]);
    expect(code).toBe(2);
    expect(stderr).toContain('--mode: must be one of auto, parallel, sequential, collaborative, cascade, got "turbo"');
  });

  it("exits 2 on a missing query and on an empty one (InvalidInputError names the field)", async () => {
    const missing = await runCli(["run"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing <query>");

    const empty = await runCli(["run", "   "]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain("invalid input: query: must not be empty");
    expect(empty.stderr).not.toMatch(STACK_LINE);
  });

  it("exits 2 on malformed --agent and --context values", async () => {
    const agent = await runCli(["run", "hello", "--agent", "codellama"]);
    expect(agent.code).toBe(2);
    expect(agent.stderr).toContain('--agent: expected name=model, got "codellama"');

    const context = await runCli(["run", "hello", "--context", "=x"]);
    expect(context.code).toBe(2);
    expect(context.stderr).toContain("--context: expected key=value");
  });

  it("exits 2 on an unknown graph id", async () => {
    const { code, stderr } = await runCli(["graph", "pipeline"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown graph "pipeline"');
  });
});
