import { existsSync } from "node:fs";
import { ollamaBaseUrl, type AgentSpec } from "../configuration.js";
import { chooseDefaultAgents } from "../agents/defaultAgents.js";
import { embeddedModels } from "../agents/embedded.js";
import { ensureModelFile, isRemoteModel, modelFilePath, modelsDir } from "../models/modelCache.js";
import { downloadBar } from "./download.js";
import type { Terminal } from "./terminal.js";

/**
 * The local file of an embedded model, downloading it first (once) with a
 * progress bar on `stderr` when it is not in the cache.
 */
export async function fetchModelWithProgress(model: string, stderr: Terminal, signal?: AbortSignal): Promise<string> {
  // A local file (there or missing) is never downloaded.
  if (!isRemoteModel(model) || existsSync(modelFilePath(model))) return ensureModelFile(model);
  stderr.write(`llmgenie: downloading the embedded model ${model} into ${modelsDir()} (once; later runs reuse it)\n`);
  const bar = downloadBar(stderr, "  download");
  try {
    return await ensureModelFile(model, { onProgress: bar.onProgress, ...(signal ? { signal } : {}) });
  } finally {
    bar.done();
  }
}

/**
 * Download the embedded models that `agents` run on before a run starts, so
 * the bar is not mixed with the run's progress and a failed download fails
 * fast, with its own message.
 */
export async function fetchEmbeddedModels(agents: Iterable<unknown>, stderr: Terminal, signal?: AbortSignal): Promise<void> {
  for (const model of embeddedModels(agents)) await fetchModelWithProgress(model, stderr, signal);
}

/**
 * The `--agent` flags, or the default set: on Ollama when it answers, else
 * the default roles on the embedded model, which is said once on stderr.
 */
export async function chooseAgents(
  given: Record<string, AgentSpec> | undefined,
  stderr: Terminal,
  signal: AbortSignal,
): Promise<{ agents: Record<string, AgentSpec>; where: string }> {
  const ollama = `Ollama at ${ollamaBaseUrl()}`;
  if (given) return { agents: given, where: embeddedModels(Object.values(given)).length === Object.keys(given).length ? "in-process" : ollama };
  const choice = await chooseDefaultAgents(signal);
  if (!choice.embedded) return { agents: choice.agents, where: ollama };
  stderr.write(
    `llmgenie: no Ollama answers at ${choice.ollamaUrl}: the default agents run in-process on the embedded model ${choice.model}\n`,
  );
  return { agents: choice.agents, where: "in-process" };
}
