/**
 * Runs every notebook in `notebooks/` the way a reader would, so that they
 * never rot: each notebook's code cells, in order, become one ES module
 * (TypeScript, top-level await) that is type-checked against the package and
 * then run by Node with tsx from the notebooks folder. The models are a
 * loopback Ollama server (`OLLAMA_BASE_URL`) with scripted answers, and
 * LangSmith traces go to a loopback recorder.
 *
 *   npm run notebooks                     # all of them
 *   npm run notebooks -- 03-streaming     # some of them
 *
 * `test/notebooks.test.ts` runs it as part of `npm test`.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { jsonReply, startOllamaServer, type ChatRequest, type OllamaServer } from "../test/support/ollamaServer.js";
import { startLangSmithServer, type LangSmithServer } from "../test/support/langsmithServer.js";
import { callTools, toolCall, toolResults, toolRounds } from "../test/support/toolScript.js";

export const NOTEBOOKS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../notebooks");

/** What running one notebook did. */
export interface NotebookRun {
  notebook: string;
  /** Exit code of the notebook's process (null if killed after `timeoutMs`). */
  code: number | null;
  stdout: string;
  stderr: string;
}

interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
}

/** The notebooks in `dir`, by file name order (`01-…`, `02-…`). */
export function listNotebooks(dir = NOTEBOOKS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .map((name) => join(dir, name));
}

/** A notebook's code cells joined into one TypeScript module, each cell marked for error messages. */
export function notebookSource(path: string): string {
  const { cells } = JSON.parse(readFileSync(path, "utf8")) as { cells: NotebookCell[] };
  return cells
    .map((cell, index) => ({ cell, index }))
    .filter(({ cell }) => cell.cell_type === "code")
    .map(({ cell, index }) => `// ---- cell ${index + 1} ----\n${[cell.source].flat().join("")}\n`)
    .join("\n");
}

/**
 * Type errors in the notebooks' modules, checked with the repository's
 * tsconfig as if each module were a file beside its notebook: a renamed
 * field fails here instead of printing `undefined` when the notebook runs.
 */
export function typecheckNotebooks(paths = listNotebooks()): string[] {
  const root = resolve(NOTEBOOKS_DIR, "..");
  const { config } = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const options = { ...ts.parseJsonConfigFileContent(config, ts.sys, root).options, noEmit: true };
  const modules = new Map(
    paths.map((path) => [join(dirname(path), `${basename(path, ".ipynb")}.notebook.mts`), { path, source: notebookSource(path) }]),
  );
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => modules.has(name) || fileExists.call(host, name);
  host.readFile = (name) => modules.get(name)?.source ?? readFile.call(host, name);
  host.getSourceFile = (name, language, ...rest) => {
    const module = modules.get(name);
    return module ? ts.createSourceFile(name, module.source, language, true) : getSourceFile.call(host, name, language, ...rest);
  };
  const program = ts.createProgram([...modules.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    const module = d.file && modules.get(d.file.fileName);
    if (!module) return [];
    const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
    const cell = module.source.split("\n").slice(0, line + 1).reverse().find((l) => l.startsWith("// ---- cell"));
    const where = `${basename(module.path)} ${cell?.slice(8, -5) ?? ""}`.trim();
    return [`${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`];
  });
}

/** Run one notebook's module in a fresh Node process with tsx, from the notebook's folder. */
export function runNotebook(path: string, env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<NotebookRun> {
  // TypeScript → JavaScript here: Node's stdin module is not passed through tsx's transform, its imports are.
  const { outputText } = ts.transpileModule(notebookSource(path), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: `${basename(path, ".ipynb")}.mts`,
  });
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-"], {
      cwd: dirname(path),
      env,
      stdio: ["pipe", "pipe", "pipe"],
      timeout: timeoutMs,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolveRun({ notebook: basename(path), code, stdout, stderr }));
    child.stdin.end(outputText);
  });
}

const PLAN = ["Outline the approach", "Work out the details", "Review the result"];

