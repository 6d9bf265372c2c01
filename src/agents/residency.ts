/**
 * Which models an Ollama server holds in memory right now (`GET /api/ps`),
 * asked at most once per `RESIDENCY_TTL_MS` per host. A server that does not
 * answer in time, or answers something else, holds nothing as far as
 * scheduling is concerned: residency only orders work, it never blocks it.
 */

/** How long an answer of `/api/ps` is reused. Loads take seconds, so a shorter view would not be fresher. */
export const RESIDENCY_TTL_MS = 2_000;
/** How long to wait for `/api/ps` before treating the host as holding nothing. */
export const RESIDENCY_TIMEOUT_MS = 1_000;

/** Ollama lists every model with its tag (`llama3` as `llama3:latest`): compare tags in that form. */
export const normalizeModelTag = (tag: string): string => {
  const name = tag.trim();
  return name.slice(name.lastIndexOf("/") + 1).includes(":") ? name : `${name}:latest`;
};

/** A model an Ollama server holds in memory, as `GET /api/ps` lists it. */
export interface LoadedModel {
  /** Its tag as the server writes it (`llama3:latest`). */
  model: string;
  /** Bytes in memory, and of those on the GPU (absent when the server does not say). */
  size?: number;
  sizeVram?: number;
}

/** The models loaded at `baseUrl` (`GET /api/ps`); undefined when it does not say in time. */
export async function fetchLoadedModels(baseUrl: string, timeoutMs = RESIDENCY_TIMEOUT_MS, signal?: AbortSignal): Promise<LoadedModel[] | undefined> {
  try {
    const timeout = AbortSignal.timeout(timeoutMs);
    const response = await fetch(`${baseUrl}/api/ps`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { models?: { name?: unknown; model?: unknown; size?: unknown; size_vram?: unknown }[] };
    if (!Array.isArray(body?.models)) return undefined;
    return body.models.flatMap((m) => {
      const model = m?.model ?? m?.name;
      if (typeof model !== "string") return [];
      return [{ model, ...(typeof m.size === "number" ? { size: m.size } : {}), ...(typeof m.size_vram === "number" ? { sizeVram: m.size_vram } : {}) }];
    });
  } catch {
    return undefined;
  }
}

/** The normalised tags of the models loaded at `baseUrl`; undefined when it does not say. */
export async function fetchResidentModels(baseUrl: string, timeoutMs = RESIDENCY_TIMEOUT_MS): Promise<Set<string> | undefined> {
  const models = await fetchLoadedModels(baseUrl, timeoutMs);
  return models && new Set(models.map((m) => normalizeModelTag(m.model)));
}

const NOTHING: ReadonlySet<string> = new Set();

/** One host's view of `/api/ps`: the last answer while it is fresh, one request at a time otherwise. */
export class ResidencyCache {
  private snapshot?: { models: Set<string>; answered: boolean; at: number };
  private pending?: Promise<Set<string>>;

  constructor(private readonly baseUrl: string) {}

  /** The resident models, from the cache when fresh. */
  get(): Promise<ReadonlySet<string>> {
    if (this.snapshot && performance.now() - this.snapshot.at < RESIDENCY_TTL_MS) return Promise.resolve(this.snapshot.models);
    this.pending ??= fetchResidentModels(this.baseUrl).then((models) => {
      this.snapshot = { models: models ?? new Set(), answered: models !== undefined, at: performance.now() };
      this.pending = undefined;
      return this.snapshot.models;
    });
    return this.pending;
  }

  /** The last answer, however old (empty before the first). */
  get last(): ReadonlySet<string> {
    return this.snapshot?.models ?? NOTHING;
  }

  /** Forget the answer's freshness (the next `get` asks again); `last` keeps it until then. */
  invalidate(): void {
    if (this.snapshot) this.snapshot.at = Number.NEGATIVE_INFINITY;
  }

  /** Whether the host answered the last time it was asked. */
  get answered(): boolean {
    return this.snapshot?.answered ?? false;
  }

  /** Whether the host did not answer when last asked, and that is still fresh: nothing to schedule by. */
  get silent(): boolean {
    return this.snapshot !== undefined && !this.snapshot.answered && performance.now() - this.snapshot.at < RESIDENCY_TTL_MS;
  }
}
