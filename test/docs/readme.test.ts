/**
 * The README's examples hold against the code: every TypeScript block
 * type-checks against the public API (`llmgenie` resolves to `src/index.ts`),
 * and the config file example loads through the CLI's own loader, references
 * across the file included. A renamed option, export or result field fails
 * here with the README line it is on.
 *
 * Blocks may be fragments of the example before them: names they use from
 * `llmgenie` without importing them are imported for them, and the context
 * they assume is declared (`README_CONTEXT`).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import * as llmgenie from "../../src/index.js";
import { loadCliConfig } from "../../src/cli/config.js";
import { loadConfigFile } from "../../src/configFile.js";
import { USAGE } from "../../src/cli/usage.js";
import { OrchestratorOptionsSchema } from "../../src/input.js";

const exec = promisify(execFile);
const CHECKOUT = resolve(import.meta.dirname, "../..");
const README = readFileSync(join(CHECKOUT, "README.md"), "utf8");

/**
 * What the fragments take from the examples before them. Written beside the
 * blocks only: declared in the test tree, these globals would hold for every test.
 */
const README_CONTEXT = `
import type { AgentOrchestrator, AgentSpec } from "llmgenie";
import type { Client } from "@langchain/langgraph-sdk";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

declare global {
  var orchestrator: AgentOrchestrator;
  var agents: Record<string, AgentSpec>;
  var client: Client;
  var query: string;
  // Stands for any LangChain chat model: @langchain/openai is not a dependency.
  var ChatOpenAI: new (fields: { model: string }) => BaseChatModel;
}
`;

interface CodeBlock {
  /** README line of the block's first line of code. */
  line: number;
  code: string;
}

/** The fenced blocks of `language` in `markdown`, with the line each starts on. */
function codeBlocks(markdown: string, language: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  // Every fence opens a block and the next "```" closes it, so a closing fence is never taken for an opening one.
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("```")) continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that is never closed`);
    if (lines[i] === "```" + language) blocks.push({ line: i + 2, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return blocks;
}

/** Names a block imports or declares itself. */
function ownNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const [, list] of code.matchAll(/import\s*\{([^}]*)\}/g)) {
    for (const name of list!.split(",")) names.add(name.trim().split(/\s+as\s+/).at(-1)!);
  }
  for (const [, name] of code.matchAll(/\b(?:const|let|class|function)\s+([A-Za-z_$][\w$]*)/g)) names.add(name!);
  return names;
}

/**
 * The block as a module of its own: the package's exports it uses and does
 * not import, imported on its first line (so its lines stay the README's, one down).
 */
function asModule({ code }: CodeBlock): string {
  const own = ownNames(code);
  const used = Object.keys(llmgenie).filter((name) => !own.has(name) && new RegExp(`\\b${name}\\b`).test(code));
  const imports = used.length ? `import { ${used.join(", ")} } from "llmgenie";` : "";
  return `${imports}\n${code}\nexport {};\n`;
}

/** `file(line,col): error TS…: message` lines of tsc's output, the file and line mapped back to the README. */
function readmeErrors(output: string, blocks: CodeBlock[]): string[] {
  return output
    .split("\n")
    .filter((line) => line.includes("error TS"))
    .map((line) => {
      const match = /block(\d+)\.ts\((\d+),(\d+)\): (.*)$/.exec(line);
      if (!match) return line;
      const [, index, row, column, message] = match;
      return `README.md:${blocks[Number(index)]!.line + Number(row) - 2}:${column}: ${message}`;
    });
}

