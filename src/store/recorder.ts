/**
 * The run store side of an orchestrator: the store of its `store` option,
 * opened on first use, runs recorded into it, people's feedback, and closing
 * what it opened.
 */
import { z } from "zod";
import { InvalidInputError, parseOrThrow } from "../input.js";
import type { OrchestrationResult } from "../result.js";
import type { RunStoreSpec } from "./open.js";
import { toRunRecord } from "./record.js";
import type { RunStore } from "./types.js";

/** `feedback`'s arguments. */
const FeedbackSchema = z.object({
  taskId: z.string({ message: "must be a string" }).min(1, { message: "must not be empty" }),
  score: z.number({ message: "must be a number from 0 to 1" }).min(0, { message: "must be a number from 0 to 1" }).max(1, { message: "must be a number from 0 to 1" }),
});

/** Records an orchestrator's runs and feedback in the run store of its `store` option. */
export class RunRecorder {
  /** The run store this recorder opened (and so closes). */
  private owned?: Promise<RunStore>;

  /** @param spec - the `store` option: unset (record nothing), `false`, `true`, a path or connection string, or a store (the caller's to close) */
  constructor(private readonly spec: RunStoreSpec | undefined) {}

  /**
   * The run store, opened (and migrated) on first use; the storage code is
   * loaded only then. `fallback` stands in for an unset option (learned auto
   * mode and feedback need a store: the default one).
   */
  async store(fallback?: true): Promise<RunStore | undefined> {
    const spec = this.spec ?? fallback;
    if (spec === undefined || spec === false) return undefined;
    if (typeof spec === "object") return spec;
    if (!this.owned) {
      this.owned = import("./open.js").then(({ openRunStore }) => openRunStore(spec));
      // A database that was down may be up next time: do not keep the failure.
      this.owned.catch(() => (this.owned = undefined));
    }
    return this.owned;
  }

  /**
   * Record a person's verdict on a run (in the store, else the default one).
   *
   * @param taskId - the run's `taskId`
   * @param feedback - `score`: 0 (bad) .. 1 (good)
   * @throws InvalidInputError naming `taskId` or `score`, or an unknown run
   */
  async feedback(taskId: string, feedback: { score: number }): Promise<void> {
    const { score } = parseOrThrow(FeedbackSchema, { taskId, ...feedback });
    const store = await this.store(true);
    if (!(await store!.recordFeedback(taskId, score))) {
      throw new InvalidInputError(`taskId: no run "${taskId}" in the run store at ${store!.location}`);
    }
  }

  /**
   * Record a finished run, if there is a store; a store that fails is a
   * warning on the result, not a failure.
   *
   * @param warning - an earlier warning to add to the result (learned routing without a store)
   * @param strategy - the strategy learned auto mode ran
   */
  async record(result: OrchestrationResult, query: string, warning?: string, strategy?: string): Promise<OrchestrationResult> {
    const warnings = warning ? [warning] : [];
    try {
      const store = await this.store();
      await store?.recordRun(toRunRecord(result, { query, ...(strategy ? { strategy } : {}) }));
    } catch (error) {
      warnings.push(`store: run not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (warnings.length === 0) return result;
    return { ...result, metadata: { ...result.metadata, warnings: [...(result.metadata.warnings ?? []), ...warnings] } };
  }

  /** Close the store this recorder opened; it opens again when next needed. */
  async close(): Promise<void> {
    const store = this.owned;
    this.owned = undefined;
    await (await store?.catch(() => undefined))?.close();
  }
}
