import { randomUUID } from "node:crypto";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import type { BaseLanguageModelInput, StructuredOutputMethodOptions } from "@langchain/core/language_models/base";
import { assembleStructuredOutputPipeline, createContentParser } from "@langchain/core/language_models/structured_output";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { Runnable } from "@langchain/core/runnables";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { toJsonSchema } from "@langchain/core/utils/json_schema";
import type { InteropZodType } from "@langchain/core/utils/types";
import type { SerializableSchema } from "@langchain/core/utils/standard_schema";
import { grammarSchema, toChatHistory, toFunctions } from "./chatHistory.js";
import type { FunctionTool } from "./types.js";
import { withModelSequence, type ModelSettings } from "./loadedModels.js";
import { embeddedModelSpec, ensureModelFile, modelFilePath, type DownloadProgress } from "./modelCache.js";
import { loadRuntime } from "./runtime.js";

/** Output tokens one call may generate unless told otherwise (or `LLMGENIE_MAX_TOKENS`): a rambling model cannot run forever. */
export const DEFAULT_MAX_TOKENS = 1024;

/** `LLMGENIE_MAX_TOKENS` when it is a positive integer. */
const maxTokensFromEnv = (): number | undefined => {
  const value = Number(process.env.LLMGENIE_MAX_TOKENS);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};
/** Tokens each context sequence holds (prompt and answer). */
export const DEFAULT_CONTEXT_SIZE = 4096;
/** Calls one loaded model evaluates at once (one batch); more wait for a free sequence. */
export const DEFAULT_PARALLEL_SEQUENCES = 4;

export interface EmbeddedChatModelFields extends BaseChatModelParams {
  /** `hf:` URI, http(s) URL of a GGUF file, or path to a `.gguf` file. Default: `LLMGENIE_MODEL`, else the default model. */
  model?: string;
  /** A system prompt of this model's own (a role), before the caller's system messages. */
  instructions?: string;
  /** Output tokens per call (default `LLMGENIE_MAX_TOKENS`, else 1024). */
  maxTokens?: number;
  /** Sampling temperature; 0 picks the likeliest token every time. Default 0.7. */
  temperature?: number;
  /** Tokens per context sequence (default 4096, capped by the model's training context). */
  contextSize?: number;
  /** Calls evaluated at once on the loaded model (default 4). */
  parallelSequences?: number;
  /** Evaluation threads; default: from the model's size, at most the cores this process may use. */
  threads?: number;
  /** Where remote models are cached (default `LLMGENIE_MODELS_DIR`, else the user's cache directory). */
  modelsDir?: string;
  /** Called while the model downloads on first use. */
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** A download that brings no new byte for this long fails (default 30 s). */
  downloadStallTimeoutMs?: number;
}

export interface EmbeddedChatModelCallOptions extends BaseChatModelCallOptions {
  /** Tools the model may call (set by `bindTools`). */
  tools?: FunctionTool[];
  /** JSON schema the answer must match, enforced by a grammar (set by `withStructuredOutput`). */
  outputSchema?: Record<string, unknown>;
  /** Output tokens of this call. */
  maxTokens?: number;
}

/** What the generation hands to the stream: text as it comes, then the outcome. */
type GenerationEvent =
  | { text: string }
  | {
      functionCalls: { functionName: string; params: unknown }[];
      stopReason: string;
      usage: { inputTokens: number; outputTokens: number };
    };

/**
 * A LangChain chat model that runs a GGUF model in-process on node-llama-cpp:
 * no server. Stateless per call — each call gets a context sequence of its
 * own, primed from the messages — so agents can share it freely; all
 * instances on one model file share one loaded copy of the weights. Streams
 * tokens, reports token usage, honours abort signals, caps output tokens,
 * enforces `withStructuredOutput` schemas with a JSON-schema grammar, and calls
 * tools (`bindTools`) through node-llama-cpp's function calling, in the chat
 * format of the model's own template. The model file is downloaded on first
 * use (see `ensureModelFile`).
 *
 * @example
 * const model = new EmbeddedChatModel({ instructions: "You review code." });
 * const reply = await model.invoke("Is `a == b` safe in JavaScript?");
 */
export class EmbeddedChatModel extends BaseChatModel<EmbeddedChatModelCallOptions> {
  static override lc_name() {
    return "EmbeddedChatModel";
  }

  /** The model as named: URI, URL or path. */
  readonly model: string;
  readonly instructions?: string;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly contextSize: number;
  readonly parallelSequences: number;
  readonly threads?: number;
  readonly modelsDir?: string;
  private readonly onDownloadProgress?: (progress: DownloadProgress) => void;
  private readonly downloadStallTimeoutMs?: number;

  constructor(fields: EmbeddedChatModelFields = {}) {
    super(fields);
    this.model = fields.model ?? embeddedModelSpec();
    this.instructions = fields.instructions;
    this.maxTokens = fields.maxTokens ?? maxTokensFromEnv() ?? DEFAULT_MAX_TOKENS;
    this.temperature = fields.temperature ?? 0.7;
    this.contextSize = fields.contextSize ?? DEFAULT_CONTEXT_SIZE;
    this.parallelSequences = fields.parallelSequences ?? DEFAULT_PARALLEL_SEQUENCES;
    this.threads = fields.threads;
    this.modelsDir = fields.modelsDir;
    this.onDownloadProgress = fields.onDownloadProgress;
    this.downloadStallTimeoutMs = fields.downloadStallTimeoutMs;
  }

  override _llmType(): string {
    return "embedded-llama-cpp";
  }

