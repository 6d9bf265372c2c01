/**
 * The compiled auto-mode graphs of an orchestrator: one plain (or with the
 * caller's saver), and one that checkpoints for `threadId` runs, compiled
 * with a checkpointer this module creates and closes.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { closeCheckpointer, createCheckpointer } from "../checkpointer.js";
import type { createOrchestratorGraph } from "../graphs/orchestrator.js";

/** The compiled auto-mode graph. */
export type OrchestratorGraph = ReturnType<ReturnType<typeof createOrchestratorGraph>["compile"]>;

/** The `checkpointer` option: a saver (the caller's), or a PostgreSQL connection string. */
type CheckpointerOption = BaseCheckpointSaver | string | undefined;

/** The auto-mode graph builder, compiled once plainly and once with a checkpointer. */
export class RunGraphs {
  /** The compiled auto-mode graph (without a checkpointer unless one was given). */
  readonly graph: OrchestratorGraph;
  /** The checkpointing graph for `threadId` runs, once its checkpointer is set up. */
  private resumable?: Promise<OrchestratorGraph>;
  /** A checkpointer created here (and so closed here). */
  private owned?: Promise<BaseCheckpointSaver>;

  /**
   * @param builder - the auto-mode graph builder
   * @param checkpointer - the `checkpointer` option
   * @param checkpointPath - the `checkpointPath` option (SQLite)
   */
  constructor(
    private readonly builder: ReturnType<typeof createOrchestratorGraph>,
    private readonly checkpointer: CheckpointerOption,
    private readonly checkpointPath: string | undefined,
  ) {
    this.graph = builder.compile({
      name: "orchestrator",
      checkpointer: typeof checkpointer === "string" ? undefined : checkpointer,
    });
  }

  /**
   * The graph for a run: with `threadId`, one that checkpoints — to the given
   * saver, to PostgreSQL for a connection string (`checkpointer` or
   * `LLMGENIE_DATABASE_URL` or a PostgreSQL `DATABASE_URL`), else to SQLite at `checkpointPath`. The
   * checkpointer is created and set up once, on the first `threadId` run.
   *
   * @throws CheckpointerError when the checkpointer cannot be set up (not kept: the next run tries again)
   */
  async forThread(threadId: string | undefined): Promise<OrchestratorGraph> {
    const { checkpointer, checkpointPath } = this;
    if (!threadId || (checkpointer && typeof checkpointer !== "string")) return this.graph;
    if (!this.resumable) {
      const saver = createCheckpointer(
        typeof checkpointer === "string" ? { connectionString: checkpointer } : { path: checkpointPath },
      );
      this.owned = saver;
      this.resumable = saver.then((saved) => this.builder.compile({ name: "orchestrator", checkpointer: saved }));
      // A database that was down may be up on the next run: do not keep the failure.
      this.resumable.catch(() => {
        this.resumable = undefined;
        this.owned = undefined;
      });
    }
    return this.resumable;
  }

  /** Release the checkpointer created here (PostgreSQL pool, SQLite file); a new one is created when next needed. */
  async close(): Promise<void> {
    const owned = this.owned;
    this.owned = undefined;
    this.resumable = undefined;
    const saver = await owned?.catch(() => undefined);
    if (saver) await closeCheckpointer(saver);
  }
}
