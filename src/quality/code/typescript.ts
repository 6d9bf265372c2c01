import { createRequire } from "node:module";
import type * as TypeScript from "typescript";

let compiler: typeof TypeScript | undefined;

/**
 * The TypeScript compiler API, loaded on first use: it is ~9 MB of JavaScript
 * that only code validation and the sandbox's transpiling need, so importing
 * llmgenie does not pay for it. `require` keeps the callers synchronous.
 */
export function typescript(): typeof TypeScript {
  compiler ??= createRequire(import.meta.url)("typescript") as typeof TypeScript;
  return compiler;
}
