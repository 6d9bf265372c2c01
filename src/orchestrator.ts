import { randomUUID } from "node:crypto";
import type { RunnableConfig } from "@langchain/core/runnables";
import { ConfigurationSchema, DEFAULT_AGENTS, RUN_RECURSION_LIMIT, type AgentSpec } from "./configuration.js";
import { createOrchestratorGraph } from "./graphs/orchestrator.js";
import { CheckpointerError } from "./checkpointer.js";
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
import { InvalidReviewDecisionError, parseReviewDecision, type ReviewDecision } from "./nodes/reviewPlan.js";
import { resolveAgentSpec } from "./agents/resolve.js";
import { chooseDefaultAgents } from "./agents/defaultAgents.js";
import { embeddedModelFiles } from "./agents/embedded.js";
import { disposeModels } from "./models/loadedModels.js";
import { RunRecorder } from "./store/recorder.js";
import { LearnedRouter } from "./classification/learnedRoute.js";
import { strategyRun } from "./strategy.js";
import { MCP_CONNECTIONS_KEY, McpConnections } from "./agents/mcp.js";
import { HOST_POOL_KEY, HostPool } from "./agents/hosts.js";
import { RunGraphs, type OrchestratorGraph } from "./run/graphs.js";
import { executeRun, modeOf, type OrchestrateRequest, type OrchestrationEvent, type RunOutcome } from "./run/execute.js";
import { pendingReview, requestedMode } from "./run/thread.js";

export type { OrchestrationEvent } from "./run/execute.js";
export { DEFAULT_CHECKPOINT_PATH } from "./checkpointer.js";

/** Per-call options of `orchestrate`. */
export interface OrchestrateOptions {
  /** Observe the run as it goes (a CLI's progress display); called synchronously for every event. */
  onEvent?: (event: OrchestrationEvent) => void;
}

/** `resume`'s options: `orchestrate`'s, and the signal `orchestrate` takes in its input. */
export interface ResumeOptions extends OrchestrateOptions {
  /** Aborts the resumed run as `OrchestrateInput.signal` does: in-flight requests are aborted, `resume` rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/**
 * Runs a query through several agents in parallel, sequential or
 * collaborative mode (or lets the classifier choose), on LangGraph graphs.
 *
 * @example
 * const orchestrator = new AgentOrchestrator({ coder: "codellama:7b-instruct", writer: new ChatOpenAI() });
 * const result = await orchestrator.orchestrate("Write a function that reverses a string");
 */
export class AgentOrchestrator {
  /**
   * The agents by name: Ollama tags, chat models, agent definitions or LangGraph agents. When none were given,
   * the default set, settled by the first run: the Ollama defaults if a
   * server answers at `OLLAMA_BASE_URL`, else the default roles on the
   * embedded model (`chooseDefaultAgents`).
   */
  get agents(): Record<string, AgentSpec> {
    return this.currentAgents;
  }
  private currentAgents: Record<string, AgentSpec>;
  /** No agents were given: the first run settles the default set. */
  private readonly agentsGiven: boolean;
  private defaultAgents?: Promise<void>;
  readonly options: ReturnType<typeof OrchestratorOptionsSchema.parse>;
  /** The compiled auto-mode graph (without a checkpointer unless one was given). */
  readonly graph: OrchestratorGraph;
  /** The compiled graphs: plain, and checkpointing for `threadId` runs. */
  private readonly graphs: RunGraphs;
  /** The MCP servers of `mcpServers`, connected on first use and closed by `close()`. */
  private readonly mcp: McpConnections;
  /** The run store of the `store` option: runs recorded, feedback. */
  private readonly recorder: RunRecorder;
  /** Learned auto mode (`classifier: "learned"`). */
  private readonly learned: LearnedRouter;
  /** The model hosts of all this orchestrator's runs: concurrent runs share each host's limits. */
  private readonly hostPool = new HostPool();

  /**
   * @param agents - name → Ollama model tag, `"embedded[:<model>]"`, LangChain chat model, `AgentDefinition`
   *   (model, instructions, tools, MCP servers) or LangGraph agent; default: mistral, codellama, llama3 on
   *   Ollama, or, when no Ollama answers, three roles on the embedded model
   * @param options - concurrency, timeouts, retry, fallbacks, classifier, judge, checkpointer, MCP servers, tool limits
   * @throws InvalidInputError naming the bad field
   */
  constructor(agents?: Record<string, AgentSpec>, options: OrchestratorOptions = {}) {
    const parsedAgents = parseOrThrow(ConfigurationSchema.shape.agents, agents ?? DEFAULT_AGENTS, "agents");
    this.currentAgents = parsedAgents;
    this.options = parseOrThrow(OrchestratorOptionsSchema, options);
    checkAgentReferences(parsedAgents, this.options);
    this.agentsGiven = agents !== undefined;
    this.mcp = new McpConnections(this.options.mcpServers);
    this.recorder = new RunRecorder(this.options.store);
    this.learned = new LearnedRouter(this.options, () => this.recorder.store(true));
    const builder = createOrchestratorGraph({
      retry: this.options.retry,
      agentTimeoutMs: this.options.agentTimeoutMs,
      executeCode: this.options.executeCode,
    });
    this.graphs = new RunGraphs(builder, this.options.checkpointer, this.options.checkpointPath);
    this.graph = this.graphs.graph;
  }