/** A value that fits a JSON schema (what `withStructuredOutput` sends as Ollama's `format`). */
function exampleOf(schema: Record<string, unknown>, name: string): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  const union = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined;
  if (union?.length) return exampleOf(union[0]!, name);
  switch (schema.type) {
    case "object":
      return Object.fromEntries(
        Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>).map(([key, sub]) => [
          key,
          exampleOf(sub, key),
        ]),
      );
    case "array": {
      const count = Math.max(Number(schema.minItems ?? 1), Math.min(PLAN.length, Number(schema.maxItems ?? PLAN.length)));
      return Array.from({ length: count }, (_, i) => (schema.items ? exampleOf(schema.items as Record<string, unknown>, `${name}#${i}`) : null));
    }
    case "string":
      return name.includes("#") ? (PLAN[Number(name.split("#")[1]) % PLAN.length] ?? "A step") : `The ${name}, in one sentence.`;
    case "integer":
      return Number(schema.minimum ?? 1);
    case "number":
      return Math.min(Number(schema.maximum ?? 1), Math.max(Number(schema.minimum ?? 0), 0.8));
    case "boolean":
      return true;
    default:
      return null;
  }
}

/** A first tool call for a model offered tools: code to run for the JavaScript tool, else schema-shaped arguments. */
function firstToolCall(request: ChatRequest) {
  const tools = (request.tools ?? []) as { function: { name: string; parameters?: Record<string, unknown> } }[];
  const js = tools.find((t) => t.function.name === "run_javascript");
  if (js) return toolCall(js.function.name, { code: 'console.log(["06:10", "18:32", "12:21"].sort().join(", "))' });
  const first = tools[0]!.function;
  return toolCall(first.name, (exampleOf(first.parameters ?? {}, "topic") ?? {}) as Record<string, unknown>);
}

/**
 * What the notebooks' models answer: schema-shaped JSON for structured
 * output; offered tools, one tool call and then an answer that uses its
 * result; else a short answer on the topic.
 */
function notebookModel(request: ChatRequest) {
  if (request.format && typeof request.format === "object") {
    return jsonReply(exampleOf(request.format as Record<string, unknown>, "answer"));
  }
  if (request.tools?.length && toolRounds(request) === 0) return callTools(firstToolCall(request));
  const results = toolResults(request);
  if (results.length) return `Answer (${request.model}), from my tools: ${results.join(" / ")}`;
  const topic = request.lastUserMessage.split("\n").find((line) => line.trim())?.trim().slice(0, 120) ?? "the task";
  return [
    `Answer (${request.model}) to: ${topic}`,
    "",
    "1. The main point, stated plainly.",
    "2. A supporting detail with an example.",
    "3. A caveat worth checking.",
    "",
    "In short: the approach above covers the task.",
  ].join("\n");
}

export interface NotebookServers {
  ollama: OllamaServer;
  langsmith: LangSmithServer;
  /** The environment notebooks run in: these servers' URLs, tracing off until a notebook turns it on. */
  env: NodeJS.ProcessEnv;
  close(): Promise<void>;
}

/** Start the loopback servers the notebooks use: Ollama for the models, a LangSmith recorder for traces. */
export async function startNotebookServers(): Promise<NotebookServers> {
  const ollama = await startOllamaServer({ defaultModel: notebookModel, latency: { chunkDelayMs: 2 } });
  const langsmith = await startLangSmithServer();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    OLLAMA_BASE_URL: ollama.url,
    LANGSMITH_ENDPOINT: langsmith.url,
    LANGSMITH_API_KEY: "lsv2_notebooks_local",
    LANGSMITH_TRACING: "false",
  };
  return { ollama, langsmith, env, close: async () => void (await Promise.all([ollama.close(), langsmith.close()])) };
}

/** Run the notebooks (default: all) one after another against fresh loopback servers. */
export async function runNotebooks(paths = listNotebooks()): Promise<NotebookRun[]> {
  const servers = await startNotebookServers();
  try {
    const runs: NotebookRun[] = [];
    for (const path of paths) runs.push(await runNotebook(path, servers.env));
    return runs;
  } finally {
    await servers.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const wanted = process.argv.slice(2);
  const paths = listNotebooks().filter((path) => !wanted.length || wanted.some((name) => basename(path).startsWith(name)));
  const typeErrors = typecheckNotebooks(paths);
  for (const error of typeErrors) process.stdout.write(`type error: ${error}\n`);
  const runs = await runNotebooks(paths);
  for (const run of runs) {
    const ok = run.code === 0;
    process.stdout.write(`${ok ? "ok  " : "FAIL"} ${run.notebook}\n`);
    if (!ok) process.stdout.write(`${run.stdout}\n${run.stderr}\n`);
  }
  process.exitCode = typeErrors.length === 0 && runs.every((run) => run.code === 0) ? 0 : 1;
}
