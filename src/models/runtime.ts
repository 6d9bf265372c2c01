import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type * as NodeLlamaCpp from "node-llama-cpp";
import { EmbeddedRuntimeError } from "./errors.js";

/**
 * The runtime release the tests run on and the install advice names (the
 * registry lists 3.22's prebuilt binaries for Linux only). The package's
 * optional peer range accepts any 3.x from it on.
 */
export const NODE_LLAMA_CPP_VERSION = "3.21.1";

export { EmbeddedRuntimeError };

export type NodeLlamaCppModule = typeof NodeLlamaCpp;

let runtime: Promise<NodeLlamaCppModule> | undefined;

/**
 * node-llama-cpp, imported on first use only: it is an optional peer
 * dependency (with large optional GPU packages), so `import("llmgenie")`
 * never loads it and users of Ollama agents need not install it.
 *
 * @throws EmbeddedRuntimeError saying how to install it, when it is missing
 */
export function loadRuntime(): Promise<NodeLlamaCppModule> {
  runtime ??= import("node-llama-cpp").catch((error: unknown) => {
    runtime = undefined;
    const code = (error as { code?: string })?.code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new EmbeddedRuntimeError(
        `the embedded model needs node-llama-cpp, which is not installed: run \`npm install node-llama-cpp@${NODE_LLAMA_CPP_VERSION}\``,
        { cause: error },
      );
    }
    throw error;
  });
  return runtime;
}

let llama: Promise<NodeLlama> | undefined;
type NodeLlama = Awaited<ReturnType<NodeLlamaCppModule["getLlama"]>>;

/**
 * CPU cores to compute on: the cores this process may use (and its
 * container's CPU quota), never more.
 * node-llama-cpp's own default is at least 4 threads, which on a 2-core
 * machine spins threads against each other (a tiny model fell from over
 * 1,800 to 3.9 tokens/s with 4 threads on 2 cores).
 */
export function computeCores(): number {
  return Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit() ?? Infinity));
}

/** A container's CPU quota (cgroup v2 `cpu.max`, e.g. "200000 100000" = 2 CPUs), which `availableParallelism` ignores. */
function cgroupCpuLimit(): number | undefined {
  try {
    const [quota, period] = readFileSync("/sys/fs/cgroup/cpu.max", "utf8").trim().split(/\s+/);
    if (!quota || quota === "max" || !period) return undefined;
    return Math.ceil(Number(quota) / Number(period)) || undefined;
  } catch {
    return undefined; // not Linux, or cgroup v1: no quota known
  }
}

/**
 * The one llama.cpp runtime of the process (GPU where there is one, else CPU),
 * with a thread budget of the real core count that all loaded models share:
 * node-llama-cpp splits it between contexts evaluating at the same time.
 */
export function sharedLlama(): Promise<NodeLlama> {
  llama ??= loadRuntime()
    .then(({ getLlama, LlamaLogLevel }) => getLlama({ logLevel: LlamaLogLevel.error, maxThreads: computeCores(), progressLogs: false }))
    .catch((error: unknown) => {
      llama = undefined;
      if (error instanceof EmbeddedRuntimeError) throw error;
      throw new EmbeddedRuntimeError(`node-llama-cpp could not start: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    });
  return llama;
}

/** Release the runtime (after its last model is disposed), so no native handle outlives the work. */
export async function disposeLlama(): Promise<void> {
  const current = llama;
  llama = undefined;
  const instance = await current?.catch(() => undefined);
  await instance?.dispose();
}
