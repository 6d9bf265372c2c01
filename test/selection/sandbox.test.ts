import { existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_SANDBOX_LIMITS, permissionFlag, runInSandbox, sandboxArgs, toRunnableJs } from "../../src/selection/sandbox.js";

const limits = { ...DEFAULT_SANDBOX_LIMITS, timeoutMs: 10_000 };
const target = join(tmpdir(), `llmgenie-sandbox-probe-${process.pid}.txt`);

afterEach(() => rmSync(target, { force: true }));

describe("sandbox flags", () => {
  it("picks the permission flag by Node version", () => {
    expect(permissionFlag("20.20.2")).toBe("--experimental-permission");
    expect(permissionFlag("22.12.0")).toBe("--experimental-permission");
    expect(permissionFlag("22.13.0")).toBe("--permission");
    expect(permissionFlag("23.4.0")).toBe("--experimental-permission");
    expect(permissionFlag("23.5.0")).toBe("--permission");
    expect(permissionFlag("24.0.0")).toBe("--permission");
  });

  it("grants nothing and limits the heap", () => {
    const args = sandboxArgs({ ...limits, memoryMb: 64 });
    expect(args).toContain(permissionFlag());
    expect(args).toContain("--max-old-space-size=64");
    expect(args).toContain("--no-addons");
    expect(args.some((a) => a.startsWith("--allow-"))).toBe(false);
  });
});

describe("runInSandbox", () => {
  it("passes when every console.assert holds", async () => {
    const result = await runInSandbox("const add = (a, b) => a + b;", "console.assert(add(1, 2) === 3); console.assert(add(2, 2) === 4);", limits);
    expect(result).toMatchObject({ status: "passed", passed: true, asserts: 2, failures: 0 });
  });

  it("counts a failing console.assert as a failure", async () => {
    const result = await runInSandbox("const add = (a, b) => a - b;", "console.assert(add(1, 2) === 3, 'add(1,2)'); console.assert(add(2, 0) === 2);", limits);
    expect(result).toMatchObject({ status: "failed", passed: false, asserts: 2, failures: 1 });
    expect(result.message).toContain("add(1,2)");
  });

  it("fails on an uncaught exception and when no assertion ran", async () => {
    expect((await runInSandbox("const add = (a, b) => { throw new Error('boom'); };", "console.assert(add(1, 2) === 3);", limits)).status).toBe("error");
    expect((await runInSandbox("process.exit(0);", "console.assert(false);", limits)).status).toBe("failed");
  });

  it("refuses to write a file", async () => {
    const result = await runInSandbox(`require("fs").writeFileSync(${JSON.stringify(target)}, "x");`, "console.assert(true);", limits);
    expect(result.passed).toBe(false);
    expect(`${result.message} ${result.stderr}`).toMatch(/ERR_ACCESS_DENIED/u);
    expect(existsSync(target)).toBe(false);
  });

  it("refuses to read files, spawn a child process or start a worker", async () => {
    const read = await runInSandbox(`require("fs").readFileSync("/etc/hostname");`, "console.assert(true);", limits);
    expect(read.stderr).toMatch(/ERR_ACCESS_DENIED/u);
    const spawn = await runInSandbox(`require("child_process").execSync("echo hi");`, "console.assert(true);", limits);
    expect(spawn.passed).toBe(false);
    expect(spawn.stderr).toMatch(/ERR_ACCESS_DENIED/u);
    const worker = await runInSandbox(`new (require("worker_threads").Worker)("1", { eval: true });`, "console.assert(true);", limits);
    expect(worker.stderr).toMatch(/ERR_ACCESS_DENIED/u);
  });

  it("kills a run that exceeds the time limit", async () => {
    const result = await runInSandbox("while (true) {}", "console.assert(true);", { ...limits, timeoutMs: 500 });
    expect(result).toMatchObject({ status: "timeout", passed: false, signal: "SIGKILL" });
  });

  it("runs with an empty environment", async () => {
    const result = await runInSandbox("const keys = Object.keys(process.env);", "console.assert(keys.length === 0, keys.join(','));", limits);
    expect(result.passed).toBe(true);
  });

  it("stops a run that exhausts its heap", async () => {
    const result = await runInSandbox("const a = []; while (true) a.push(new Array(1e5).fill('x'));", "console.assert(true);", { ...limits, memoryMb: 32 });
    expect(result.passed).toBe(false);
    expect(["error", "timeout"]).toContain(result.status);
  });

  it("runs TypeScript and exported code after stripping types and exports", async () => {
    const code = toRunnableJs("export function double(n: number): number {\n  return n * 2;\n}", true);
    expect((await runInSandbox(code, "console.assert(double(4) === 8);", limits)).passed).toBe(true);
    expect(toRunnableJs("export const x = 1;\nexport default x;", false)).not.toMatch(/export/u);
  });
});
