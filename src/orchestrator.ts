import { randomUUID } from "node:crypto";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { Command } from "@langchain/langgraph";
import type { z } from "zod";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { AIMessageChunk } from "@langchain/core/messages";
import { ConfigurationSchema, DEFAULT_AGENTS, RUN_RECURSION_LIMIT, type AgentSpec } from "./configuration.js";
import { createOrchestratorGraph } from "./graphs/orchestrator.js";
import { CheckpointerError, closeCheckpointer, createCheckpointer } from "./checkpointer.js";
import { TRACE_TAG } from "./tracing.js";
import {
  InvalidInputError,
  OrchestrateInputSchema,
  OrchestratorOptionsSchema,
  checkAgentReferences,
  parseOrThrow,
  type OrchestrateInput,
  type OrchestratorOptions,
} from "./input.js";
import { toOrchestrationResult, type OrchestrationResult } from "./result.js";
import type { OrchestrationStateType } from "./state/state.js";
import type { ExecutionMode } from "./state/schemas.js";
import type { AgentEvent } from "./nodes/runAgent.js";
import type { PlanEvent } from "./nodes/planTasks.js";
import { InvalidReviewDecisionError, parseReviewDecision, type PlanReviewRequest, type ReviewDecision } from "./nodes/reviewPlan.js";
import { AttemptTracker, partialOutput } from "./partialResult.js";
import { HOST_POOL_KEY, HostPool } from "./agents/hosts.js";

/**
 * One chunk of a run's LangGraph stream (subgraphs included), as
 * `orchestrate`'s `onEvent` sees it: node `updates`, model tokens
 * (`messages`: chunk and metadata, which names the `agent` and `task`), and
 * `custom` progress events such as `AgentEvent`. `resume` says that a
 * `threadId` run continues from its checkpoint.
 */
export type OrchestrationEvent =
  | { mode: "updates"; namespace: string[]; data: Record<string, Partial<OrchestrationStateType>> }
  | { mode: "messages"; namespace: string[]; data: [AIMessageChunk, Record<string, unknown>] }
  | { mode: "custom"; namespace: string[]; data: AgentEvent | PlanEvent }
  | { mode: "resume"; namespace: string[]; data: { threadId: string; next: string[] } };

/** Per-call options of `orchestrate`. */
export interface OrchestrateOptions {
  /** Observe the run as it goes (a CLI's progress display); called synchronously for every event. */
  onEvent?: (event: OrchestrationEvent) => void;
}

type OrchestratorGraph = ReturnType<ReturnType<typeof createOrchestratorGraph>["compile"]>;
/** `orchestrate`'s input once validated. */
type OrchestrateRequest = z.infer<typeof OrchestrateInputSchema>;

export { DEFAULT_CHECKPOINT_PATH } from "./checkpointer.js";

/** The mode a run used: from its state, else the requested one, else the classifier's suggestion. */
const modeOf = (state: Partial<OrchestrationStateType>, requested: ExecutionMode | undefined): ExecutionMode =>
  state.executionMode ?? requested ?? state.classification?.suggestedMode ?? "collaborative";

const abortError = (signal: AbortSignal): Error =>
  signal.reason instanceof Error && signal.reason.name === "AbortError"
    ? signal.reason
    : Object.assign(new Error("The operation was aborted", { cause: signal.reason }), { name: "AbortError" });

/**
 * Runs a query through several agents in parallel, sequential or
 * collaborative mode (or lets the classifier choose), on LangGraph graphs.
 *
 * @example
 * const orchestrator = new AgentOrchestrator({ coder: "codellama:7b-instruct", writer: new ChatOpenAI() });
 * const result = await orchestrator.orchestrate("Write a function that reverses a string");
 */
