/**
 * Two processes opening the same new run-store files (`openRunStore`) at the
 * same moments. SQLite answers one of two processes that switch a new file to
 * WAL at once SQLITE_BUSY without waiting; lined up, about one open in five.
 * `expectEveryOpenAtOnceSucceeds` runs two opener processes (this file, run
 * as a script) over 40 new files each and checks that none failed.
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import { openRunStore } from "../../src/store/index.js";
import { sampleRun } from "./sampleRun.js";

const FILES = 40;
const SPACING_MS = 40;

/** Open the `i`-th store of `dir` and record a run in it. */
async function openOne(dir: string, i: number): Promise<void> {
  const store = await openRunStore(join(dir, `runs${i}.sqlite`));
  await store.recordRun(sampleRun(`${process.pid}-${i}`));
  await store.close();
}

/** Two opener processes over the same 40 new files, lined up: both must exit 0, with nothing on stderr. */
export async function expectEveryOpenAtOnceSucceeds(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "llmgenie-at-once-"));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  const startAt = String(Date.now() + 3_000); // both processes loaded by then
  const opener = () =>
    new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", tsx, fileURLToPath(import.meta.url), dir, startAt], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
      child.once("error", reject);
      child.once("close", (code) => resolve({ code, stderr }));
    });
  expect(await Promise.all([opener(), opener()])).toEqual([{ code: 0, stderr: "" }, { code: 0, stderr: "" }]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, startAt] = process.argv.slice(2) as [string, string];
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let failures = 0;
  for (let i = 0; i < FILES; i++) {
    // A blocking wait: the moment of each open must not depend on the event loop.
    const wait = Number(startAt) + i * SPACING_MS - Date.now();
    if (wait > 0) Atomics.wait(sleeper, 0, 0, wait);
    try {
      await openOne(dir, i);
    } catch (error) {
      failures++;
      console.error(`file ${i}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  process.exit(failures);
}
