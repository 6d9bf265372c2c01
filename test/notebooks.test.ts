/**
 * Every notebook in notebooks/ type-checks and runs from top to bottom
 * (scripts/run-notebooks.ts) against the loopback Ollama server and LangSmith
 * recorder, so the notebooks never fall behind the code.
 */
import { basename } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  listNotebooks,
  runNotebook,
  startNotebookServers,
  typecheckNotebooks,
  type NotebookServers,
} from "../scripts/run-notebooks.js";

const notebooks = listNotebooks();
let servers: NotebookServers;

beforeAll(async () => {
  servers = await startNotebookServers();
});
afterAll(() => servers?.close());

it("finds the notebooks", () => {
  expect(notebooks.map((path) => basename(path))).toEqual(
    expect.arrayContaining([
      "01-quickstart.ipynb",
      "02-execution-modes.ipynb",
      "03-streaming.ipynb",
      "04-human-review.ipynb",
      "05-checkpoints.ipynb",
      "06-tracing.ipynb",
      "07-tools.ipynb",
    ]),
  );
});

it("type-checks every notebook's code against the package's types", () => {
  expect(typecheckNotebooks(notebooks)).toEqual([]);
}, 60_000);

it.each(notebooks.map((path) => [basename(path), path]))("%s runs every cell without error", async (_name, path) => {
  servers.langsmith.reset();
  servers.ollama.reset();
  const run = await runNotebook(path, servers.env);
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
  // The notebooks call the models; a notebook that stopped talking to them would show here.
  expect(servers.ollama.chats.length).toBeGreaterThan(0);
  if (run.notebook === "06-tracing.ipynb") {
    // It turned tracing on and flushed: its run arrived as one trace.
    expect(servers.langsmith.roots().map((root) => root.name)).toEqual(["orchestrator"]);
    expect(run.stdout).toContain("all traces sent");
  }
}, 120_000);
