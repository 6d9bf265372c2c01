/**
 * Model hosts: each Ollama server the agents use (its base URL) is a host.
 * A host lets at most `maxParallel` calls be in flight (p-limit), and, when
 * it reports what it holds (`GET /api/ps`), admits calls by model: at most
 * `maxModels` models have calls admitted at once, and the calls of one model
 * all run before another model is admitted (resident models first). A server that holds one model at a time therefore loads
 * each model once per run instead of swapping back and forth, and requests
 * wait here, where they can be ordered, instead of in Ollama's FIFO queue,
 * where they cannot (docs/ollama-scheduler.md).
 *
 * Hosts live in a `HostPool`: one per `AgentOrchestrator`, shared by all its
 * runs (they share the machine); graphs run without one (the LangGraph
 * server) share the process-wide pool.
 */
import { onAbort, raceAbort } from "./signals.js";
import pLimit, { type LimitFunction } from "p-limit";
import type { RunnableConfig } from "@langchain/core/runnables";
import { normalizeModelTag, ResidencyCache } from "./residency.js";
import type { ResolvedAgent } from "./resolve.js";

/** Calls in flight to one host when `hosts` does not say. */
export const DEFAULT_MAX_PARALLEL = 4;
/** Models one host holds at once when `hosts` does not say (one GPU, one model). */
export const DEFAULT_MAX_MODELS = 1;

/** Limits of one host (the `hosts` option's values). */
export interface HostOptions {
  /** Calls in flight to this host at most. Match it to `OLLAMA_NUM_PARALLEL` × the models it holds. Default 4. */
  maxParallel?: number;
  /** Models this host holds at once (`OLLAMA_MAX_LOADED_MODELS`, or fewer if they do not fit). Default 1. */
  maxModels?: number;
}

function parseHostKey(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return baseUrl.replace(/\/+$/, "");
  }
}

/**
 * Host keys by base URL as written. Every agent call looks its host up three
 * times, and parsing a URL cost more than the rest of the lookups together
 * (about half a per cent of a zero-latency fan-out through `ChatOllama`).
 */
const hostKeys = new Map<string, string>();

/** A base URL as a host key: origin and path, no trailing slash (`http://gpu:11434/` → `http://gpu:11434`). */
export function hostKey(baseUrl: string): string {
  let key = hostKeys.get(baseUrl);
  if (key === undefined) {
    if (hostKeys.size >= 256) hostKeys.clear();
    key = parseHostKey(baseUrl);
    hostKeys.set(baseUrl, key);
  }
  return key;
}

/** The host an agent's calls go to: Ollama agents only (their base URL); undefined for other chat models. */
export const hostOf = (agent: Pick<ResolvedAgent, "baseUrl">): string | undefined =>
  agent.baseUrl ? hostKey(agent.baseUrl) : undefined;

/** The limits `hosts` gives the host `url` (a host key), whichever way its URL was written there. */
export function hostOptions(hosts: Record<string, HostOptions>, url: string): HostOptions | undefined {
  if (hosts[url]) return hosts[url];
  for (const [key, options] of Object.entries(hosts)) if (hostKey(key) === url) return options;
  return undefined;
}

/** Event-loop turns to wait for more calls before choosing which model goes next. */
const SETTLE_TURNS = 20;

interface Waiter {
  model: string;
  admit: () => void;
}

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : Object.assign(new Error("The operation was aborted"), { name: "AbortError" });

/** One Ollama server: its in-flight cap, its model admission, its residency. */
export class ModelHost {
  readonly residency: ResidencyCache;
  private readonly limit: LimitFunction;
  private maxModels = DEFAULT_MAX_MODELS;
  /** Models with admitted calls (running or queued for a slot), and how many. */
  private readonly active = new Map<string, number>();
  private waiting: Waiter[] = [];
  private pumpScheduled = false;

  constructor(
    readonly url: string,
    options: HostOptions = {},
  ) {
    this.residency = new ResidencyCache(url);
    this.limit = pLimit(options.maxParallel ?? DEFAULT_MAX_PARALLEL);
    this.configure(options);
  }

  /** Apply (new) limits; calls already running keep their slots. */
  configure(options: HostOptions): void {
    const maxParallel = options.maxParallel ?? DEFAULT_MAX_PARALLEL;
    if (this.limit.concurrency !== maxParallel) this.limit.concurrency = maxParallel;
    this.maxModels = options.maxModels ?? DEFAULT_MAX_MODELS;
  }

  /** Calls in flight to this host at most. */
  get maxParallel(): number {
    return this.limit.concurrency;
  }

  /** Calls running on this host now. */
  get inFlight(): number {
    return this.limit.activeCount;
  }

  /** Models this host can hold at once: the setting, or more when `/api/ps` showed more loaded together. */
  get modelCapacity(): number {
    return Math.max(this.maxModels, this.residency.last.size);
  }

  /**
   * Run `call` (a request for `model`) once its model is admitted and a slot
   * is free. Rejects at once when `signal` aborts while it waits.
   */
  async run<T>(model: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const tag = normalizeModelTag(model);
    await this.admit(tag, signal);
    try {
      const running = this.limit(() => (signal?.aborted ? Promise.reject(abortError(signal)) : call()));
      if (!signal) return await running;
      running.catch(() => {}); // when the abort wins the race below, this rejection has no other reader
      return await raceAbort(running, signal, () => abortError(signal));
    } finally {
      this.release(tag);
    }
  }