  /** No agents given: the embedded roles when no Ollama answers, unless the options name the Ollama defaults. */
  private async settleDefaultAgents(): Promise<void> {
    const choice = await chooseDefaultAgents();
    if (!choice.embedded) return;
    try {
      checkAgentReferences(choice.agents, this.options);
    } catch {
      return; // options such as `fallbacks` name the Ollama agents: keep them (their calls name the URL)
    }
    this.currentAgents = choice.agents;
  }

  /**
   * Record a person's verdict on a run in the run store (the `store` option's,
   * else the default one), where learned auto mode counts it.
   *
   * @param taskId - the run's `taskId`
   * @param feedback - `score`: 0 (bad) .. 1 (good)
   * @throws InvalidInputError naming `taskId` or `score`, or an unknown run
   */
  async feedback(taskId: string, feedback: { score: number }): Promise<void> {
    await this.recorder.feedback(taskId, feedback);
  }

  /**
   * Close the MCP servers it connected (their child processes end), free
   * the embedded models its agents loaded, and release the checkpointer it
   * created for `threadId` runs (PostgreSQL pool, SQLite file) and the run
   * store it opened. A saver passed as `checkpointer` is the caller's to
   * close. The orchestrator can still run afterwards: servers reconnect,
   * models load and a new checkpointer is created when next needed.
   */
  async close(): Promise<void> {
    await this.mcp.close();
    await this.recorder.close();
    await this.defaultAgents?.catch(() => undefined);
    // Embedded models of these agents: freed once their calls in flight end (loaded again if used again).
    const judge = this.options.judge;
    await disposeModels(embeddedModelFiles([...Object.values(this.agents), ...(judge !== undefined ? [judge] : [])]));
    await this.graphs.close();
  }

