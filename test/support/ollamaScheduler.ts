/**
 * A simulation of Ollama's model scheduler (`server/sched.go`; see
 * docs/ollama-scheduler.md) for the loopback test server: at most
 * `maxLoadedModels` models in memory, a load takes `loadMs`, each loaded
 * model serves `numParallel` requests at once, a request for a loaded model
 * takes it at once, every other request waits in one FIFO queue that blocks
 * while its head waits for an eviction (an idle model first, else the first
 * by name, once its requests are done). Models stay loaded until evicted (no
 * keep-alive expiry). `GET /api/ps` lists what is loaded; `events` logs every
 * load and eviction.
 */
import { performance } from "node:perf_hooks";

export interface SchedulerOptions {
  /** `OLLAMA_MAX_LOADED_MODELS`: models held at once. Default 1 (one GPU that fits one model). */
  maxLoadedModels?: number;
  /** `OLLAMA_NUM_PARALLEL`: requests one loaded model serves at once. Default 1. */
  numParallel?: number;
  /** Time to load a model, ms. Default 0. */
  loadMs?: number;
  /** Models loaded when the server starts and after `reset()` (tags; `name` means `name:latest`). */
  loaded?: string[];
  /** False: `GET /api/ps` answers 500, like a server that cannot report. Default true. */
  ps?: boolean;
}

/** A load (`startedAt` → `endedAt`) or an eviction (`startedAt` = `endedAt`), `performance.now()` ms. */
export interface SchedulerEvent {
  kind: "load" | "evict";
  model: string;
  startedAt: number;
  endedAt: number;
}

interface Runner {
  model: string;
  /** Requests that hold this runner (waiting for a slot or being answered). */
  refCount: number;
  freeSlots: number;
  slotWaiters: (() => void)[];
  /** Chosen for eviction: unload as soon as `refCount` reaches 0. */
  expiring?: () => void;
}

interface Pending {
  model: string;
  granted: (runner: Runner) => void;
  signal: AbortSignal;
}

const normalizeTag = (tag: string): string => (tag.includes(":") ? tag : `${tag}:latest`);

export class SimulatedScheduler {
  readonly maxLoadedModels: number;
  readonly numParallel: number;
  readonly loadMs: number;
  readonly psAnswers: boolean;
  /** Loads and evictions since start or `reset()`, in order. */
  events: SchedulerEvent[] = [];
  private runners = new Map<string, Runner>();
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly options: SchedulerOptions = {}) {
    this.maxLoadedModels = options.maxLoadedModels ?? 1;
    this.numParallel = options.numParallel ?? 1;
    this.loadMs = options.loadMs ?? 0;
    this.psAnswers = options.ps ?? true;
    this.reset();
  }

  /** The loads in `events`. */
  get loads(): SchedulerEvent[] {
    return this.events.filter((e) => e.kind === "load");
  }

  /** Models loaded now, in load order. */
  loaded(): string[] {
    return [...this.runners.keys()];
  }

  /** Forget the log and restore the models loaded at start. Requests in flight must be gone. */
  reset(): void {
    this.events = [];
    this.queue = [];
    this.runners = new Map((this.options.loaded ?? []).map((tag) => [normalizeTag(tag), this.newRunner(normalizeTag(tag))]));
  }

  /** `GET /api/ps`'s body (the fields a client reads). */
  ps(): { models: { name: string; model: string; size: number; size_vram: number; expires_at: string }[] } {
    const expires = new Date(Date.now() + 5 * 60_000).toISOString();
    return {
      models: this.loaded().map((name) => ({ name, model: name, size: 4e9, size_vram: 4e9, expires_at: expires })),
    };
  }

  /**
   * Wait until `model` is loaded and one of its slots is free; resolves with
   * the release to call when the answer is done and when the model's runner
   * was granted (`readyAt`, Ollama's `checkpointLoaded`: what its
   * `load_duration` measures up to, before a slot is free), or undefined
   * when `signal` aborted first (the client went away).
   */
  async acquire(model: string, signal: AbortSignal): Promise<{ release: () => void; readyAt: number } | undefined> {
    const tag = normalizeTag(model);
    let runner = this.runners.get(tag);
    if (runner) runner.refCount++;
    else {
      runner = await new Promise<Runner | undefined>((resolve) => {
        const pending: Pending = { model: tag, granted: resolve, signal };
        this.queue.push(pending);
        signal.addEventListener("abort", () => resolve(undefined), { once: true });
        void this.drain();
      });
      if (!runner) return undefined;
    }
    const readyAt = performance.now();
    const held = runner;
    if (held.freeSlots > 0) held.freeSlots--;
    else {
      const gotSlot = await new Promise<boolean>((resolve) => {
        const waiter = () => resolve(true);
        held.slotWaiters.push(waiter);
        signal.addEventListener(
          "abort",
          () => {
            held.slotWaiters.splice(held.slotWaiters.indexOf(waiter) >>> 0, 1);
            resolve(false);
          },
          { once: true },
        );
      });
      if (!gotSlot) {
        this.unref(held);
        return undefined;
      }
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = held.slotWaiters.shift();
      if (next) next();
      else held.freeSlots++;
      this.unref(held);
    };
    return { release, readyAt };
  }

  private newRunner(model: string): Runner {
    return { model, refCount: 0, freeSlots: this.numParallel, slotWaiters: [] };
  }

  private unref(runner: Runner): void {
    runner.refCount--;
    if (runner.refCount <= 0) runner.expiring?.();
  }

  /** The one pending loop: head of the queue first; nothing behind it moves until it has a runner. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let head = this.queue.shift(); head; head = this.queue.shift()) {
        if (head.signal.aborted) continue;
        const runner = await this.runnerFor(head.model);
        if (head.signal.aborted) continue; // the client left while its model loaded
        runner.refCount++;
        head.granted(runner);
      }
    } finally {
      this.draining = false;
    }
  }

  private async runnerFor(model: string): Promise<Runner> {
    for (;;) {
      const loaded = this.runners.get(model);
      if (loaded) return loaded;
      if (this.runners.size < this.maxLoadedModels) {
        const startedAt = performance.now();
        if (this.loadMs > 0) await new Promise((resolve) => setTimeout(resolve, this.loadMs));
        const runner = this.newRunner(model);
        this.runners.set(model, runner);
        this.events.push({ kind: "load", model, startedAt, endedAt: performance.now() });
        return runner;
      }
      const all = [...this.runners.values()].sort((a, b) => a.model.localeCompare(b.model));
      const victim = all.find((r) => r.refCount === 0) ?? all[0]!;
      await new Promise<void>((resolve) => {
        victim.expiring = resolve;
        if (victim.refCount <= 0) resolve();
      });
      this.runners.delete(victim.model);
      const at = performance.now();
      this.events.push({ kind: "evict", model: victim.model, startedAt: at, endedAt: at });
    }
  }
}
