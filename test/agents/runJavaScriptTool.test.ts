import { expect, test } from "vitest";
import { runJavaScriptTool } from "../../src/index.js";

const run = runJavaScriptTool({ timeoutMs: 3_000 });

test("returns what the program printed", async () => {
  expect(await run.invoke({ code: "console.log([1, 2, 3].map((n) => n * 2).join(','))" })).toBe("2,4,6");
});

test("returns the error of a program that throws, and what it printed first", async () => {
  const output = await run.invoke({ code: "console.log('before'); throw new TypeError('bad input')" });
  expect(output).toContain("The program failed");
  expect(output).toContain("TypeError: bad input");
  expect(output).toContain("before");
});

test("stays sandboxed: no file system, no child processes", async () => {
  expect(await run.invoke({ code: "require('fs').readFileSync('/etc/passwd', 'utf8')" })).toMatch(/ERR_ACCESS_DENIED/);
  expect(await run.invoke({ code: "require('child_process').execSync('id')" })).toMatch(/ERR_ACCESS_DENIED/);
});

test("a program over the time limit is killed", async () => {
  const quick = runJavaScriptTool({ timeoutMs: 300 });
  expect(await quick.invoke({ code: "while (true) {}" })).toContain("killed after 300 ms");
});
