/**
 * The run store over a SQL driver: the same statements on SQLite and
 * PostgreSQL. Aggregates that SQL cannot express portably (the median) are
 * computed here from the rows the indexed queries return.
 */
import { costOfRun, type Prices } from "../cost.js";
import { median } from "simple-statistics";
import type { SqlDriver } from "./driver.js";
import { migrate } from "./schema.js";
import type { AgentStat, RunRecord, RunStore, StoredRun, StrategyOutcome } from "./types.js";

const RUN_COLUMNS = [
  "task_id", "created_at", "query", "task_type", "mode", "strategy", "status", "quality", "check_passed",
  "latency_ms", "input_tokens", "output_tokens", "error", "eval_id", "item_id", "repeat_index",
] as const;
const ATTEMPT_COLUMNS = [
  "run_id", "seq", "agent", "model", "task", "status", "quality", "latency_ms", "input_tokens", "output_tokens", "tool_calls", "error",
] as const;

const placeholders = (n: number): string => Array.from({ length: n }, () => "?").join(", ");

/** A run's row as the database returns it (PostgreSQL gives aggregates and bigints as strings). */
interface RunRow {
  task_id: string;
  created_at: string;
  query: string;
  task_type: string | null;
  mode: string;
  strategy: string;
  status: string;
  quality: number | string;
  check_passed: number | string | null;
  latency_ms: number | string;
  input_tokens: number | string;
  output_tokens: number | string;
  error: string | null;
  eval_id: string | null;
  item_id: string | null;
  repeat_index: number | string | null;
  feedback: number | string | null;
  attempt_count: number | string;
}

function toStoredRun(row: RunRow): StoredRun {
  return {
    taskId: row.task_id,
    createdAt: row.created_at,
    query: row.query,
    ...(row.task_type !== null ? { taskType: row.task_type } : {}),
    mode: row.mode,
    strategy: row.strategy,
    status: row.status,
    quality: Number(row.quality),
    ...(row.check_passed !== null ? { checkPassed: Number(row.check_passed) === 1 } : {}),
    latencyMs: Number(row.latency_ms),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    ...(row.error !== null ? { error: row.error } : {}),
    ...(row.eval_id !== null && row.item_id !== null
      ? { eval: { evalId: row.eval_id, itemId: row.item_id, repeat: Number(row.repeat_index ?? 0) } }
      : {}),
    ...(row.feedback !== null ? { feedback: Number(row.feedback) } : {}),
    attemptCount: Number(row.attempt_count),
  };
}

const SELECT_RUNS = `SELECT r.*, (SELECT COUNT(*) FROM attempts a WHERE a.run_id = r.task_id) AS attempt_count FROM runs r`;

/** A `RunStore` on an open driver; `open` migrates the schema first. */
export class SqlRunStore implements RunStore {
  private constructor(private readonly driver: SqlDriver) {}

  /** The store on `driver`, its schema brought up to date. */
  static async open(driver: SqlDriver): Promise<SqlRunStore> {
    try {
      await migrate(driver);
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw error;
    }
    return new SqlRunStore(driver);
  }

  get location(): string {
    return this.driver.location;
  }

