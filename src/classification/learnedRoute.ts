/**
 * Learned auto mode for one orchestrator: the run store to learn from, its
 * seeded source of chance, and which strategies its agents can run. The
 * statistics (`./learned.js`) are loaded on first use, so they stay out of
 * `import("llmgenie")`.
 */
import type { AgentSpec } from "../configuration.js";
import { ExecutionModeSchema, type Classification } from "../state/schemas.js";
import type { RunStore } from "../store/types.js";
import { singleAgentOf } from "../strategy.js";
import type { LearnedChoice } from "./learned.js";

/**
 * Learned auto mode's choice, announced to `orchestrate`'s observers before
 * the run starts (a `custom` event): inside the graph the chosen mode is a
 * given one, so the graph's own classification cannot say why it was chosen.
 */
export interface RouteEvent {
  event: "route";
  /** The strategy that runs: a mode or `single:<agent>`. */
  strategy: string;
  /** `learned` (the store's best), `exploring` (another, on purpose) or `rules` (too few records). */
  source: LearnedChoice["source"];
  /** The rules' classification, its reasoning the learned evidence. */
  classification: Classification;
}

/** Learned auto mode's answer: a choice with its classification, or a warning (no store: the rules decide). */
export interface LearnedRoute {
  choice?: LearnedChoice;
  classification?: Classification;
  warning?: string;
}

/** Routes queries for `classifier: "learned"`; one per orchestrator, so a seeded exploration sequence runs on across its runs. */
export class LearnedRouter {
  /** Made on first use, seeded by `explorationSeed`. */
  private random?: () => number;

  /**
   * @param options - `explorationSeed` (reproducible exploration), `explorationRate` (0..1)
   * @param store - the run store to learn from (opened on call; may reject or be undefined)
   */
  constructor(
    private readonly options: { explorationSeed?: number; explorationRate?: number },
    private readonly store: () => Promise<RunStore | undefined>,
  ) {}

  /**
   * Learned auto mode's choice for a query (see `classifyLearned`) among the
   * strategies `agents` can run; without a store, a warning and the rules.
   */
  async route(query: string, subtasks: readonly string[], agents: Record<string, AgentSpec>): Promise<LearnedRoute> {
    let store: RunStore | undefined;
    try {
      store = await this.store();
    } catch (error) {
      return { warning: `classifier: learned mode has no run store (${error instanceof Error ? error.message : String(error)}); used rules` };
    }
    if (!store) return { warning: "classifier: learned mode needs a run store (the store option is false); used rules" };
    const { classifyLearned, seededRandom } = await import("./learned.js");
    const seed = this.options.explorationSeed;
    this.random ??= seed === undefined ? Math.random : seededRandom(seed);
    const modes: readonly string[] = ExecutionModeSchema.options;
    const runnable = (strategy: string) => {
      const agent = singleAgentOf(strategy);
      return agent !== undefined ? Object.hasOwn(agents, agent) : modes.includes(strategy);
    };
    return classifyLearned(query, subtasks, store, {
      runnable,
      random: this.random,
      ...(this.options.explorationRate !== undefined ? { explorationRate: this.options.explorationRate } : {}),
    });
  }
}