describe("README", () => {
  // Inside the checkout, so that the blocks' own imports resolve from its node_modules.
  const dir = mkdtempSync(join(CHECKOUT, ".readme-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const blocks = codeBlocks(README, "ts");

  it("has TypeScript examples to check", () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  it("TypeScript examples type-check against the public API", async () => {
    blocks.forEach((block, i) => writeFileSync(join(dir, `block${i}.ts`), asModule(block)));
    writeFileSync(join(dir, "readmeContext.d.ts"), README_CONTEXT);
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: "../tsconfig.json",
        compilerOptions: { noEmit: true, rootDir: "..", paths: { llmgenie: ["../src/index.ts"], "llmgenie/graph": ["../src/graph.ts"] } },
        // The declaration better-sqlite3 needs (`src/better-sqlite3.d.ts`) is not imported by the code.
        include: ["*.ts", "../src/**/*.d.ts"],
      }),
    );
    const tsc = join(CHECKOUT, "node_modules/typescript/bin/tsc");
    const output = await exec(process.execPath, [tsc, "-p", dir]).then(
      () => "",
      (error: { stdout: string }) => error.stdout,
    );
    expect(readmeErrors(output, blocks)).toEqual([]);
  }, 120_000);

  it("JSON examples parse; config fragments load; the config file example loads as the CLI loads it; a served project names llmgenie/graph's graphs", async () => {
    const blocks = codeBlocks(README, "json");
    for (const block of blocks) expect(() => JSON.parse(block.code), `README.md:${block.line}`).not.toThrow();
    const [example, ...others] = blocks.filter((block) => block.code.includes('"mcpServers"'));
    expect(others).toEqual([]);
    const served: Record<string, unknown> = await import("../../src/graph.js");
    for (const block of blocks.filter((b) => b.code.includes('"graphs"'))) {
      const graphs = Object.entries((JSON.parse(block.code) as { graphs: Record<string, string> }).graphs);
      expect(graphs.length).toBeGreaterThan(0);
      for (const [id, spec] of graphs) expect(typeof served[spec.slice(spec.lastIndexOf(":") + 1)], `README.md:${block.line}: ${id}`).toBe("function");
    }
    const file = join(dir, "llmgenie.config.json");
    // Every fragment with options is a config file as the served graphs read it.
    for (const block of blocks.filter((b) => b.code.includes('"options"'))) {
      writeFileSync(file, block.code);
      expect(() => loadConfigFile(file), `README.md:${block.line}`).not.toThrow();
    }
    writeFileSync(file, example!.code);
    const config = loadCliConfig(file, undefined, {});
    expect(Object.keys(config.agents ?? {})).toEqual(["researcher", "coder"]);
    expect(Object.keys(config.options.mcpServers ?? {})).toEqual(["fetch"]);
  });

  it("command line synopsis is the one --help prints", () => {
    const helpSynopsis = USAGE.slice(USAGE.indexOf("Usage:\n") + 7, USAGE.indexOf("\n\nCommands:"))
      .split("\n")
      .map((line) => line.slice(2));
    const readmeSynopsis = codeBlocks(README, "").find((block) => block.code.startsWith("llmgenie run <query>"));
    expect(readmeSynopsis?.code.split("\n")).toEqual([...helpSynopsis, "llmgenie --help | --version"]);
  });

  it("environment: every LLMGENIE_ variable the code reads is in the README's Environment section and in --help", () => {
    const read = new Set<string>();
    for (const file of readdirSync(join(CHECKOUT, "src"), { recursive: true, encoding: "utf8" })) {
      if (!file.endsWith(".ts")) continue;
      for (const [name] of readFileSync(join(CHECKOUT, "src", file), "utf8").matchAll(/\bLLMGENIE_[A-Z_]+\b/g)) read.add(name);
    }
    const section = README.slice(README.indexOf("### Environment"), README.indexOf("## Use from code"));
    const help = USAGE.slice(USAGE.indexOf("Environment:"));
    expect(read.size).toBeGreaterThan(4);
    expect([...read].filter((name) => !section.includes(`\`${name}\``))).toEqual([]);
    expect([...read].filter((name) => !help.includes(`  ${name} `))).toEqual([]);
  });

  it("options table: names every AgentOrchestrator option once", () => {
    const section = README.slice(README.indexOf("### Options"), README.indexOf("### The graphs"));
    // A row's first cell names one option or several ("`explorationRate`, `explorationSeed`").
    const named = [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap(([, cell]) => [...cell!.matchAll(/`(\w+)`/g)].map(([, name]) => name!));
    expect(named.toSorted()).toEqual(Object.keys(OrchestratorOptionsSchema.shape).toSorted());
  });
});
