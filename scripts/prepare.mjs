#!/usr/bin/env node
/**
 * `prepare` (run by `npm install` in a checkout, by `npm pack`/`npm publish`,
 * and when llmgenie is installed from git): compiles `dist/` afresh, which the
 * package's `exports` and `bin` point at, then applies `patches/` (fixes to the
 * checkout's dev tools, such as the LangGraph CLI's Studio form) when
 * patch-package, a devDependency, is installed. Without patch-package there is
 * nothing to patch, so the step never breaks an install.
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const run = (script, args = []) => {
  const { status } = spawnSync(process.execPath, [script, ...args], { stdio: "inherit" });
  if (status !== 0) process.exit(status ?? 1);
};

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
run(require.resolve("typescript/bin/tsc"), ["-p", new URL("../tsconfig.build.json", import.meta.url).pathname]);

let patchPackage;
try {
  patchPackage = require.resolve("patch-package/index.js");
} catch {
  process.exit(0);
}
run(patchPackage);
