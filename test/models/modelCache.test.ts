/**
 * Model downloads into the cache, against a loopback server that serves the
 * tiny GGUF file (node-llama-cpp's own downloader, no internet): progress,
 * reuse with no request, a cut-off download that fails in bounded time and
 * leaves nothing loadable, a server that does not answer (an error within
 * the stall timeout, not the downloader's 12 minutes of silent retries), and
 * one download for concurrent callers.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createServer, type Server } from "node:net";
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
import { closedPort } from "../cli/cliProcess.js";

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

  describe("a server that does not answer fails the download within the stall timeout, leaving nothing", () => {
    const failsFast = async (spec: string, message: RegExp) => {
      const dir = freshDir();
      const started = Date.now();
      const error = await ensureModelFile(spec, { dir, stallTimeoutMs: 1_500 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelDownloadError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toContain("check the network, or set LLMGENIE_MODEL to a local .gguf file");
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(readdirSync(dir)).toEqual([]);
    };

    it("nothing listens: the URL's server and the reason", async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      await failsFast(`${url}/model.gguf`, new RegExp(`^cannot download ${url}/model\\.gguf: no answer from ${url} \\(ECONNREFUSED\\)`));
    });

    it("it accepts the connection and says nothing: no answer within the timeout", async () => {
      const silent: Server = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
      try {
        await failsFast(`${url}/model.gguf`, new RegExp(`no answer from ${url} \\(no answer within 2 s\\)`));
      } finally {
        silent.close();
      }
    });

    it("an hf: URI: the Hugging Face endpoint it downloads from (HF_ENDPOINT here)", async () => {
      const endpoint = `http://127.0.0.1:${await closedPort()}`;
      const saved = { HF_ENDPOINT: process.env.HF_ENDPOINT, MODEL_ENDPOINT: process.env.MODEL_ENDPOINT };
      process.env.HF_ENDPOINT = `${endpoint}/`;
      delete process.env.MODEL_ENDPOINT;
      try {
        await failsFast("hf:owner/repo/model.gguf", new RegExp(`no answer from ${endpoint} \\(ECONNREFUSED\\)`));
      } finally {
        for (const [key, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[key];
          else process.env[key] = value;
        }
      }
    });
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
