import { randomUUID } from "node:crypto";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { Command } from "@langchain/langgraph";
import { z } from "zod";
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
import { TokenMeter } from "./agents/budget.js";
import { resolveAgentSpec } from "./agents/resolve.js";
import { totalUsage } from "./state/results.js";
import { chooseDefaultAgents } from "./agents/defaultAgents.js";
import { embeddedModelFiles } from "./agents/embedded.js";
import { disposeModels } from "./models/loadedModels.js";
import { toRunRecord } from "./store/record.js";
import type { RunStore } from "./store/types.js";
import type { LearnedChoice } from "./classification/learned.js";
import { ExecutionModeSchema } from "./state/schemas.js";
import { singleAgentOf, strategyRun } from "./strategy.js";
import type { Classification } from "./state/schemas.js";
import { MCP_CONNECTIONS_KEY, McpConnections } from "./agents/mcp.js";
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
/** `feedback`'s arguments. */
const FeedbackSchema = z.object({
  taskId: z.string({ message: "must be a string" }).min(1, { message: "must not be empty" }),
  score: z.number({ message: "must be a number from 0 to 1" }).min(0, { message: "must be a number from 0 to 1" }).max(1, { message: "must be a number from 0 to 1" }),
});

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
  /** The auto-mode graph builder, compiled once plainly and once with a checkpointer. */
  private readonly builder: ReturnType<typeof createOrchestratorGraph>;
  /** The checkpointing graph for `threadId` runs, once its checkpointer is set up. */
  private resumableGraph?: Promise<OrchestratorGraph>;
  /** The MCP servers of `mcpServers`, connected on first use and closed by `close()`. */
  private readonly mcp: McpConnections;
  /** A checkpointer this orchestrator created (and so closes). */
  private ownedCheckpointer?: Promise<BaseCheckpointSaver>;
  /** The run store this orchestrator opened (and so closes), from the `store` option. */
  private ownedStore?: Promise<RunStore>;
  /** Learned auto mode's source of chance (seeded by `explorationSeed`), made on first use. */
  private random?: () => number;
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
    this.builder = createOrchestratorGraph({
      retry: this.options.retry,
      agentTimeoutMs: this.options.agentTimeoutMs,
      executeCode: this.options.executeCode,
    });
    const { checkpointer } = this.options;
    this.graph = this.builder.compile({
      name: "orchestrator",
      checkpointer: typeof checkpointer === "string" ? undefined : checkpointer,
    });
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
   * The run store of the `store` option, opened (and migrated) on first use;
   * the storage code is loaded only then. `fallback` stands in for an unset
   * option (learned auto mode and feedback need a store: the default one).
   */
  private async runStore(fallback?: true): Promise<RunStore | undefined> {
    const spec = this.options.store ?? fallback;
    if (spec === undefined || spec === false) return undefined;
    if (typeof spec === "object") return spec;
    if (!this.ownedStore) {
      this.ownedStore = import("./store/open.js").then(({ openRunStore }) => openRunStore(spec));
      // A database that was down may be up next time: do not keep the failure.
      this.ownedStore.catch(() => (this.ownedStore = undefined));
    }
    return this.ownedStore;
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
    const { score } = parseOrThrow(FeedbackSchema, { taskId, ...feedback });
    const store = await this.runStore(true);
    if (!(await store!.recordFeedback(taskId, score))) {
      throw new InvalidInputError(`taskId: no run "${taskId}" in the run store at ${store!.location}`);
    }
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
   * Close the MCP servers it connected (their child processes end), free
   * the embedded models its agents loaded, and release the checkpointer it
   * created for `threadId` runs (PostgreSQL pool, SQLite file) and the run
   * store it opened. A saver passed as `checkpointer` is the caller's to
   * close. The orchestrator can still run afterwards: servers reconnect,
   * models load and a new checkpointer is created when next needed.
   */
  async close(): Promise<void> {
    await this.mcp.close();
    const store = this.ownedStore;
    this.ownedStore = undefined;
    await (await store?.catch(() => undefined))?.close();
    await this.defaultAgents?.catch(() => undefined);
    // Embedded models of these agents: freed once their calls in flight end (loaded again if used again).
    const judge = this.options.judge;
    await disposeModels(embeddedModelFiles([...Object.values(this.agents), ...(judge !== undefined ? [judge] : [])]));
    const owned = this.ownedCheckpointer;
    this.ownedCheckpointer = undefined;
    this.resumableGraph = undefined;
    const saver = await owned?.catch(() => undefined);
    if (saver) await closeCheckpointer(saver);
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

  /**
   * `orchestrate` with parsed input; `decision` resumes a run paused for
   * review. Learned auto mode picks the strategy first; the run is recorded
   * in the run store (when there is one) before it is returned.
   */
  private async run(request: OrchestrateRequest, options: OrchestrateOptions, decision?: ReviewDecision): Promise<OrchestrationResult> {
    // No agents given: the first run settles the default set (learned routing picks among them too).
    if (!this.agentsGiven) await (this.defaultAgents ??= this.settleDefaultAgents());
    const learned =
      this.options.classifier === "learned" && !request.executionMode && !decision ? await this.learnedRoute(request) : undefined;
    if (!learned?.choice) return this.recorded(await this.execute(request, options, decision), request.query, learned?.warning);
    const { executionMode, agents } = strategyRun(learned.choice.strategy, this.agents);
    const result = await this.execute({ ...request, executionMode: executionMode as ExecutionMode }, options, decision, agents);
    const { taskType, complexity, confidence, reasoning } = learned.classification!;
    const routed = { ...result, metadata: { ...result.metadata, autoModeSelection: true, classification: { taskType, complexity, confidence, reasoning } } };
    return this.recorded(routed, request.query, undefined, learned.choice.strategy);
  }

  /** Learned auto mode's choice for a query (see `classifyLearned`); without a store, a warning and the rules. */
  private async learnedRoute(request: OrchestrateRequest): Promise<{ choice?: LearnedChoice; classification?: Classification; warning?: string }> {
    let store: RunStore | undefined;
    try {
      store = await this.runStore(true);
    } catch (error) {
      return { warning: `classifier: learned mode has no run store (${error instanceof Error ? error.message : String(error)}); used rules` };
    }
    if (!store) return { warning: "classifier: learned mode needs a run store (the store option is false); used rules" };
    // Loaded on use: learned routing's statistics stay out of `import("llmgenie")`.
    const { classifyLearned, seededRandom } = await import("./classification/learned.js");
    const seed = this.options.explorationSeed;
    this.random ??= seed === undefined ? Math.random : seededRandom(seed);
    const modes: readonly string[] = ExecutionModeSchema.options;
    const runnable = (strategy: string) => {
      const agent = singleAgentOf(strategy);
      return agent !== undefined ? Object.hasOwn(this.agents, agent) : modes.includes(strategy);
    };
    return classifyLearned(request.query, request.subtasks ?? [], store, {
      runnable,
      random: this.random,
      ...(this.options.explorationRate !== undefined ? { explorationRate: this.options.explorationRate } : {}),
    });
  }

  /** Record a run in the run store, if there is one; a store that fails is a warning on the result, not a failure. */
  private async recorded(result: OrchestrationResult, query: string, warning?: string, strategy?: string): Promise<OrchestrationResult> {
    const warnings = warning ? [warning] : [];
    try {
      const store = await this.runStore();
      await store?.recordRun(toRunRecord(result, { query, ...(strategy ? { strategy } : {}) }));
    } catch (error) {
      warnings.push(`store: run not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (warnings.length === 0) return result;
    return { ...result, metadata: { ...result.metadata, warnings: [...(result.metadata.warnings ?? []), ...warnings] } };
  }

  /** One run through the graph, with the given agents (a learned `single:` strategy runs one). */
  private async execute(
    request: OrchestrateRequest,
    options: OrchestrateOptions,
    decision?: ReviewDecision,
    agents: Record<string, AgentSpec> = this.agents,
  ): Promise<OrchestrationResult> {
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
      ...(request.tests ? { tests: request.tests } : {}),
    };
    let stored: Partial<OrchestrationStateType> = {};
    if (threadId) {
      const snapshot = await graph.getState(config);
      stored = snapshot.values as Partial<OrchestrationStateType>;
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

    // The budget counts what a resumed run used before, too.
    const { tokenBudget } = this.options;
    if (tokenBudget) {
      const used = totalUsage(stored.results ?? [], stored.usage);
      config.callbacks = [new TokenMeter(tokenBudget, used.inputTokens + used.outputTokens)];
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
      ...(this.options.prices ? { prices: this.options.prices, coordinatorModel: this.coordinatorModel() } : {}),
    });
  }

  /** Model of the agent that plans, merges and (with "llm") classifies: `planner`, else the first agent. */
  private coordinatorModel(): string {
    const name = this.options.planner ?? Object.keys(this.agents)[0]!;
    return resolveAgentSpec(name, this.agents[name]!).modelName;
  }
}