  /** The `RunnableConfig` a run uses: agents and options as `configurable`, concurrency, signal. */
  runConfig(threadId: string | undefined, signal?: AbortSignal, agents: Record<string, AgentSpec> = this.agents): RunnableConfig {
    const { judge, classifier, fallbacks, planner, maxConcurrency, humanReview, agentTimeoutMs, cascade, cascadeThreshold, maxToolCalls, toolTimeoutMs, hosts } =
      this.options;
    return {
      configurable: {
        agents,
        // The graphs' runAgent nodes have it as their timeout; coordinator calls (plan, merge, judge) read it here.
        ...(agentTimeoutMs ? { agentTimeoutMs } : {}),
        ...(judge !== undefined ? { judge } : {}),
        ...(classifier ? { classifier } : {}),
        ...(fallbacks ? { fallbacks } : {}),
        ...(planner ? { planner } : {}),
        ...(humanReview ? { humanReview } : {}),
        ...(cascade ? { cascade } : {}),
        ...(cascadeThreshold !== undefined ? { cascadeThreshold } : {}),
        // The graphs cap agent calls with their own limiter; LangGraph's maxConcurrency drops tasks (src/agents/limits.ts).
        ...(maxConcurrency ? { maxConcurrency } : {}),
        ...(maxToolCalls ? { maxToolCalls } : {}),
        ...(toolTimeoutMs ? { toolTimeoutMs } : {}),
        [MCP_CONNECTIONS_KEY]: this.mcp,
        ...(threadId ? { thread_id: threadId } : {}),
        ...(hosts ? { hosts } : {}),
        [HOST_POOL_KEY]: this.hostPool,
      },
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
    const request = parseOrThrow(OrchestrateInputSchema, typeof input === "string" ? { query: input } : input);
    if (request.tests !== undefined && !this.options.executeCode) {
      throw new InvalidInputError("tests: running them needs the executeCode option (new AgentOrchestrator(agents, { executeCode: true }))");
    }
    return this.run(request, options);
  }

  /**
   * Continue a run that paused for review (status `interrupted`, with the
   * `humanReview` option) with a person's decision: `{ action: "approve" }`,
   * `{ action: "edit", plan: [...] }` (the steps to run instead), or
   * `{ action: "reject", reason }` (the run then ends `failed` with the
   * reason, and no agent is called).
   *
   * @param threadId - the paused run's `taskId` (its `threadId`)
   * @param options - `onEvent` as for `orchestrate`; `signal` aborts the resumed run
   * @throws InvalidInputError for an invalid decision, or a thread with no plan waiting for review
   */
  async resume(threadId: string, decision: ReviewDecision, options: ResumeOptions = {}): Promise<OrchestrationResult> {
    let resumeValue: ReviewDecision;
    try {
      resumeValue = parseReviewDecision(decision);
    } catch (error) {
      if (error instanceof InvalidReviewDecisionError) throw new InvalidInputError(error.message);
      throw error;
    }
    const graph = await this.graphs.forThread(threadId);
    const config = this.runConfig(threadId);
    const pending = await pendingReview(graph, config);
    if (!pending) throw new InvalidInputError(`threadId: thread "${threadId}" has no plan waiting for review`);
    const executionMode = await requestedMode(graph, config);
    const { signal, ...observe } = options;
    return this.run({ query: pending.query, threadId, ...(executionMode ? { executionMode } : {}), ...(signal ? { signal } : {}) }, observe, resumeValue);
  }

  /**
   * `orchestrate` with parsed input; `decision` resumes a run paused for
   * review. Learned auto mode picks the strategy first; the run is recorded
   * in the run store (when there is one) before it is returned.
   */
  private async run(request: OrchestrateRequest, options: OrchestrateOptions, decision?: ReviewDecision): Promise<OrchestrationResult> {
    // No agents given: the first run settles the default set (learned routing picks among them too).
    if (!this.agentsGiven) await (this.defaultAgents ??= this.settleDefaultAgents());
    const routed = this.options.classifier === "learned" && !request.executionMode && !decision;
    const learned = routed ? await this.learned.route(request.query, request.subtasks ?? [], this.agents) : undefined;
    // A finished thread is returned as stored: it was recorded when it ran.
    if (!learned?.choice) {
      const { result, replayed } = await this.execute(request, options, decision);
      return replayed ? result : this.recorder.record(result, request.query, learned?.warning);
    }
    const { strategy, source } = learned.choice;
    options.onEvent?.({ mode: "custom", namespace: [], data: { event: "route", strategy, source, classification: learned.classification! } });
    const { executionMode, agents } = strategyRun(strategy, this.agents);
    const { result, replayed } = await this.execute({ ...request, executionMode: executionMode as ExecutionMode }, options, decision, agents);
    if (replayed) return result;
    const { taskType, complexity, confidence, reasoning } = learned.classification!;
    const classified = { ...result, metadata: { ...result.metadata, autoModeSelection: true, classification: { taskType, complexity, confidence, reasoning } } };
    return this.recorder.record(classified, request.query, undefined, strategy);
  }

  /** One run through the graph, with the given agents (a learned `single:` strategy runs one). */
  private async execute(
    request: OrchestrateRequest,
    options: OrchestrateOptions,
    decision?: ReviewDecision,
    agents: Record<string, AgentSpec> = this.agents,
  ): Promise<RunOutcome> {
    const started = performance.now();
    const taskId = request.threadId ?? randomUUID();
    // A run that may pause for review must be checkpointed: its taskId is its thread.
    const threadId = request.threadId ?? (this.options.humanReview ? taskId : undefined);
    const runTimeout = this.options.runTimeoutMs ? AbortSignal.timeout(this.options.runTimeoutMs) : undefined;
    const signals = [request.signal, runTimeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length ? AbortSignal.any(signals) : undefined;
    const config: RunnableConfig = {
      ...this.runConfig(threadId, signal, agents),
      // LangSmith: the trace of this run is tagged and carries the result's taskId.
      tags: [TRACE_TAG],
      metadata: { taskId, requestedMode: request.executionMode ?? "auto" },
    };
    const result = (state: Partial<OrchestrationStateType>, error?: string) => this.result(state, taskId, started, request.executionMode, error);
    let graph: OrchestratorGraph;
    try {
      graph = await this.graphs.forThread(threadId);
    } catch (error) {
      // No database, no resumable run: a failed result that names the database, like an unreachable model.
      if (error instanceof CheckpointerError) return { result: result({}, error.message), replayed: false };
      throw error;
    }
    const { runTimeoutMs, tokenBudget } = this.options;
    return executeRun(graph, request, {
      config,
      result,
      threadId,
      decision,
      onEvent: options.onEvent,
      runTimeout: runTimeout && { signal: runTimeout, ms: runTimeoutMs! },
      tokenBudget,
    });
  }

  /** A run's result from its state: its mode, time, error and (with `prices`) cost. */
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
      ...(this.options.prices ? { prices: this.options.prices, coordinatorModel: this.coordinatorModel() } : {}),
    });
  }

  /** Model of the agent that plans, merges and (with "llm") classifies: `planner`, else the first agent. */
  private coordinatorModel(): string {
    const name = this.options.planner ?? Object.keys(this.agents)[0]!;
    return resolveAgentSpec(name, this.agents[name]!).modelName;
  }
}
