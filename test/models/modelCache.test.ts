/**
 * Model downloads into the cache, against a loopback server that serves the
 * tiny GGUF file (node-llama-cpp's own downloader, no internet): progress,
 * reuse with no request, a cut-off download that fails in bounded time and
 * leaves nothing loadable, and one download for concurrent callers.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DownloadProgress,
  ensureModelFile,
  InvalidModelError,
  listCachedModels,
  ModelDownloadError,
  modelFilePath,
} from "../../src/models/modelCache.js";
import { startModelFileServer, type ModelFileServer } from "../support/modelFileServer.js";
import { tinyGgufBytes } from "../support/tinyGguf.js";

const bytes = tinyGgufBytes();
let server: ModelFileServer;

beforeAll(async () => {
  server = await startModelFileServer({ "/tiny.gguf": bytes, "/flaky.gguf": bytes, "/shared.gguf": bytes });
});
afterAll(() => server.close());

const freshDir = () => mkdtempSync(join(tmpdir(), "llmgenie-models-"));

describe("ensureModelFile", () => {
  it("downloads once with progress, then reuses the file without a request", async () => {
    const dir = freshDir();
    const url = `${server.url}/tiny.gguf`;
    const progress: DownloadProgress[] = [];
    const path = await ensureModelFile(url, { dir, onProgress: (p) => progress.push(p) });
    expect(path).toBe(modelFilePath(url, dir));
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ model: url, downloadedBytes: bytes.length, totalBytes: bytes.length });
    expect(listCachedModels(dir)).toEqual([{ file: path.slice(dir.length + 1), path, sizeBytes: bytes.length }]);

    const gets = server.gets;
    const again: DownloadProgress[] = [];
    expect(await ensureModelFile(url, { dir, onProgress: (p) => again.push(p) })).toBe(path);
    expect(server.gets).toBe(gets);
    expect(again).toEqual([]);
  });

  it("fails in bounded time when the connection keeps breaking, and leaves nothing to load", async () => {
    const dir = freshDir();
    const url = `${server.url}/flaky.gguf`;
    server.setComplete(false);
    try {
      const started = Date.now();
      const error = await ensureModelFile(url, { dir, stallTimeoutMs: 1_500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelDownloadError);
      expect((error as Error).message).toMatch(/download of .*flaky\.gguf failed: no data for 2 s \(the connection keeps breaking/);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(existsSync(modelFilePath(url, dir))).toBe(false);
      expect(listCachedModels(dir)).toEqual([]);
      expect(readdirSync(dir).filter((f) => f.endsWith(".gguf"))).toEqual([]);
    } finally {
      server.setComplete(true);
    }
    // The link is back: the next attempt downloads the whole file.
    expect(readFileSync(await ensureModelFile(url, { dir })).equals(bytes)).toBe(true);
  });

  it("shares one download between concurrent callers", async () => {
    const dir = freshDir();
    const url = `${server.url}/shared.gguf`;
    const [a, b] = await Promise.all([ensureModelFile(url, { dir }), ensureModelFile(url, { dir })]);
    expect(a).toBe(b);
    expect(readFileSync(a).equals(bytes)).toBe(true);
  });

  it("rejects names that are no model, and missing local files", async () => {
    await expect(ensureModelFile("qwen")).rejects.toThrow(InvalidModelError);
    await expect(ensureModelFile("qwen")).rejects.toThrow(/hf: URI/);
    await expect(ensureModelFile(join(freshDir(), "none.gguf"))).rejects.toThrow(/model file not found/);
  });
});
