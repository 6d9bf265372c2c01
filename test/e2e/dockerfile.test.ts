/**
 * Deploying: `langgraphjs dockerfile` (the LangGraph CLI) turns this
 * project's `langgraph.json` into a Dockerfile for the LangGraph API server.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "./langgraphServer.js";

const run = promisify(execFile);

describe("langgraphjs dockerfile", () => {
  let dir: string;
  let dockerfile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "llmgenie-dockerfile-"));
    await run(join(REPO_ROOT, "node_modules/.bin/langgraphjs"), ["dockerfile", "--config", join(REPO_ROOT, "langgraph.json"), join(dir, "Dockerfile")], {
      cwd: REPO_ROOT,
      env: { ...process.env, LANGGRAPH_CLI_NO_ANALYTICS: "1" },
    });
    dockerfile = await readFile(join(dir, "Dockerfile"), "utf8");
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("builds on the LangGraph.js API image for Node 20", () => {
    expect(dockerfile.split("\n")[0]).toBe("FROM langchain/langgraphjs-api:20");
  });

  it("copies the project and installs its dependencies", () => {
    expect(dockerfile).toMatch(/^ADD \. \/deps\/[\w-]+$/m);
    expect(dockerfile).toMatch(/^WORKDIR \/deps\/[\w-]+$/m);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
  });

  it("registers the five graphs of langgraph.json through LANGSERVE_GRAPHS", async () => {
    const line = dockerfile.split("\n").find((l) => l.startsWith("ENV LANGSERVE_GRAPHS="));
    expect(line).toBeDefined();
    const graphs = JSON.parse(line!.slice("ENV LANGSERVE_GRAPHS=".length).replace(/^'|'$/g, "")) as Record<string, string>;
    const { graphs: configured } = JSON.parse(await readFile(join(REPO_ROOT, "langgraph.json"), "utf8")) as {
      graphs: Record<string, string>;
    };
    expect(graphs).toEqual(configured);
    expect(Object.keys(graphs).sort()).toEqual(["cascade", "collaborative", "orchestrator", "parallel", "sequential"]);
  });
});
