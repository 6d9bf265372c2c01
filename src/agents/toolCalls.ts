/**
 * Recording an attempt's tool calls (`AgentResult.toolCalls`) and announcing
 * them on the run's `custom` stream (`tool_start` / `tool_end`). Two adapters
 * feed one recorder: a `createAgent` middleware for llmgenie's own tool loop
 * (which also turns a throwing or slow tool into an error the model reads),
 * and a callback handler for LangGraph agents given as they are.
 */
import { raceAbort } from "./signals.js";
import { randomUUID } from "node:crypto";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { BaseCallbackHandler } from "@langchain/core/callbacks/base";
import type { Serialized } from "@langchain/core/load/serializable";
import { AIMessage, ToolMessage, isBaseMessage, type BaseMessage } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { ToolCallRecord } from "../state/schemas.js";
import { textOf } from "./invoke.js";

/** Where a tool message keeps its call's latency, so a loop resumed from a checkpoint still knows it. */
const LATENCY_KEY = "llmgenie_latency_ms";

/** Characters of a tool's output kept in its record (the model got all of it). */
export const RECORDED_OUTPUT_CHARS = 4_000;

/** Tool progress on the `custom` stream, next to `agent_start` / `agent_end`. */
export type ToolEvent =
  | { event: "tool_start"; key: string; agent: string; id: string; tool: string; args: unknown }
  | { event: "tool_end"; key: string; agent: string; id: string; call: ToolCallRecord };

const clip = (text: string): string =>
  text.length > RECORDED_OUTPUT_CHARS ? `${text.slice(0, RECORDED_OUTPUT_CHARS)}… [${text.length} chars]` : text;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** What a tool handed back, as text. */
export function toolOutputText(output: unknown): string {
  if (typeof output === "string") return output;
  if (isBaseMessage(output)) return textOf(output as BaseMessage);
  try {
    return JSON.stringify(output) ?? "";
  } catch {
    return String(output);
  }
}

/** The tool calls of one attempt, in the order they started. */
export class ToolCallRecorder {
  private readonly calls: { id: string; started: number; record?: ToolCallRecord; name: string; args: unknown }[] = [];

  /** Called with the number of calls started so far: set by a loop that enforces a limit from outside. */
  onStart?: (count: number) => void;

  /**
   * @param task - the attempt's task key and agent, for the stream events
   * @param writer - the `runAgent` node's custom-stream writer
   */
  constructor(
    private readonly task: { key: string; agent: string },
    private readonly writer?: LangGraphRunnableConfig["writer"],
  ) {}

  /** Calls that ended, in start order. */
  get records(): ToolCallRecord[] {
    return this.calls.flatMap((call) => (call.record ? [call.record] : []));
  }

  /**
   * Calls an earlier run of this attempt made before it was cut off and
   * resumed from its checkpoint (the loop does not repeat them): rebuilt from
   * the loop's messages, with the latency stored on each tool message.
   */
  restore(messages: BaseMessage[]): void {
    const known = new Set(this.calls.map((call) => call.id));
    const results = new Map(messages.filter((m) => ToolMessage.isInstance(m)).map((m) => [(m as ToolMessage).tool_call_id, m as ToolMessage]));
    const earlier = messages
      .flatMap((m) => (AIMessage.isInstance(m) ? (m.tool_calls ?? []) : []))
      .filter((call) => call.id && !known.has(call.id) && results.has(call.id))
      .map((call) => {
        const result = results.get(call.id!)!;
        const text = clip(textOf(result));
        const latencyMs = Number(result.response_metadata?.[LATENCY_KEY] ?? 0);
        const record: ToolCallRecord =
          result.status === "error"
            ? { name: call.name, args: call.args, status: "failed", error: text.replace(/^Error: /, ""), latencyMs }
            : { name: call.name, args: call.args, status: "completed", output: text, latencyMs };
        return { id: call.id!, name: call.name, args: call.args, started: 0, record };
      });
    this.calls.unshift(...earlier);
  }

  start(id: string, name: string, args: unknown): void {
    this.calls.push({ id, name, args, started: performance.now() });
    this.writer?.({ event: "tool_start", ...this.task, id, tool: name, args } satisfies ToolEvent);
    this.onStart?.(this.calls.length);
  }

  complete(id: string, output: string): ToolCallRecord | undefined {
    return this.end(id, { status: "completed", output: clip(output) });
  }

