import { existsSync, statSync } from "node:fs";
import { embeddedModelSpec, isRemoteModel, modelFilePath, modelsDir } from "../models/modelCache.js";
import { unreachableServer } from "../models/downloadSource.js";
import { loadRuntime, NODE_LLAMA_CPP_VERSION } from "../models/runtime.js";
import { formatBytes } from "./terminal.js";
import type { Check } from "./doctor.js";

/** How long `doctor` waits for the server an embedded model downloads from. */
const DOWNLOAD_SERVER_TIMEOUT_MS = 5_000;

/**
 * The embedded model: can node-llama-cpp load here, and is the model file
 * there (its size), or will the first run download it, and does the server
 * it comes from answer?
 *
 * @param model - the model to report (default: `LLMGENIE_MODEL`, else the default model)
 * @param needed - the agents run on it (not merely as the default agents' fallback): only then is
 *   its server asked, and a server that does not answer fails the check
 */
export async function checkEmbeddedModel(model = embeddedModelSpec(), needed = true): Promise<Check> {
  try {
    await loadRuntime();
  } catch (error) {
    return {
      status: "fail",
      text: `embedded model: ${error instanceof Error ? error.message : String(error)}`,
      fix: `npm install node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`,
    };
  }
  const path = modelFilePath(model);
  if (existsSync(path)) {
    const where = isRemoteModel(model) ? `downloaded (${formatBytes(statSync(path).size)} at ${path})` : `${formatBytes(statSync(path).size)}`;
    return { status: "pass", text: `embedded model ${model} is ${where}` };
  }
  if (!isRemoteModel(model)) {
    return {
      status: "fail",
      text: `embedded model ${model}: file not found`,
      fix: "set LLMGENIE_MODEL to a .gguf file, an hf: URI or an http(s) URL of a GGUF file",
    };
  }
  const unreachable = needed ? await unreachableServer(model, DOWNLOAD_SERVER_TIMEOUT_MS) : undefined;
  if (unreachable) {
    return {
      status: "fail",
      text: `embedded model ${model} is not downloaded, and ${unreachable.server} does not answer (${unreachable.reason})`,
      fix: "check the network, or set LLMGENIE_MODEL to a local .gguf file",
    };
  }
  return {
    status: "info",
    text: `embedded model ${model} is not downloaded yet: the first run that needs it downloads it into ${modelsDir()}`,
    fix: "`llmgenie models pull` downloads it now",
  };
}