export class AgentOrchestrator {
  /** The agents by name: Ollama tags or chat models. */
  readonly agents: Record<string, AgentSpec>;
  readonly options: ReturnType<typeof OrchestratorOptionsSchema.parse>;
  /** The compiled auto-mode graph (without a checkpointer unless one was given). */
  readonly graph: OrchestratorGraph;
  /** The auto-mode graph builder, compiled once plainly and once with a checkpointer. */
  private readonly builder: ReturnType<typeof createOrchestratorGraph>;
  /** The checkpointing graph for `threadId` runs, once its checkpointer is set up. */
  private resumableGraph?: Promise<OrchestratorGraph>;
  /** A checkpointer this orchestrator created (and so closes). */
  private ownedCheckpointer?: Promise<BaseCheckpointSaver>;
  /** The model hosts of all this orchestrator's runs: concurrent runs share each host's limits. */
  private readonly hostPool = new HostPool();

  /**
   * @param agents - name → Ollama model tag or LangChain chat model; default: mistral, codellama, llama3
   * @param options - concurrency, timeouts, retry, fallbacks, classifier, judge, checkpointer
   * @throws InvalidInputError naming the bad field
   */
  constructor(agents: Record<string, AgentSpec> = DEFAULT_AGENTS, options: OrchestratorOptions = {}) {
    const parsedAgents = parseOrThrow(ConfigurationSchema.shape.agents, agents, "agents");
    this.agents = parsedAgents;
    this.options = parseOrThrow(OrchestratorOptionsSchema, options);
    checkAgentReferences(Object.keys(parsedAgents), this.options);
    this.builder = createOrchestratorGraph({ retry: this.options.retry, agentTimeoutMs: this.options.agentTimeoutMs });
    const { checkpointer } = this.options;
    this.graph = this.builder.compile({
      name: "orchestrator",
      checkpointer: typeof checkpointer === "string" ? undefined : checkpointer,
    });
  }

  /**
   * The graph for a run: with `threadId`, one that checkpoints — to the given
   * saver, to PostgreSQL for a connection string (`checkpointer` or
   * `LLMGENIE_DATABASE_URL` or a PostgreSQL `DATABASE_URL`), else to SQLite at `checkpointPath`. The
   * checkpointer is created and set up once, on the first `threadId` run.
   */
  private async graphFor(threadId: string | undefined): Promise<OrchestratorGraph> {
    const { checkpointer, checkpointPath } = this.options;
    if (!threadId || (checkpointer && typeof checkpointer !== "string")) return this.graph;
    if (!this.resumableGraph) {
      const saver = createCheckpointer(
        typeof checkpointer === "string" ? { connectionString: checkpointer } : { path: checkpointPath },
      );
      this.ownedCheckpointer = saver;
      this.resumableGraph = saver.then((saved) => this.builder.compile({ name: "orchestrator", checkpointer: saved }));
      // A database that was down may be up on the next run: do not keep the failure.
      this.resumableGraph.catch(() => {
        this.resumableGraph = undefined;
        this.ownedCheckpointer = undefined;
      });
    }
    return this.resumableGraph;
  }

  /**
   * Release the checkpointer this orchestrator created for `threadId` runs
   * (PostgreSQL pool, SQLite file). A saver passed as `checkpointer` is the
   * caller's to close. The orchestrator can still run afterwards: a new
   * checkpointer is created on the next `threadId` run.
   */
  async close(): Promise<void> {
    const owned = this.ownedCheckpointer;
    this.ownedCheckpointer = undefined;
    this.resumableGraph = undefined;
    const saver = await owned?.catch(() => undefined);
    if (saver) await closeCheckpointer(saver);
  }

  /** The `RunnableConfig` a run uses: agents and options as `configurable`, concurrency, signal. */
  runConfig(threadId: string | undefined, signal?: AbortSignal): RunnableConfig {
    const { judge, classifier, fallbacks, planner, maxConcurrency, humanReview, agentTimeoutMs, hosts } = this.options;
    return {
      configurable: {
        agents: this.agents,
        // The graphs' runAgent nodes have it as their timeout; coordinator calls (plan, merge, judge) read it here.
        ...(agentTimeoutMs ? { agentTimeoutMs } : {}),
        ...(judge !== undefined ? { judge } : {}),
        ...(classifier ? { classifier } : {}),
        ...(fallbacks ? { fallbacks } : {}),
        ...(planner ? { planner } : {}),
        ...(humanReview ? { humanReview } : {}),
        ...(threadId ? { thread_id: threadId } : {}),
        ...(hosts ? { hosts } : {}),
        [HOST_POOL_KEY]: this.hostPool,
      },
      ...(maxConcurrency ? { maxConcurrency } : {}),
      recursionLimit: RUN_RECURSION_LIMIT,
      ...(signal ? { signal } : {}),
    };
  }