  /** Where the model file is (or will be once downloaded); the key its loaded copy is shared by. */
  get modelFile(): string {
    return modelFilePath(this.model, this.modelsDir);
  }

  override invocationParams(options?: this["ParsedCallOptions"]) {
    return { model: this.model, maxTokens: options?.maxTokens ?? this.maxTokens, temperature: this.temperature };
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<EmbeddedChatModelCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, EmbeddedChatModelCallOptions> {
    return this.withConfig({ tools: tools.map((tool) => convertToOpenAITool(tool) as FunctionTool), ...kwargs });
  }

  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<false>,
  ): Runnable<BaseLanguageModelInput, RunOutput>;
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<true>,
  ): Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }>;
  /**
   * Answers that match `outputSchema` (zod or JSON schema): the schema
   * becomes a grammar, so the model can only produce JSON of that shape (a
   * rambling model may still run out of tokens first; the parser then fails).
   */
  override withStructuredOutput<RunOutput extends Record<string, any> = Record<string, any>>(
    outputSchema: InteropZodType<RunOutput> | SerializableSchema<RunOutput> | Record<string, any>,
    config?: StructuredOutputMethodOptions<boolean>,
  ): Runnable<BaseLanguageModelInput, RunOutput> | Runnable<BaseLanguageModelInput, { raw: BaseMessage; parsed: RunOutput }> {
    const jsonSchema = toJsonSchema(outputSchema as Parameters<typeof toJsonSchema>[0]) as Record<string, unknown>;
    const llm = this.withConfig({
      outputSchema: jsonSchema,
      ls_structured_output_format: { kwargs: { method: "jsonSchema" }, schema: jsonSchema },
    } as Partial<EmbeddedChatModelCallOptions>);
    const parser = createContentParser<RunOutput>(outputSchema as InteropZodType<RunOutput>);
    return assembleStructuredOutputPipeline(llm, parser, config?.includeRaw, "EmbeddedStructuredOutput");
  }

  async _generate(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    let final: AIMessageChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
      final = final ? final.concat(chunk.message as AIMessageChunk) : (chunk.message as AIMessageChunk);
    }
    const message = new AIMessage({
      content: final?.content ?? "",
      tool_calls: final?.tool_calls ?? [],
      ...(final?.usage_metadata ? { usage_metadata: final.usage_metadata } : {}),
      response_metadata: final?.response_metadata ?? {},
    });
    return { generations: [{ text: typeof message.content === "string" ? message.content : "", message }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const path = await ensureModelFile(this.model, {
      ...(this.modelsDir ? { dir: this.modelsDir } : {}),
      ...(this.onDownloadProgress ? { onProgress: this.onDownloadProgress } : {}),
      ...(this.downloadStallTimeoutMs ? { stallTimeoutMs: this.downloadStallTimeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const { LlamaChat } = await loadRuntime();
    const settings: ModelSettings = {
      path,
      parallelSequences: this.parallelSequences,
      contextSize: this.contextSize,
      ...(this.threads ? { threads: this.threads } : {}),
    };
    const history = toChatHistory(messages, this.instructions);
    const functions = options.tools?.length && !options.outputSchema ? toFunctions(options.tools) : undefined;
    // Stopping early (a consumer that breaks off the stream) or the caller's abort stops the generation.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const maxTokens = options.maxTokens ?? this.maxTokens;
    const temperature = this.temperature;

    const events = new ReadableStream<GenerationEvent>({
      start(controller) {
        withModelSequence(
          settings,
          async (loaded, sequence) => {
            const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: loaded.chatWrapper });
            try {
              const common = { maxTokens, temperature, signal, onTextChunk: (text: string) => controller.enqueue({ text }) };
              const result = options.outputSchema
                ? await chat.generateResponse(history, { ...common, grammar: await loaded.jsonGrammar(grammarSchema(options.outputSchema)) })
                : functions
                  ? await chat.generateResponse(history, { ...common, functions, documentFunctionParams: true })
                  : await chat.generateResponse(history, common);
              const meter = sequence.tokenMeter;
              controller.enqueue({
                functionCalls: (result.functionCalls ?? []).map(({ functionName, params }) => ({ functionName, params })),
                stopReason: result.metadata.stopReason,
                usage: { inputTokens: meter.usedInputTokens, outputTokens: meter.usedOutputTokens },
              });
            } finally {
              chat.dispose({ disposeSequence: false });
            }
          },
          signal,
        ).then(
          () => controller.close(),
          (error: unknown) => controller.error(error),
        );
      },
      cancel() {
        stop.abort();
      },
    });

    for await (const event of events) {
      if ("text" in event) {
        if (!event.text) continue;
        const chunk = new ChatGenerationChunk({ text: event.text, message: new AIMessageChunk({ content: event.text }) });
        yield chunk;
        await runManager?.handleLLMNewToken(event.text, undefined, undefined, undefined, undefined, { chunk });
        continue;
      }
      const { inputTokens, outputTokens } = event.usage;
      yield new ChatGenerationChunk({
        text: "",
        message: new AIMessageChunk({
          content: "",
          tool_call_chunks: event.functionCalls.map((call, index) => ({
            type: "tool_call_chunk" as const,
            id: `call_${randomUUID()}`,
            name: call.functionName,
            args: JSON.stringify(call.params ?? {}),
            index,
          })),
          usage_metadata: { input_tokens: inputTokens, output_tokens: outputTokens, total_tokens: inputTokens + outputTokens },
          response_metadata: {
            model: this.model,
            finish_reason:
              event.stopReason === "maxTokens" ? "length" : event.stopReason === "functionCalls" ? "tool_calls" : "stop",
          },
        }),
      });
    }
  }
}
