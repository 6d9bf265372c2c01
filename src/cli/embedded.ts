import { existsSync } from "node:fs";
import { embeddedModels } from "../agents/embedded.js";
import { ensureModelFile, modelFilePath, modelsDir } from "../models/modelCache.js";
import { downloadBar } from "./download.js";
import type { Terminal } from "./terminal.js";

/**
 * The local file of an embedded model, downloading it first (once) with a
 * progress bar on `stderr` when it is not in the cache.
 */
export async function fetchModelWithProgress(model: string, stderr: Terminal, signal?: AbortSignal): Promise<string> {
  if (existsSync(modelFilePath(model))) return ensureModelFile(model);
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