  /**
   * Run a query. Resolves to a result whose status is `completed`, `partial`
   * or `failed` (model failures never reject); rejects only for invalid input
   * (`InvalidInputError`) or cancellation through `signal` (`AbortError`).
   * With `threadId` the run is checkpointed: calling again with the same id
   * resumes it, and agents that had finished are not called again.
   * `options.onEvent` observes the run's progress (see `OrchestrationEvent`).
   */
  async orchestrate(input: string | OrchestrateInput, options: OrchestrateOptions = {}): Promise<OrchestrationResult> {
    return this.run(parseOrThrow(OrchestrateInputSchema, typeof input === "string" ? { query: input } : input), options);
  }

  /**
   * Continue a run that paused for review (status `interrupted`, with the
   * `humanReview` option) with a person's decision: `{ action: "approve" }`,
   * `{ action: "edit", plan: [...] }` (the steps to run instead), or
   * `{ action: "reject", reason }` (the run then ends `failed` with the
   * reason, and no agent is called).
   *
   * @param threadId - the paused run's `taskId` (its `threadId`)
   * @throws InvalidInputError for an invalid decision, or a thread with no plan waiting for review
   */
  async resume(threadId: string, decision: ReviewDecision, options: OrchestrateOptions = {}): Promise<OrchestrationResult> {
    let resumeValue: ReviewDecision;
    try {
      resumeValue = parseReviewDecision(decision);
    } catch (error) {
      if (error instanceof InvalidReviewDecisionError) throw new InvalidInputError(error.message);
      throw error;
    }
    const graph = await this.graphFor(threadId);
    const config = this.runConfig(threadId);
    const pending = await this.pendingReview(graph, config);
    if (!pending) throw new InvalidInputError(`threadId: thread "${threadId}" has no plan waiting for review`);
    const executionMode = await this.requestedMode(graph, config);
    return this.run({ query: pending.query, threadId, ...(executionMode ? { executionMode } : {}) }, options, resumeValue);
  }