  private admit(model: string, signal?: AbortSignal): Promise<void> | void {
    const count = this.active.get(model);
    if (count !== undefined || this.residency.silent) {
      // A host that does not say what it holds is not admitted by model: no choice to wait for.
      this.active.set(model, (count ?? 0) + 1);
      return;
    }
    if (signal?.aborted) throw abortError(signal);
    return new Promise<void>((resolve, reject) => {
      const unsubscribe = signal
        ? onAbort(signal, () => {
            this.waiting = this.waiting.filter((w) => w !== waiter);
            reject(abortError(signal));
          })
        : undefined;
      const waiter: Waiter = {
        model,
        admit: () => {
          unsubscribe?.();
          resolve();
        },
      };
      this.waiting.push(waiter);
      this.schedulePump();
    });
  }

  private release(model: string): void {
    const count = (this.active.get(model) ?? 1) - 1;
    if (count > 0) return void this.active.set(model, count);
    this.active.delete(model);
    if (this.waiting.length) this.schedulePump();
  }

  /** Decide after the current tick, so calls that arrive together (one superstep's) are seen together. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => void this.pump());
  }

  private async pump(): Promise<void> {
    try {
      // Cached for a while; a host that does not answer `/api/ps` (not Ollama, or too old) is not admitted by model.
      const resident = await this.residency.get();
      // One superstep's calls reach the host over several turns of the event loop: choose once they stop arriving.
      for (let seen = -1, turns = 0; seen !== this.waiting.length && turns < SETTLE_TURNS; turns++) {
        seen = this.waiting.length;
        await new Promise((resolve) => setImmediate(resolve));
      }
      this.admitWaiting(this.residency.answered ? resident : undefined);
    } finally {
      this.pumpScheduled = false;
    }
    if (this.waiting.length && (!this.residency.answered || this.waiting.some((w) => this.active.has(w.model)))) this.schedulePump();
  }

  /**
   * Admit the waiters of active models; while there is room, activate the
   * next model (resident first, else the oldest waiter's). Without a view of
   * the host (`resident` undefined), admit everyone.
   */
  private admitWaiting(resident: ReadonlySet<string> | undefined): void {
    for (;;) {
      const stay: Waiter[] = [];
      for (const waiter of this.waiting) {
        const count = resident ? this.active.get(waiter.model) : (this.active.get(waiter.model) ?? 0);
        if (count === undefined) stay.push(waiter);
        else {
          this.active.set(waiter.model, count + 1);
          waiter.admit();
        }
      }
      this.waiting = stay;
      if (!stay.length || !resident || this.active.size >= Math.max(this.maxModels, resident.size)) return;
      const next = stay.find((w) => resident.has(w.model)) ?? stay[0]!;
      // A model that was not loaded will be: what the host holds changes, so ask again next time.
      if (!resident.has(next.model)) this.residency.invalidate();
      this.active.set(next.model, 0);
    }
  }
}

/** The hosts of one orchestrator (or of the process), by host key. */
export class HostPool {
  private readonly hosts = new Map<string, ModelHost>();
  private readonly fixed: Map<string, HostOptions>;

  /**
   * @param fixed - limits by base URL that runs cannot change (a served
   *   graph's config file: the server's operator sets them, not its callers)
   */
  constructor(fixed: Record<string, HostOptions> = {}) {
    this.fixed = new Map(Object.entries(fixed).map(([url, options]) => [hostKey(url), options]));
  }

  /** The host at `url`, created on first use, with its fixed limits applied, else `options`. */
  host(url: string, options: HostOptions = {}): ModelHost {
    const key = hostKey(url);
    const limits = this.fixed.get(key) ?? options;
    let host = this.hosts.get(key);
    if (!host) this.hosts.set(key, (host = new ModelHost(key, limits)));
    else host.configure(limits);
    return host;
  }
}

/** The pool of runs that carry none (graphs served by the LangGraph server): one per process. */
export const sharedHostPool = new HostPool();

/** The key under `configurable` that carries an orchestrator's pool into its runs. */
export const HOST_POOL_KEY = "__llmgenie_host_pool";

/** The pool a run schedules its hosts in. */
export const hostPoolOf = (config?: RunnableConfig): HostPool =>
  (config?.configurable?.[HOST_POOL_KEY] as HostPool | undefined) ?? sharedHostPool;

/**
 * Run an agent's model call under its host's limits (the `runAgent` hook).
 * Agents that are not Ollama models run as given.
 *
 * @param hosts - the run's `hosts` option (host key → limits)
 */
export function callOnHost<T>(
  agent: ResolvedAgent,
  hosts: Record<string, HostOptions>,
  config: RunnableConfig,
  call: () => Promise<T>,
): Promise<T> {
  const url = hostOf(agent);
  if (!url) return call();
  return hostPoolOf(config).host(url, hostOptions(hosts, url)).run(agent.modelName, call, config.signal);
}
