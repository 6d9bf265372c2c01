/**
 * What a run's request log says about its model time: the stages of the
 * dependency chain, the critical path of model time, and the peak number of
 * requests in flight.
 */
import type { ChatLogEntry } from "./modelServer.js";

/** Requests that overlapped in time: one stage of the run's dependency chain. */
export interface Stage {
  start: number;
  end: number;
  requests: ChatLogEntry[];
}

/**
 * Group requests into stages: a request that starts before every request of
 * the current stage has ended runs alongside them; one that starts after
 * depends on them (a fan-out's calls overlap; a merge, the next sequential
 * step or the next fallback round starts only when the stage before is done).
 * Valid when nothing queues requests behind a concurrency cap.
 */
export function stagesOf(requests: readonly ChatLogEntry[]): Stage[] {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  const stages: Stage[] = [];
  for (const request of sorted) {
    const current = stages.at(-1);
    if (current && request.startedAt < current.end) {
      current.requests.push(request);
      current.end = Math.max(current.end, request.endedAt);
    } else {
      stages.push({ start: request.startedAt, end: request.endedAt, requests: [request] });
    }
  }
  return stages;
}

/** Model time along the dependency chain, two ways (ms). */
export interface CriticalPath {
  /**
   * Σ over stages of the longest single request: the time the run would take
   * if the framework cost nothing and every stage's calls started together.
   */
  longest: number;
  /** Σ over stages of the time at least one request was in flight (start of the first to end of the last). */
  busy: number;
  stages: number;
  requests: number;
}

export function criticalPath(requests: readonly ChatLogEntry[]): CriticalPath {
  const stages = stagesOf(requests);
  let longest = 0;
  let busy = 0;
  for (const stage of stages) {
    longest += Math.max(...stage.requests.map((r) => r.endedAt - r.startedAt));
    busy += stage.end - stage.start;
  }
  return { longest, busy, stages: stages.length, requests: requests.length };
}

/** Most requests open at the same time. */
export function peakInFlight(requests: readonly ChatLogEntry[]): number {
  const events: Array<[number, number]> = [];
  for (const r of requests) {
    events.push([r.startedAt, 1]);
    events.push([Number.isNaN(r.endedAt) ? Number.POSITIVE_INFINITY : r.endedAt, -1]);
  }
  // Ends before starts at the same instant: a slot freed and reused is not two in flight.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, delta] of events) {
    open += delta;
    peak = Math.max(peak, open);
  }
  return peak;
}
