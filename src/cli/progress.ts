import { clearScreenDown, cursorTo, moveCursor } from "node:readline";
import type { OrchestrationEvent } from "../orchestrator.js";
import type { AgentEvent } from "../nodes/runAgent.js";
import type { ToolEvent } from "../agents/toolCalls.js";
import type { PlanEvent } from "../nodes/planTasks.js";
import type { RouteEvent } from "../classification/learnedRoute.js";
import { CASCADE_KEY } from "../nodes/assessAnswer.js";
import { attemptScore } from "../quality/attempt.js";
import type { AgentResultRecord, Classification, ExecutionMode } from "../state/schemas.js";
import type { OrchestrationStateType } from "../state/state.js";
import { formatCount, formatDuration, oneLine, painter, type Terminal } from "./terminal.js";

/** One call in flight, shown on the live board: an agent at a task, or a node's own model call. */
interface Running {
  who: string;
  what: string;
  started: number;
  /** Streamed chunks so far (about one token each). */
  chunks: number;
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
/** Live board refresh: often enough to feel live, rare enough not to flicker. */
const REDRAW_MS = 100;
/** Without a terminal, a line about calls still running this often, so CI logs show life. */
const HEARTBEAT_MS = 30_000;
const TEXT_WIDTH = 100;
/** A loaded model is ready in milliseconds; a call that waited longer for its model (a load, a queue) says so. */
const SHOWN_MODEL_LOAD_MS = 500;
/** The orchestrator's nodes that are whole mode graphs. */
const MODE_SUBGRAPHS = new Set(["parallel", "sequential", "collaborative", "cascade"]);

export interface ProgressOptions {
  /** The mode given with `--mode`; undefined in auto mode. */
  requestedMode?: ExecutionMode;
  /** The host key of `OLLAMA_BASE_URL`: a call to another host names its host. */
  defaultHost?: string;
  /** Clock, for elapsed times. */
  now?: () => number;
}

const agentKey = (agent: string, task: string) => `agent:${agent}\u0000${task}`;
/** A call waiting to start: one attempt of a key by an agent is pending at a time. */
const queueKey = (key: string, agent: string) => `${key}\u0000${agent}`;
const taskLabel = (task: string) => (task === "candidate" ? "candidate answer" : oneLine(task, 60));

/**
 * Renders a run's stream events (`orchestrate`'s `onEvent`) on stderr: the
 * chosen mode and why, the plan, each agent's task as it starts and ends
 * (time, tokens, quality or error), handoffs, the selection scores and
 * consensus. On a terminal, calls in flight stay on a live board at the
 * bottom with elapsed time and streamed tokens, and below them how many calls
 * wait to start (for their host's cap or a run slot); elsewhere (pipes, CI)
 * it writes plain lines only, with no escape codes.
 */
export class ProgressReporter {
  private readonly paint: ReturnType<typeof painter>;
  private readonly live: boolean;
  private readonly now: () => number;
  private readonly started: number;
  private readonly running = new Map<string, Running>();
  /** Calls queued for their host or a run slot, not started yet: their host (undefined: not an Ollama model). */
  private readonly waiting = new Map<string, string | undefined>();
  private drawnLines = 0;
  /** Learned routing chose the strategy: the graph's classification then only repeats a given mode. */
  private routed = false;
  private frame = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly terminal: Terminal,
    private readonly options: ProgressOptions = {},
  ) {
    this.paint = painter(terminal);
    this.live = Boolean(terminal.isTTY);
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  /** Feed one event of the run. */
  readonly handle = (event: OrchestrationEvent): void => {
    switch (event.mode) {
      case "resume":
        this.log(this.paint("yellow", "resume"), `thread ${event.data.threadId} continues at ${event.data.next.join(", ")}`);
        return;
      case "custom":
        return this.onCustomEvent(event.data);
      case "messages": {
        const [chunk, metadata] = event.data;
        // Ollama's closing chunk carries the usage, not text.
        if (typeof chunk.content !== "string" || chunk.content.length > 0) this.onToken(metadata);
        return;
      }
      case "updates":
        for (const [node, update] of Object.entries(event.data)) {
          // A mode subgraph's update repeats what its own nodes already reported.
          if (!MODE_SUBGRAPHS.has(node)) this.onUpdate(node, update ?? {});
        }
        return;
    }
  };

  /** Print a line of the CLI's own, in the same format. */
  info(tag: string, text: string): void {
    this.log(this.paint("dim", tag), text);
  }

  /** Clear the live board and stop its timer; call before printing the result. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clearBoard();
    this.running.clear();
    this.waiting.clear();
  }

  private onCustomEvent(event: AgentEvent | PlanEvent | ToolEvent | RouteEvent | { event?: unknown }): void {
    if (!("event" in event)) return;
    if (event.event === "route") {
      const { strategy, source, classification } = event as RouteEvent;
      this.routed = true;
      const how = { learned: "learned routing", exploring: "learned routing, exploring", rules: "the rules, learned routing having too few records" }[source];
      this.log(this.paint("magenta", "mode"), `${this.paint("bold", strategy)}, chosen by ${how} (${this.facts(classification)}): ${oneLine(classification.reasoning, TEXT_WIDTH)}`);
    } else if (event.event === "plan") {
      const { mode, steps, source } = event as PlanEvent;
      const origin = { given: "given", agent: "planned by an agent", template: "template plan" }[source];
      this.log(this.paint("magenta", "plan"), `${steps.length} ${mode === "sequential" ? "steps" : "subtasks"} (${origin})`);
      steps.forEach((step, i) => this.log("", `${i + 1}. ${oneLine(step, TEXT_WIDTH)}`));
    } else if (event.event === "agent_queued") {
      const e = event as Extract<AgentEvent, { event: "agent_queued" }>;
      this.waiting.set(queueKey(e.key, e.agent), e.host);
      this.ensureTimer();
    } else if (event.event === "agent_start") {
      const e = event as Extract<AgentEvent, { event: "agent_start" }>;
      this.waiting.delete(queueKey(e.key, e.agent));
      this.running.set(agentKey(e.agent, e.task), { who: e.agent, what: taskLabel(e.task), started: this.now(), chunks: 0 });
      const retry =
        e.attempt === 1 ? "" : this.paint("yellow", e.key === CASCADE_KEY ? ` (cascade, rung ${e.attempt})` : ` (fallback, attempt ${e.attempt})`);
      const host = e.host && e.host !== this.options.defaultHost ? ` @ ${e.host}` : "";
      this.log(this.paint("cyan", "start"), `${this.paint("bold", e.agent)} (${e.model}${host}) · ${taskLabel(e.task)}${retry}`);
      this.ensureTimer();
    } else if (event.event === "agent_end") {
      const { result, question } = event as Extract<AgentEvent, { event: "agent_end" }>;
      this.waiting.delete(queueKey(result.key, result.agent));
      this.running.delete(agentKey(result.agent, result.task));
      const score = result.qualityScore ?? (question !== undefined && result.status === "completed" ? attemptScore(result, question) : undefined);
      this.log(...this.describeResult({ ...result, ...(score !== undefined ? { qualityScore: score } : {}) }));
    } else if (event.event === "tool_start") {
      const e = event as Extract<ToolEvent, { event: "tool_start" }>;
      this.running.set(`tool:${e.id}`, { who: e.agent, what: `→ ${e.tool}`, started: this.now(), chunks: 0 });
      this.log(this.paint("cyan", "tool"), `${this.paint("bold", e.agent)} → ${e.tool} ${oneLine(JSON.stringify(e.args) ?? "", 80)}`);
      this.ensureTimer();
    } else if (event.event === "tool_end") {
      const { id, agent, call } = event as Extract<ToolEvent, { event: "tool_end" }>;
      this.running.delete(`tool:${id}`);
      const head = `${this.paint("bold", agent)} → ${call.name} · ${formatDuration(call.latencyMs)}`;
      if (call.status === "completed") this.log(this.paint("green", "tool"), head);
      else this.log(this.paint("red", "tool"), `${head} · ${this.paint("red", `failed: ${oneLine(call.error ?? "unknown error", 200)}`)}`);
    }
  }

  private describeResult(result: AgentResultRecord): [string, string] {
    const head = `${this.paint("bold", result.agent)} · ${taskLabel(result.task)} · ${formatDuration(result.latencyMs)}`;
    if (result.status === "failed") {
      return [this.paint("red", "failed"), `${head} · ${this.paint("red", oneLine(result.error ?? "unknown error", 200))}`];
    }
    const usage = result.usage ? ` · ${formatCount(result.usage.inputTokens)}→${formatCount(result.usage.outputTokens)} tokens` : "";
    const quality = result.qualityScore !== undefined ? ` · quality ${result.qualityScore.toFixed(2)}` : "";
    const load = (result.modelLoadMs ?? 0) >= SHOWN_MODEL_LOAD_MS ? ` · ${this.paint("yellow", `model ready after ${formatDuration(result.modelLoadMs!)}`)}` : "";
    return [this.paint("green", "done"), `${head}${load}${usage}${quality}`];
  }

  /** A streamed chunk: count it against the agent's task, or against the node that made the call. */
  private onToken(metadata: Record<string, unknown>): void {
    const node = String(metadata.langgraph_node ?? "model");
    const agent = typeof metadata.agent === "string" ? metadata.agent : undefined;
    // An agent's model turns, tool loops included (their node is the loop's own, e.g. `model_request`).
    if (agent && typeof metadata.task === "string") {
      const entry = this.running.get(agentKey(agent, metadata.task));
      if (entry) entry.chunks++;
      return;
    }
    const key = `node:${node}`;
    const entry = this.running.get(key);
    if (entry) entry.chunks++;
    else this.running.set(key, { who: agent ?? node, what: node, started: this.now(), chunks: 1 });
    this.ensureTimer();
  }

  private onUpdate(node: string, update: Partial<OrchestrationStateType>): void {
    this.running.delete(`node:${node}`);
    if (update.classification && !this.routed) this.log(this.paint("magenta", "mode"), this.describeMode(update));
    for (const h of update.handoffs ?? []) {
      const step = oneLine(h.step, 50);
      this.log(this.paint("blue", "handoff"), `${h.from} → ${h.to} · ${step}: ${oneLine(h.summary, TEXT_WIDTH)}`);
    }
    for (const step of update.cascadeSteps ?? []) {
      const color = step.decision === "accepted" ? "green" : step.decision === "escalated" ? "yellow" : "red";
      this.log(this.paint("blue", "cascade"), `${this.paint("bold", step.agent)} ${this.paint(color, step.decision)}: ${oneLine(step.reason, 200)}`);
    }
    if (node === "merge" && update.output !== undefined) this.log(this.paint("blue", "merge"), "parts merged into one answer");
    if (update.selection) {
      const { method, scores, candidateKeys, index, reasons } = update.selection;
      const name = (i: number) => candidateKeys[i]?.replace(/^candidate:/, "") ?? `#${i + 1}`;
      const table = scores.map((s, i) => `${name(i)} ${s.toFixed(2)}`).join(", ");
      const why = reasons[0] ? ` (${oneLine(reasons[0], TEXT_WIDTH)})` : "";
      this.log(this.paint("blue", "select"), `by ${method}: ${table} → ${this.paint("bold", name(index))}${why}`);
    }
    if (update.consensus) {
      const c = update.consensus;
      const outliers = c.outliers.length ? `; outliers: ${c.outliers.join(", ")}` : "";
      this.log(
        this.paint("blue", "consensus"),
        `${c.consensus} · agreement ${c.agreementLevel.toFixed(2)} · ${c.agentsAgreeing} agreeing with the selected answer${outliers}`,
      );
    }
    if (node === "validateQuality" && update.qualityScore !== undefined) {
      this.log(this.paint("blue", "quality"), update.qualityScore.toFixed(2));
    }
    for (const warning of update.warnings ?? []) this.log(this.paint("yellow", "warning"), oneLine(warning, 300));
  }

  private describeMode(update: Partial<OrchestrationStateType>): string {
    const c = update.classification!;
    const mode = this.options.requestedMode ?? update.executionMode ?? c.suggestedMode;
    const facts = this.facts(c);
    if (this.options.requestedMode) return `${this.paint("bold", mode)} (from --mode); the query reads as ${facts}`;
    const reasoning = c.reasoning ? `: ${oneLine(c.reasoning, TEXT_WIDTH)}` : "";
    return `${this.paint("bold", mode)}, chosen by the ${c.source} classifier (${facts})${reasoning}`;
  }

  private facts(c: Classification): string {
    return `${c.taskType}, complexity ${c.complexity}/4, confidence ${c.confidence.toFixed(2)}`;
  }

  private log(tag: string, text: string): void {
    const time = this.paint("dim", `[${formatDuration(this.now() - this.started).padStart(6)}]`);
    this.clearBoard();
    this.terminal.write(`${time} ${tag.padEnd(this.tagWidth(tag))} ${text}\n`);
    this.drawBoard();
  }

  /** Tags line up in a column; escape codes in coloured tags do not count. */
  private tagWidth(tag: string): number {
    const visible = tag.replace(/\x1b\[[0-9;]*m/g, "").length; // eslint-disable-line no-control-regex
    return 9 + (tag.length - visible);
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => (this.live ? this.redraw() : this.heartbeat()), this.live ? REDRAW_MS : HEARTBEAT_MS);
    this.timer.unref();
  }

  private heartbeat(): void {
    if (this.running.size === 0 && this.waiting.size === 0) return;
    const now = this.now();
    const calls = [...this.running.values()].map(
      (r) => `${r.who} (${r.what}) ${formatDuration(now - r.started)}, ~${formatCount(r.chunks)} tokens`,
    );
    const waiting = this.describeWaiting();
    this.log(this.paint("dim", "running"), [...calls, ...(waiting ? [waiting] : [])].join("; "));
  }

  /** "5 calls waiting to start: 4 for http://…, 1 for a run slot"; undefined when none wait. */
  private describeWaiting(): string | undefined {
    if (this.waiting.size === 0) return undefined;
    const byHost = new Map<string | undefined, number>();
    for (const host of this.waiting.values()) byHost.set(host, (byHost.get(host) ?? 0) + 1);
    const parts = [...byHost].map(([host, count]) => `${count} for ${host ?? "a run slot"}`);
    return `${this.waiting.size} call${this.waiting.size === 1 ? "" : "s"} waiting to start: ${parts.join(", ")}`;
  }

  private redraw(): void {
    this.frame++;
    this.clearBoard();
    this.drawBoard();
  }

  private drawBoard(): void {
    if (!this.live || (this.running.size === 0 && this.waiting.size === 0)) return;
    const width = Math.max(20, (this.terminal.columns || 80) - 1); // 0 when the terminal reports no size
    const now = this.now();
    const spinner = SPINNER[this.frame % SPINNER.length]!;
    const waiting = this.describeWaiting();
    const lines = [
      ...[...this.running.values()].map((r) => `${spinner} ${r.who} · ${r.what} · ${formatDuration(now - r.started)} · ~${formatCount(r.chunks)} tokens`),
      ...(waiting ? [`⋯ ${waiting}`] : []),
    ].map((text) => this.paint("dim", oneLine(text, width)));
    this.terminal.write(`${lines.join("\n")}\n`);
    this.drawnLines = lines.length;
  }

  private clearBoard(): void {
    if (!this.live || this.drawnLines === 0) return;
    const stream = this.terminal as unknown as NodeJS.WritableStream;
    moveCursor(stream, 0, -this.drawnLines);
    cursorTo(stream, 0);
    clearScreenDown(stream);
    this.drawnLines = 0;
  }
}
