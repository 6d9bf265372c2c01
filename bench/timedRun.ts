/**
 * One measured run: reset the server's log, time the run on this process's
 * clock, then read what the server saw.
 */
import type { OrchestrationResult } from "../src/result.js";
import type { BenchServer, ChatLogEntry } from "./modelServer.js";

export interface TimedRun<T> {
  wallMs: number;
  /** User + system CPU time of this process during the run (the server's too when it runs in this process). */
  cpuMs: number;
  chats: ChatLogEntry[];
  value: T;
}

/**
 * @throws when the run made another number of model calls than expected: a
 * benchmark of a run that took another path measures nothing
 */
export async function timedRun<T>(
  server: BenchServer,
  run: () => Promise<T>,
  options: { prompts?: boolean; expectRequests?: number } = {},
): Promise<TimedRun<T>> {
  await server.reset();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const chats = await server.chats({ prompts: options.prompts ?? false });
  if (options.expectRequests !== undefined && chats.length !== options.expectRequests) {
    throw new Error(`bench run made ${chats.length} model calls, expected ${options.expectRequests}`);
  }
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, chats, value };
}

/** The result, if the run completed. @throws otherwise */
export function completed(result: OrchestrationResult): OrchestrationResult {
  if (result.status !== "completed") {
    throw new Error(`bench run ended ${result.status}: ${result.error ?? result.metadata.warnings?.join("; ") ?? ""}`);
  }
  return result;
}
