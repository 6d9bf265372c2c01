/**
 * What the run store keeps: one row per run and one per agent attempt, and
 * the questions asked of it (recent runs, per-agent statistics, an eval's
 * finished items, the record of each strategy on a task type).
 */
import type { Prices } from "../cost.js";

/** One agent attempt of a run (an `AgentResult`, without its text). */
export interface AttemptRecord {
  agent: string;
  model: string;
  task: string;
  status: "completed" | "failed";
  quality?: number;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** How many tools the agent called in this attempt. */
  toolCalls: number;
  error?: string;
}

/** Where an eval run came from: which eval, item and repetition. */
export interface EvalRef {
  evalId: string;
  itemId: string;
  repeat: number;
}

/** One orchestration run as stored. */
export interface RunRecord {
  taskId: string;
  /** ISO time the run ended. */
  createdAt: string;
  query: string;
  taskType?: string;
  /** The execution mode the run used. */
  mode: string;
  /** `auto`, a mode, or `single:<agent>`. */
  strategy: string;
  status: string;
  quality: number;
  /** The eval check's outcome; absent outside evals and for items without a check. */
  checkPassed?: boolean;
  latencyMs: number;
  inputTokens: number;
  outputTokens: number;
  error?: string;
  eval?: EvalRef;
  attempts: AttemptRecord[];
}

/** A stored run as listed: the run's fields, its person's verdict, its attempt count. */
export interface StoredRun extends Omit<RunRecord, "attempts"> {
  /** `feedback(taskId, { score })`, 0..1. */
  feedback?: number;
  attemptCount: number;
}

/** Aggregates of one agent on one task type. */
export interface AgentStat {
  agent: string;
  taskType: string;
  attempts: number;
  /** Completed attempts / attempts. */
  successRate: number;
  /** Mean quality of the attempts that have a score; null when none has. */
  meanQuality: number | null;
  p50LatencyMs: number;
  inputTokens: number;
  outputTokens: number;
  /** Money for these tokens at the `prices` given to `agentStats` (attempts of unpriced models count nothing); absent without prices, or when none of the agent's models has one. */
  cost?: number;
}

/** A run reduced to what learned routing needs: its strategy and whether it succeeded. */
export interface StrategyOutcome {
  strategy: string;
  passed: boolean;
  /** Why it counts: a person's `feedback`, the eval's `check`, or the eval's `quality` (no check). */
  source: "feedback" | "check" | "quality";
}

/** The run store: SQLite or PostgreSQL behind one interface. */
export interface RunStore {
  /** `sqlite:<path>` or the redacted PostgreSQL URL. */
  readonly location: string;
  /** Save a run and its attempts in one transaction; a run saved again (same taskId) is replaced, its feedback kept. */
  recordRun(run: RunRecord): Promise<void>;
  /** The latest runs, newest first. */
  listRuns(options?: { limit?: number }): Promise<StoredRun[]>;
  /** Per agent and task type: attempts, success rate, mean quality, p50 latency, tokens. */
  /** Per agent and task type; with `prices` (model → price per million tokens), the money they cost. */
  agentStats(prices?: Prices): Promise<AgentStat[]>;
  /** Record a person's verdict (0..1) on a run; false when no run has that taskId. */
  recordFeedback(taskId: string, score: number): Promise<boolean>;
  /** Every stored run of an eval (attempts not loaded). */
  evalRuns(evalId: string): Promise<StoredRun[]>;
  /** Runs of a task type that have an outcome: eval runs and runs with feedback. */
  strategyOutcomes(taskType: string): Promise<StrategyOutcome[]>;
  /** Release the database (file handle or pool). */
  close(): Promise<void>;
}