  /** `orchestrate` with parsed input; `decision` resumes a run paused for review. */
  private async run(request: OrchestrateRequest, options: OrchestrateOptions, decision?: ReviewDecision): Promise<OrchestrationResult> {
    const started = performance.now();
    const taskId = request.threadId ?? randomUUID();
    // A run that may pause for review must be checkpointed: its taskId is its thread.
    const threadId = request.threadId ?? (this.options.humanReview ? taskId : undefined);
    const runTimeout = this.options.runTimeoutMs ? AbortSignal.timeout(this.options.runTimeoutMs) : undefined;
    const signals = [request.signal, runTimeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length ? AbortSignal.any(signals) : undefined;
    const config: RunnableConfig = {
      ...this.runConfig(threadId, signal),
      // LangSmith: the trace of this run is tagged and carries the result's taskId.
      tags: [TRACE_TAG],
      metadata: { taskId, requestedMode: request.executionMode ?? "auto" },
    };
    let graph: OrchestratorGraph;
    try {
      graph = await this.graphFor(threadId);
    } catch (error) {
      // No database, no resumable run: a failed result that names the database, like an unreachable model.
      if (error instanceof CheckpointerError) return this.result({}, taskId, started, request.executionMode, error.message);
      throw error;
    }

    let graphInput: Parameters<OrchestratorGraph["stream"]>[0] = {
      query: request.query,
      ...(request.subtasks ? { subtasks: request.subtasks } : {}),
      ...(request.context ? { context: request.context } : {}),
      ...(request.executionMode ? { executionMode: request.executionMode } : {}),
    };
    if (threadId) {
      const snapshot = await graph.getState(config);
      const stored = snapshot.values as Partial<OrchestrationStateType>;
      if (stored.query !== undefined && stored.query !== request.query) {
        throw new InvalidInputError(`threadId: thread "${threadId}" holds a run for another query`);
      }
      if (snapshot.next.length > 0) {
        // Resume where the run stopped (a run paused for review, with the decision).
        graphInput = decision ? new Command({ resume: decision }) : null;
        options.onEvent?.({ mode: "resume", namespace: [], data: { threadId, next: [...snapshot.next] } });
      }
      else if (stored.status) return this.result(stored, taskId, started, request.executionMode);
    }

    const latest = new Map<string, Partial<OrchestrationStateType>>();
    const attempts = new AttemptTracker();
    let paused = false;
    try {
      // Observers also get updates and tokens; the agents' custom events are always streamed (see AttemptTracker).
      const { onEvent } = options;
      const streamMode = onEvent ? (["values", "updates", "messages", "custom"] as const) : (["values", "custom"] as const);
      const stream = await graph.stream(graphInput, { ...config, streamMode: [...streamMode], subgraphs: true });
      for await (const [namespace, mode, data] of stream as AsyncIterable<[string[], string, unknown]>) {
        // A pause is announced by a values chunk that holds only `__interrupt__`, not state.
        if (mode === "values" && "__interrupt__" in (data as object)) paused = true;
        else if (mode === "values") latest.set(namespace.join("|"), data as Partial<OrchestrationStateType>);
        else {
          if (mode === "custom") attempts.observe(data);
          onEvent?.({ mode, namespace, data } as OrchestrationEvent);
        }
      }
    } catch (error) {
      if (request.signal?.aborted) throw abortError(request.signal);
      if (!runTimeout?.aborted) throw error;
      // Whole-run timeout: keep what the agents finished (the innermost state seen, and the attempts
      // that ended in the step that was cut short); calls still in flight count as failed.
      const reason = `run timed out after ${this.options.runTimeoutMs} ms`;
      const seen: Partial<OrchestrationStateType> = [...latest.values()].reduce((acc, values) => ({ ...acc, ...values }), {});
      const plan = seen.plan?.length ? seen.plan : (attempts.plan ?? []);
      const state = { ...seen, plan, results: attempts.results(seen.results ?? [], reason) };
      const output = partialOutput(state, modeOf(state, request.executionMode));
      return this.result({ ...state, output }, taskId, started, request.executionMode, reason);
    }
    const result = this.result(latest.get("") ?? {}, taskId, started, request.executionMode);
    const pendingReview = paused ? await this.pendingReview(graph, config) : undefined;
    if (!pendingReview) return result;
    const { error: _notFailed, ...waiting } = result;
    return { ...waiting, status: "interrupted", metadata: { ...result.metadata, pendingReview } };
  }

  /** The plan a paused thread waits on (the `reviewPlan` interrupt, inside a mode subgraph), if any. */
  private async pendingReview(graph: OrchestratorGraph, config: RunnableConfig): Promise<PlanReviewRequest | undefined> {
    const snapshot = await graph.getState(config);
    return snapshot.tasks
      .flatMap((task) => task.interrupts)
      .map((pending) => pending.value as PlanReviewRequest | undefined)
      .find((value) => Array.isArray(value?.plan));
  }

  /** The mode a thread's first input asked for (undefined: auto), from its input checkpoint. */
  private async requestedMode(graph: OrchestratorGraph, config: RunnableConfig): Promise<ExecutionMode | undefined> {
    let input: { executionMode?: ExecutionMode } | undefined;
    for await (const snapshot of graph.getStateHistory(config, { filter: { source: "input" } })) {
      input = snapshot.tasks.find((task) => task.name === "__start__")?.result as typeof input;
    }
    return input?.executionMode;
  }

  private result(
    state: Partial<OrchestrationStateType>,
    taskId: string,
    started: number,
    requestedMode: OrchestrateInput["executionMode"],
    error?: string,
  ): OrchestrationResult {
    return toOrchestrationResult(state, {
      taskId,
      executionTimeMs: performance.now() - started,
      autoModeSelection: requestedMode === undefined && state.classification !== undefined,
      executionMode: modeOf(state, requestedMode),
      ...(error ? { error } : {}),
    });
  }
}