  fail(id: string, error: string): ToolCallRecord | undefined {
    return this.end(id, { status: "failed", error: clip(error) });
  }

  private end(id: string, outcome: Pick<ToolCallRecord, "status" | "output" | "error">): ToolCallRecord | undefined {
    const call = this.calls.find((c) => c.id === id && !c.record);
    if (!call) return undefined;
    call.record = { name: call.name, args: call.args, ...outcome, latencyMs: Math.round(performance.now() - call.started) };
    this.writer?.({ event: "tool_end", ...this.task, id, call: call.record } satisfies ToolEvent);
    return call.record;
  }
}

/** The tool, with `signal` joined to the one each call gets: a timeout the tool itself can see. */
function withSignal(tool: StructuredToolInterface, signal: AbortSignal): StructuredToolInterface {
  return Object.create(tool, {
    invoke: {
      value: (input: unknown, config?: { signal?: AbortSignal }) =>
        tool.invoke(input as never, { ...config, signal: config?.signal ? AbortSignal.any([config.signal, signal]) : signal }),
    },
  }) as StructuredToolInterface;
}

/**
 * `createAgent` middleware: records every tool call and keeps a failing tool
 * from failing the attempt. A tool that throws, or runs longer than
 * `toolTimeoutMs` (its signal is aborted then), answers the model with
 * `Error: …` and is recorded `failed`; a cancelled run still stops.
 */
export async function toolCallRecording(recorder: ToolCallRecorder, toolTimeoutMs: number) {
  // `langchain` is loaded when an agent first uses tools: plain-model runs need none of it.
  const { createMiddleware } = await import("langchain");
  return createMiddleware({
    name: "llmgenieToolCalls",
    wrapToolCall: async (request, handler) => {
      const { toolCall } = request;
      const id = toolCall.id ?? randomUUID();
      recorder.start(id, toolCall.name, toolCall.args);
      const timer = AbortSignal.timeout(toolTimeoutMs);
      const tool = request.tool as StructuredToolInterface | undefined;
      try {
        // Settles when the time limit passes, so a tool that ignores its signal cannot hold the loop.
        const result = await raceAbort(
          Promise.resolve(handler(tool && typeof tool.invoke === "function" ? { ...request, tool: withSignal(tool, timer) } : request)),
          timer,
        );
        if (!ToolMessage.isInstance(result)) {
          recorder.complete(id, "");
          return result;
        }
        const record = result.status === "error" ? recorder.fail(id, textOf(result)) : recorder.complete(id, textOf(result));
        result.response_metadata = { ...result.response_metadata, [LATENCY_KEY]: record?.latencyMs };
        return result;
      } catch (error) {
        if (request.runtime.signal?.aborted) {
          recorder.fail(id, "cancelled");
          throw error;
        }
        const message = timer.aborted ? `timed out after ${toolTimeoutMs} ms` : errorText(error);
        const record = recorder.fail(id, message);
        return new ToolMessage({
          content: `Error: ${message}`,
          tool_call_id: toolCall.id ?? id,
          name: toolCall.name,
          status: "error",
          response_metadata: { [LATENCY_KEY]: record?.latencyMs },
        });
      }
    },
  });
}

/** Callback handler that records the tool runs of a LangGraph agent given as it is. */
export class ToolCallCallbacks extends BaseCallbackHandler {
  name = "llmgenie_tool_calls";
  /** Awaited, so start and end are timed when they happen. */
  override awaitHandlers = true;

  constructor(private readonly recorder: ToolCallRecorder) {
    super();
  }

  override handleToolStart(tool: Serialized, input: string, runId: string, _parent?: string, _tags?: string[], _meta?: Record<string, unknown>, runName?: string): void {
    let args: unknown = input;
    try {
      args = JSON.parse(input);
    } catch {
      // a plain string input stays a string
    }
    this.recorder.start(runId, runName ?? String(tool.id?.at(-1) ?? "tool"), args);
  }

  override handleToolEnd(output: unknown, runId: string): void {
    if (ToolMessage.isInstance(output) && output.status === "error") this.recorder.fail(runId, textOf(output));
    else this.recorder.complete(runId, toolOutputText(output));
  }

  override handleToolError(error: unknown, runId: string): void {
    this.recorder.fail(runId, errorText(error));
  }
}
