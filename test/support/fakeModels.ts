import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage } from "@langchain/core/messages";
import type { ChatResult } from "@langchain/core/outputs";
import { RunnableLambda, type Runnable } from "@langchain/core/runnables";

/** What one call answers: text, an error, or text/error after a delay. */
export type FakeStep = string | Error | { reply?: string; json?: unknown; error?: string | Error; delayMs?: number };
/** Per-call script: a fixed step, a queue (last entry repeats), or a function of the prompt. */
export type FakeScript = FakeStep | FakeStep[] | ((prompt: string, call: number) => FakeStep);

export interface FakeCall {
  prompt: string;
  messages: BaseMessage[];
  startedAt: number;
  endedAt?: number;
}

const promptOf = (messages: BaseMessage[]) => messages.map((m) => String(m.content)).join("\n");
const countTokens = (text: string) => (text.match(/\S+/g) ?? []).length;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * A scripted chat model for unit tests: answers from a script, records every
 * call, counts calls in flight (to prove concurrency), reports token usage
 * (words), honours abort signals, and supports `withStructuredOutput` by
 * parsing its JSON reply — as `ChatOllama`'s JSON-schema mode does.
 */
export class FakeChatModel extends BaseChatModel {
  readonly calls: FakeCall[] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(
    private readonly script: FakeScript,
    readonly model = "fake-model",
    private readonly defaultDelayMs = 0,
    params: BaseChatModelParams = {},
  ) {
    super(params);
  }

  _llmType() {
    return "fake";
  }

  private step(prompt: string, call: number): FakeStep {
    const { script } = this;
    if (typeof script === "function") return script(prompt, call);
    if (Array.isArray(script)) return script[Math.min(call, script.length - 1)]!;
    return script;
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const prompt = promptOf(messages);
    const record: FakeCall = { prompt, messages, startedAt: performance.now() };
    const step = this.step(prompt, this.calls.length);
    this.calls.push(record);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const delay = typeof step === "object" && !(step instanceof Error) ? (step.delayMs ?? this.defaultDelayMs) : this.defaultDelayMs;
      if (delay > 0) await sleep(delay, options.signal);
      if (step instanceof Error) throw step;
      if (typeof step === "object" && step.error) throw typeof step.error === "string" ? new Error(step.error) : step.error;
      const text = typeof step === "string" ? step : step.json !== undefined ? JSON.stringify(step.json) : (step.reply ?? "");
      const message = new AIMessage({
        content: text,
        usage_metadata: { input_tokens: countTokens(prompt), output_tokens: countTokens(text), total_tokens: countTokens(prompt) + countTokens(text) },
      });
      return { generations: [{ text, message }] };
    } finally {
      this.inFlight--;
      record.endedAt = performance.now();
    }
  }

  override withStructuredOutput(schema: unknown, config?: { includeRaw?: boolean }): Runnable {
    const zod = schema as { safeParse?: (v: unknown) => { success: boolean; data?: unknown } };
    return RunnableLambda.from(async (input: BaseMessage[], runConfig) => {
      const raw = await this.invoke(input, runConfig);
      let parsed: unknown = null;
      try {
        const value = JSON.parse(String(raw.content));
        const checked = zod.safeParse?.(value);
        parsed = checked ? (checked.success ? checked.data : null) : value;
      } catch {
        parsed = null;
      }
      if (config?.includeRaw) return { raw, parsed };
      if (parsed === null) throw new Error("fake model answered off-schema");
      return parsed;
    }) as unknown as Runnable;
  }
}

/** Prompts that a set of fake models received, flattened. */
export const promptsOf = (...models: FakeChatModel[]) => models.flatMap((m) => m.calls.map((c) => c.prompt));
