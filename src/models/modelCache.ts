import { closeSync, existsSync, mkdirSync, openSync, readSync, readdirSync, rmSync, statSync, truncateSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { loadRuntime } from "./runtime.js";
import { unreachableServer } from "./downloadSource.js";

/**
 * The default embedded model: Qwen2.5 1.5B Instruct, Q4_K_M (about 1.1 GB).
 * Apache-2.0, trained for tool calling (node-llama-cpp speaks its function
 * calling format), follows JSON schemas well for its size, and generates at a
 * readable pace on a laptop CPU. The file form of the URI names the exact
 * file, so resolving it needs no Hugging Face API call.
 */
export const DEFAULT_EMBEDDED_MODEL = "hf:Qwen/Qwen2.5-1.5B-Instruct-GGUF/qwen2.5-1.5b-instruct-q4_k_m.gguf";

/** A download that moves no new byte for this long has failed (node-llama-cpp's downloader would retry without end). */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000;

/** `LLMGENIE_DOWNLOAD_STALL_MS` when it is a positive integer. */
const stallFromEnv = (): number | undefined => {
  const value = Number(process.env.LLMGENIE_DOWNLOAD_STALL_MS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};

/** The embedded model to use: `LLMGENIE_MODEL`, else the default. */
export const embeddedModelSpec = (): string => process.env.LLMGENIE_MODEL?.trim() || DEFAULT_EMBEDDED_MODEL;

/** Where downloaded models are kept: `LLMGENIE_MODELS_DIR`, else `llmgenie/models` in the user's cache directory. */
export function modelsDir(): string {
  if (process.env.LLMGENIE_MODELS_DIR) return resolve(process.env.LLMGENIE_MODELS_DIR);
  const cache =
    process.platform === "win32"
      ? (process.env.LOCALAPPDATA ?? join(homedir(), "AppData", "Local"))
      : process.platform === "darwin"
        ? join(homedir(), "Library", "Caches")
        : (process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"));
  return join(cache, "llmgenie", "models");
}

/** The model is fetched (`hf:` URI or http(s) URL) rather than read from a local path. */
export const isRemoteModel = (spec: string): boolean => /^(hf:|https?:\/\/)/i.test(spec);

/** A bad model name: not an `hf:` URI, an http(s) URL or a `.gguf` path. */
export class InvalidModelError extends Error {
  override name = "InvalidModelError";
}

/** Why `spec` is not a usable model name, or undefined when it is. */
export function modelSpecProblem(spec: string): string | undefined {
  if (isRemoteModel(spec) || /\.gguf$/i.test(spec)) return undefined;
  return `"${spec}" is not a model: give an hf: URI (hf:owner/repo/file.gguf or hf:owner/repo:quant), an http(s) URL of a GGUF file, or a path to a .gguf file`;
}

/**
 * The cache file of a remote model: a name derived from the whole URI (so
 * two servers' `model.gguf` never collide, and a later run finds the file
 * with no network call).
 */
export function cacheFileName(spec: string): string {
  const name = spec
    .replace(/^https?:\/\//i, "")
    .replace(/^hf:/i, "hf_")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "");
  return /\.gguf$/i.test(name) ? name : `${name}.gguf`;
}

/** Where the model's file is (or will be once downloaded). */
export function modelFilePath(spec: string, dir = modelsDir()): string {
  return isRemoteModel(spec) ? join(dir, cacheFileName(spec)) : resolve(spec);
}

/** A GGUF file starts with these four bytes. */
function isGguf(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const magic = Buffer.alloc(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && magic.toString("latin1") === "GGUF";
  } finally {
    closeSync(fd);
  }
}

/** Download progress: bytes so far and in all, and the current rate. */
export interface DownloadProgress {
  model: string;
  downloadedBytes: number;
  totalBytes: number;
  bytesPerSecond: number;
}

export interface EnsureModelOptions {
  /** Called as bytes arrive (not called when the file is already there). */
  onProgress?: (progress: DownloadProgress) => void;
  /** Cancels the download (the partial file is removed). */
  signal?: AbortSignal;
  /** Fail when no new byte arrives for this long. Default `LLMGENIE_DOWNLOAD_STALL_MS`, else 30 s. */
  stallTimeoutMs?: number;
  /** Default: `modelsDir()`. */
  dir?: string;
}

/** A download failed or was cut off; nothing half-written is left where a model is looked for. */
export class ModelDownloadError extends Error {
  override name = "ModelDownloadError";
}

const inFlight = new Map<string, Promise<string>>();

/**
 * The local file of a model, downloading it first if it is remote and not in
 * the cache yet. The download goes to a temporary `.ipull` file, renamed only
 * once complete (node-llama-cpp's downloader, ipull), then checked (size,
 * GGUF header), so an interrupted download is never loaded. One download per
 * file at a time: concurrent callers share it.
 *
 * @param spec - `hf:` URI, http(s) URL, or path to a `.gguf` file
 * @throws InvalidModelError for a name that is none of these, or a local file that is missing
 * @throws ModelDownloadError when the download fails or stalls for `stallTimeoutMs`
 */
export function ensureModelFile(spec: string, options: EnsureModelOptions = {}): Promise<string> {
  const problem = modelSpecProblem(spec);
  if (problem) return Promise.reject(new InvalidModelError(problem));
  const path = modelFilePath(spec, options.dir);
  if (!isRemoteModel(spec)) {
    return existsSync(path)
      ? Promise.resolve(path)
      : Promise.reject(new InvalidModelError(`model file not found: ${path}`));
  }
  if (existsSync(path)) return Promise.resolve(path);
  let download = inFlight.get(path);
  if (!download) {
    download = downloadModel(spec, path, options).finally(() => inFlight.delete(path));
    inFlight.set(path, download);
  }
  return download;
}

async function downloadModel(spec: string, path: string, options: EnsureModelOptions): Promise<string> {
  const { createModelDownloader } = await loadRuntime();
  const dir = options.dir ?? modelsDir();
  mkdirSync(dir, { recursive: true });
  const stallMs = options.stallTimeoutMs ?? stallFromEnv() ?? DEFAULT_STALL_TIMEOUT_MS;
  const unreachable = await unreachableServer(spec, stallMs, options.signal);
  if (unreachable) {
    throw new ModelDownloadError(
      `cannot download ${spec}: no answer from ${unreachable.server} (${unreachable.reason}); ` +
        "check the network, or set LLMGENIE_MODEL to a local .gguf file",
    );
  }
  let downloader: Awaited<ReturnType<typeof createModelDownloader>>;
  try {
    downloader = await createModelDownloader({
      modelUri: spec,
      dirPath: dir,
      fileName: basename(path),
      showCliProgress: false,
      skipExisting: false,
      deleteTempFileOnCancel: true,
      onProgress: ({ downloadedSize, totalSize, averageSpeed }) =>
        options.onProgress?.({ model: spec, downloadedBytes: downloadedSize, totalBytes: totalSize, bytesPerSecond: averageSpeed }),
    });
  } catch (error) {
    throw new ModelDownloadError(`cannot download ${spec}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  // The watchdog: ipull retries a connection that keeps breaking without end, so
  // a download that brings no new byte for `stallMs` is cancelled and fails.
  const stalled = new AbortController();
  let highWater = 0;
  let lastGain = Date.now();
  const watchdog = setInterval(() => {
    const size = downloader.downloadedSize;
    if (size > highWater) {
      highWater = size;
      lastGain = Date.now();
    } else if (Date.now() - lastGain >= stallMs) stalled.abort();
  }, Math.min(1_000, Math.max(50, stallMs / 4)));
  watchdog.unref();
  const signal = options.signal ? AbortSignal.any([options.signal, stalled.signal]) : stalled.signal;
  const stallError = (cause?: unknown) =>
    new ModelDownloadError(
      `download of ${spec} failed: no data for ${Math.round(stallMs / 1000)} s (the connection keeps breaking; ` +
        `${highWater} of ${downloader.totalSize || "?"} bytes); run the command again to retry`,
      { cause },
    );
  try {
    await downloader.download({ signal });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    if (stalled.signal.aborted) throw stallError(error);
    throw new ModelDownloadError(
      `download of ${spec} failed: ${error instanceof Error ? error.message : String(error)}; run the command again to retry`,
      { cause: error },
    );
  } finally {
    clearInterval(watchdog);
    if (stalled.signal.aborted || options.signal?.aborted) await downloader.cancel({ deleteTempFile: true }).catch(() => undefined);
  }
  // A cancelled download may settle quietly: the signals say why it ended.
  if (options.signal?.aborted) throw options.signal.reason;
  if (stalled.signal.aborted) throw stallError();
  const expected = downloader.totalSize;
  let size = existsSync(path) ? statSync(path).size : -1;
  // ipull keeps its progress record after the data and truncates it away when done, but under load a
  // last record can be written after that (seen here: 63 bytes too many). The model is the first `expected` bytes.
  if (expected > 0 && size > expected) {
    truncateSync(path, expected);
    size = expected;
  }
  if (size < 0 || (expected > 0 && size !== expected) || !isGguf(path)) {
    rmSync(path, { force: true });
    throw new ModelDownloadError(
      `download of ${spec} is incomplete or not a GGUF model (${Math.max(size, 0)} of ${expected || "?"} bytes); run the command again to retry`,
    );
  }
  return path;
}

/** A model file in the cache. */
export interface CachedModel {
  file: string;
  path: string;
  sizeBytes: number;
}

/** The complete model files in the cache (downloads in progress excluded), by name. */
export function listCachedModels(dir = modelsDir()): CachedModel[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.gguf$/i.test(file))
    .map((file) => ({ file, path: join(dir, file), sizeBytes: statSync(join(dir, file)).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}