  async recordRun(run: RunRecord): Promise<void> {
    const values = [
      run.taskId, run.createdAt, run.query, run.taskType ?? null, run.mode, run.strategy, run.status, run.quality,
      run.checkPassed === undefined ? null : run.checkPassed ? 1 : 0, Math.round(run.latencyMs), run.inputTokens,
      run.outputTokens, run.error ?? null, run.eval?.evalId ?? null, run.eval?.itemId ?? null, run.eval?.repeat ?? null,
    ];
    const updates = RUN_COLUMNS.filter((c) => c !== "task_id").map((c) => `${c} = excluded.${c}`).join(", ");
    await this.driver.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO runs (${RUN_COLUMNS.join(", ")}) VALUES (${placeholders(RUN_COLUMNS.length)})
         ON CONFLICT (task_id) DO UPDATE SET ${updates}`,
        values,
      );
      await tx.run("DELETE FROM attempts WHERE run_id = ?", [run.taskId]);
      for (const [seq, a] of run.attempts.entries()) {
        await tx.run(`INSERT INTO attempts (${ATTEMPT_COLUMNS.join(", ")}) VALUES (${placeholders(ATTEMPT_COLUMNS.length)})`, [
          run.taskId, seq, a.agent, a.model, a.task, a.status, a.quality ?? null, Math.round(a.latencyMs),
          a.inputTokens, a.outputTokens, a.toolCalls, a.error ?? null,
        ]);
      }
    });
  }

  async listRuns({ limit = 20 }: { limit?: number } = {}): Promise<StoredRun[]> {
    const rows = await this.driver.all<RunRow>(`${SELECT_RUNS} ORDER BY r.created_at DESC, r.task_id LIMIT ?`, [limit]);
    return rows.map(toStoredRun);
  }

  async evalRuns(evalId: string): Promise<StoredRun[]> {
    const rows = await this.driver.all<RunRow>(`${SELECT_RUNS} WHERE r.eval_id = ? ORDER BY r.created_at`, [evalId]);
    return rows.map(toStoredRun);
  }

  async agentStats(prices?: Prices): Promise<AgentStat[]> {
    const rows = await this.driver.all<{
      agent: string; model: string; task_type: string | null; status: string; quality: number | string | null;
      latency_ms: number | string; input_tokens: number | string; output_tokens: number | string;
    }>(
      `SELECT a.agent, a.model, r.task_type, a.status, a.quality, a.latency_ms, a.input_tokens, a.output_tokens
       FROM attempts a JOIN runs r ON r.task_id = a.run_id ORDER BY a.agent, r.task_type`,
    );
    const groups = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = `${row.agent}\u0000${row.task_type ?? "unknown"}`;
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return [...groups.entries()].map(([key, group]) => {
      const [agent, taskType] = key.split("\u0000") as [string, string];
      const scored = group.filter((r) => r.quality !== null).map((r) => Number(r.quality));
      // Undefined for an agent none of whose models has a price: unknown, not free.
      const cost = prices
        ? costOfRun(
            group.map((r) => ({ agent, model: r.model, usage: { inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens) } })),
            undefined,
            prices,
          ).byAgent[agent]?.cost
        : undefined;
      return {
        agent,
        taskType,
        attempts: group.length,
        successRate: group.filter((r) => r.status === "completed").length / group.length,
        meanQuality: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null,
        p50LatencyMs: median(group.map((r) => Number(r.latency_ms))),
        inputTokens: group.reduce((n, r) => n + Number(r.input_tokens), 0),
        outputTokens: group.reduce((n, r) => n + Number(r.output_tokens), 0),
        ...(cost !== undefined ? { cost } : {}),
      };
    });
  }

  async recordFeedback(taskId: string, score: number): Promise<boolean> {
    const changed = await this.driver.run("UPDATE runs SET feedback = ?, feedback_at = ? WHERE task_id = ?", [
      score, new Date().toISOString(), taskId,
    ]);
    return changed > 0;
  }

  async strategyOutcomes(taskType: string): Promise<StrategyOutcome[]> {
    const rows = await this.driver.all<{ strategy: string; check_passed: number | string | null; quality: number | string; feedback: number | string | null }>(
      `SELECT strategy, check_passed, quality, feedback FROM runs
       WHERE task_type = ? AND (eval_id IS NOT NULL OR feedback IS NOT NULL)`,
      [taskType],
    );
    // A person's verdict wins over the eval's check, which wins over the quality score.
    return rows.map((row): StrategyOutcome => {
      if (row.feedback !== null) return { strategy: row.strategy, passed: Number(row.feedback) >= 0.5, source: "feedback" };
      if (row.check_passed !== null) return { strategy: row.strategy, passed: Number(row.check_passed) === 1, source: "check" };
      return { strategy: row.strategy, passed: Number(row.quality) >= 0.5, source: "quality" };
    });
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
