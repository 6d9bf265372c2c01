/**
 * Starts this project's graphs (or another project's) in the LangGraph dev
 * server (`langgraphjs dev`, the CLI users run for Studio) on a free loopback
 * port, and stops it with its whole process group.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CLI = fileURLToPath(new URL("../../node_modules/.bin/langgraphjs", import.meta.url));

export interface DevServer {
  url: string;
  /** Everything the server printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Poll `GET /ok` until the server answers, the process exits, or `timeoutMs` passes. */
async function waitUntilReady(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`langgraphjs dev exited with ${child.exitCode}:\n${log()}`);
    const ok = await fetch(`${url}/ok`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`langgraphjs dev did not answer /ok within ${timeoutMs} ms:\n${log()}`);
}

/**
 * The repo's `langgraph.json` in a fresh folder, its paths pointing back at
 * the repo: the dev server keeps its threads and assistants in
 * `.langgraph_api/` beside the config, so each server starts empty and
 * leaves nothing in the repo.
 */
async function isolatedConfig(): Promise<{ dir: string; config: string }> {
  const dir = await mkdtemp(join(tmpdir(), "llmgenie-langgraph-"));
  const project = JSON.parse(await readFile(join(REPO_ROOT, "langgraph.json"), "utf8")) as { graphs: Record<string, string> };
  // Relative to the new folder: the server joins graph paths onto it.
  const graphs = Object.fromEntries(Object.entries(project.graphs).map(([id, spec]) => [id, relative(dir, resolve(REPO_ROOT, spec))]));
  const config = join(dir, "langgraph.json");
  await writeFile(config, JSON.stringify({ ...project, graphs, dependencies: [relative(dir, REPO_ROOT)] }));
  return { dir, config };
}

/** Another project whose graphs to serve: its `langgraph.json` and its own `langgraphjs`. */
export interface ServedProject {
  config: string;
  cli: string;
}

/**
 * `langgraphjs dev --host 127.0.0.1 --port <free> --no-browser` on the repo's
 * graphs (or on `project`'s), with analytics off (it must be in the CLI's own
 * environment) and `env` added to the server's environment.
 */
export async function startDevServer(env: Record<string, string>, timeoutMs = 45_000, project?: ServedProject): Promise<DevServer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // A project of its own keeps its folder (and the server's `.langgraph_api/` in it) to its owner.
  const { dir, config } = project ? { dir: dirname(project.config), config: project.config } : await isolatedConfig();
  const removeDir = () => (project ? Promise.resolve() : rm(dir, { recursive: true, force: true }));
  const child = spawn(project?.cli ?? CLI, ["dev", "--host", "127.0.0.1", "--port", String(port), "--no-browser", "--config", config], {
    cwd: dir,
    env: { ...process.env, LANGGRAPH_CLI_NO_ANALYTICS: "1", LANGSMITH_TRACING: "false", ...env },
    // Its own process group, so stopping it also stops the server it forks.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return removeDir();
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return removeDir(); // already gone
    }
    const killLater = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 5_000);
    await exited;
    clearTimeout(killLater);
    await removeDir();
  };
  try {
    await waitUntilReady(url, child, () => output, timeoutMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, log: () => output, stop };
}
