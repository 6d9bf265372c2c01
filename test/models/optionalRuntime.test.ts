/**
 * node-llama-cpp is an optional peer dependency: importing llmgenie must not
 * load it, and asking for the embedded model without it must say how to add
 * it. A module hook makes the package unresolvable in a child process.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
const HOOK = fileURLToPath(new URL("../support/forbidNodeLlamaCpp.mjs", import.meta.url));
const INDEX = new URL("../../src/index.ts", import.meta.url).href;

describe("without node-llama-cpp", () => {
  it("llmgenie imports, and the embedded model explains how to install it", { timeout: 60_000 }, async () => {
    const file = join(mkdtempSync(join(tmpdir(), "llmgenie-optional-")), "model.gguf");
    writeFileSync(file, "GGUF");
    const script = `
      const { EmbeddedChatModel } = await import(${JSON.stringify(INDEX)});
      const error = await new EmbeddedChatModel({ model: ${JSON.stringify(file)} }).invoke("Hi").catch((e) => e);
      console.log(JSON.stringify({ name: error.name, message: error.message }));`;
    const { stdout } = await run(process.execPath, ["--import", TSX, "--import", HOOK, "--input-type=module", "-e", script]);
    expect(JSON.parse(stdout)).toEqual({
      name: "EmbeddedRuntimeError",
      message: "the embedded model needs node-llama-cpp, which is not installed: run `npm install node-llama-cpp@3.21.1`",
    });
  });
});
