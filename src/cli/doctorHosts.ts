import { DEFAULT_MAX_MODELS, DEFAULT_MAX_PARALLEL, hostKey, hostOptions, type HostOptions } from "../agents/hosts.js";
import { normalizeModelTag, type LoadedModel } from "../agents/residency.js";
import type { Check } from "./doctor.js";

/** Where a loaded model sits, from `/api/ps`'s `size` and `size_vram`. */
function placement({ model, size, sizeVram }: LoadedModel): string {
  if (size === undefined || sizeVram === undefined) return model;
  const where = !sizeVram ? "on CPU" : sizeVram >= size ? "on GPU" : `${Math.round((100 * sizeVram) / size)} % on GPU`;
  return `${model} (${(size / 1e9).toFixed(1)} GB, ${where})`;
}

/**
 * What a reachable Ollama host holds in memory (`GET /api/ps`, undefined when
 * it did not answer) and how llmgenie will schedule calls to it under the
 * `hosts` option: the line a one-GPU user reads to see why calls queue and
 * which models the first run will load.
 *
 * @param agentModels - the model tags of the agents on this host
 */
export function hostCheck(host: string, agentModels: string[], loaded: LoadedModel[] | undefined, hosts: Record<string, HostOptions> = {}): Check {
  const options = hostOptions(hosts, hostKey(host)) ?? {};
  const limit = `llmgenie sends it at most ${options.maxParallel ?? DEFAULT_MAX_PARALLEL} calls at once`;
  if (!loaded) {
    return { status: "info", text: `host ${host} does not say which models it holds (GET /api/ps): ${limit}, not grouped by model` };
  }
  const held = loaded.map(placement);
  const heldTags = new Set(loaded.map((model) => normalizeModelTag(model.model)));
  const notHeld = [...new Set(agentModels.map(normalizeModelTag))].filter((tag) => !heldTags.has(tag));
  // The host admits more models at once when it is seen holding more together (`ModelHost.modelCapacity`).
  const models = Math.max(options.maxModels ?? DEFAULT_MAX_MODELS, loaded.length);
  const text =
    `host ${host} holds ${held.length ? held.join(", ") : "no model"} in memory; ` +
    `${limit}, for ${models} model${models === 1 ? "" : "s"} at a time (options.hosts: maxParallel, maxModels)` +
    (notHeld.length ? `; not in memory, loaded by a run's first call: ${notHeld.join(", ")}` : "");
  return { status: "info", text };
}
