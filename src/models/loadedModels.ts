import { statSync } from "node:fs";
import pLimit, { type LimitFunction } from "p-limit";
import type { ChatWrapper, GbnfJsonSchema, LlamaContext, LlamaContextSequence, LlamaGrammar, LlamaModel } from "node-llama-cpp";
import { computeCores, disposeLlama, EmbeddedRuntimeError, loadRuntime, sharedLlama } from "./runtime.js";

/** How a model file is loaded; the first caller's settings hold for as long as it stays loaded. */
export interface ModelSettings {
  /** The local GGUF file. */
  path: string;
  /** Context sequences evaluated at once (in one batch); calls beyond wait for a free one. */
  parallelSequences: number;
  /** Tokens each sequence can hold (prompt and answer); capped by the model's training context. */
  contextSize: number;
  /** Threads for evaluation; default: from the model's size, at most the cores (see `threadsFor`). */
  threads?: number;
}

/** A model in memory: its weights once, one context whose sequences the calls take turns on. */
export interface LoadedModel {
  readonly path: string;
  readonly model: LlamaModel;
  /** Resolved once per model (auto-detection on every session costs ~340 ms a call). */
  readonly chatWrapper: ChatWrapper;
  readonly context: LlamaContext;
  /** Run `work` on a context sequence of its own, released (and its KV cache freed) when `work` settles. */
  withSequence<T>(work: (sequence: LlamaContextSequence) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** A grammar that constrains output to `schema` (compiled once per schema). */
  jsonGrammar(schema: object): Promise<LlamaGrammar>;
}

/** Counters of one loaded model (tests and the bench read them). */
export interface ModelStats {
  loads: number;
  loadMs: number;
  threads: number;
  sequences: number;
  activeSequences: number;
  peakActiveSequences: number;
}

interface Entry {
  loaded: Promise<LoadedModel>;
  stats: ModelStats;
  inFlight: Set<Promise<unknown>>;
  limit: LimitFunction;
}

const registry = new Map<string, Entry>();
const loadsByPath = new Map<string, number>();

/** Bytes of weights per thread worth its synchronisation cost: a few-MB model runs fastest on one thread. */
const BYTES_PER_THREAD = 64 * 1024 * 1024;

/**
 * Threads for a model: one per 64 MB of weights, at least one, at most the
 * cores this process may use. Measured on 2 cores: a 240 KB model made
 * 1,366 tokens/s on 1 thread and 77 on 2 (thread sync dominates tiny
 * matrices), while billion-parameter models want every core. All sequences
 * of a model are evaluated in one batch per step, so they share these
 * threads rather than each asking for their own.
 */
export const threadsFor = (modelBytes: number): number =>
  Math.max(1, Math.min(computeCores(), Math.round(modelBytes / BYTES_PER_THREAD)));

const abortReason = (signal: AbortSignal): unknown =>
  signal.reason ?? Object.assign(new Error("The operation was aborted"), { name: "AbortError" });

async function load(settings: ModelSettings, stats: ModelStats): Promise<LoadedModel> {
  const { resolveChatWrapper } = await loadRuntime();
  const llama = await sharedLlama();
  const started = performance.now();
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: settings.path });
  } catch (error) {
    throw new EmbeddedRuntimeError(`cannot load the model ${settings.path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const threads = settings.threads ?? threadsFor(statSync(settings.path).size);
  const context = await model.createContext({
    sequences: settings.parallelSequences,
    contextSize: { max: Math.min(settings.contextSize, model.trainContextSize) },
    threads: { ideal: threads, min: 1 },
  });
  stats.loadMs = performance.now() - started;
  stats.threads = threads;
  stats.sequences = settings.parallelSequences;
  const chatWrapper = resolveChatWrapper(model);
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  return {
    path: settings.path,
    model,
    chatWrapper,
    context,
    async withSequence(work, signal) {
      if (signal?.aborted) throw abortReason(signal);
      const sequence = context.getSequence();
      stats.activeSequences++;
      stats.peakActiveSequences = Math.max(stats.peakActiveSequences, stats.activeSequences);
      try {
        return await work(sequence);
      } finally {
        stats.activeSequences--;
        sequence.dispose();
      }
    },
    jsonGrammar(schema) {
      const key = JSON.stringify(schema);
      let grammar = grammars.get(key);
      if (!grammar) {
        grammar = llama.createGrammarForJsonSchema(schema as Readonly<GbnfJsonSchema> as never);
        grammar.catch(() => grammars.delete(key));
        grammars.set(key, grammar);
      }
      return grammar;
    },
  };
}

function entryFor(settings: ModelSettings): Entry {
  let entry = registry.get(settings.path);
  if (!entry) {
    const loads = (loadsByPath.get(settings.path) ?? 0) + 1;
    loadsByPath.set(settings.path, loads);
    const stats: ModelStats = { loads, loadMs: 0, threads: 0, sequences: 0, activeSequences: 0, peakActiveSequences: 0 };
    const loaded = load(settings, stats);
    const created: Entry = { loaded, stats, inFlight: new Set(), limit: pLimit(settings.parallelSequences) };
    // A failed load is not kept: the next call tries again.
    loaded.catch(() => {
      if (registry.get(settings.path) === created) registry.delete(settings.path);
    });
    registry.set(settings.path, created);
    entry = created;
  }
  return entry;
}

/**
 * Run `work` on a sequence of the model at `settings.path`, loading it on
 * first use. Every caller shares one loaded copy of the weights; at most
 * `parallelSequences` calls hold a sequence at once, the rest wait in order.
 */
export function withModelSequence<T>(
  settings: ModelSettings,
  work: (loaded: LoadedModel, sequence: LlamaContextSequence) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const entry = entryFor(settings);
  const call = entry.limit(async () => {
    const loaded = await entry.loaded;
    return loaded.withSequence((sequence) => work(loaded, sequence), signal);
  });
  entry.inFlight.add(call);
  const forget = () => entry.inFlight.delete(call);
  call.then(forget, forget);
  return call;
}

/** Counters of a loaded model; undefined when it is not loaded. */
export const modelStats = (path: string): ModelStats | undefined => registry.get(path)?.stats;

/** Paths of the models in memory. */
export const loadedModelPaths = (): string[] => [...registry.keys()];

/**
 * Free models (all, or those at `paths`): wait for their calls in flight,
 * then dispose the context and weights; once none is left, the llama.cpp
 * runtime too, so no native handle outlives the work. A later call loads
 * the model again.
 */
export async function disposeModels(paths?: Iterable<string>): Promise<void> {
  const targets = paths ? [...new Set(paths)].filter((path) => registry.has(path)) : [...registry.keys()];
  await Promise.all(
    targets.map(async (path) => {
      const entry = registry.get(path)!;
      registry.delete(path);
      await Promise.allSettled([...entry.inFlight]);
      const loaded = await entry.loaded.catch(() => undefined);
      if (!loaded) return;
      await loaded.context.dispose();
      await loaded.model.dispose();
    }),
  );
  if (registry.size === 0) await disposeLlama();
}
