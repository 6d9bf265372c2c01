/**
 * The embedded chat model on a real llama.cpp runtime, driven through
 * LangChain's interface, with a tiny random-weight GGUF model written by
 * `test/support/tinyGguf.ts` (no download): its text is gibberish, so these
 * tests check the machinery — streaming, usage, grammar, sharing, cancellation.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { HumanMessage, SystemMessage, AIMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { EmbeddedChatModel } from "../../src/models/embeddedChatModel.js";
import { disposeModels, loadedModelPaths, modelStats } from "../../src/models/loadedModels.js";
import { toChatHistory } from "../../src/models/chatHistory.js";
import { writeTinyGguf } from "../support/tinyGguf.js";

const dir = mkdtempSync(join(tmpdir(), "llmgenie-embedded-"));
const tinyPath = writeTinyGguf(join(dir, "tiny.gguf"));
const tiny = (fields: ConstructorParameters<typeof EmbeddedChatModel>[0] = {}) =>
  new EmbeddedChatModel({ model: tinyPath, maxTokens: 24, ...fields });

afterAll(async () => {
  await disposeModels();
});

describe("EmbeddedChatModel", () => {
  it("streams tokens and reports usage, capped at maxTokens", async () => {
    const chunks: string[] = [];
    let usage;
    for await (const chunk of await tiny().stream([new SystemMessage("Be brief."), new HumanMessage("Hello")])) {
      if (typeof chunk.content === "string" && chunk.content) chunks.push(chunk.content);
      if (chunk.usage_metadata) usage = chunk.usage_metadata;
    }
    expect(chunks.length).toBeGreaterThan(1);
    expect(usage!.input_tokens).toBeGreaterThan(0);
    expect(usage!.output_tokens).toBeGreaterThan(0);
    expect(usage!.output_tokens).toBeLessThanOrEqual(24);

    const reply = await tiny().invoke("Hello");
    expect(typeof reply.content).toBe("string");
    expect(reply.usage_metadata!.output_tokens).toBeLessThanOrEqual(24);
    expect(reply.response_metadata.finish_reason).toMatch(/^(length|stop)$/);
  });

  it("answers valid JSON for a bounded schema through the grammar", async () => {
    const Plan = z.object({ done: z.boolean(), mode: z.enum(["parallel", "sequential"]) });
    const { raw, parsed } = await tiny({ maxTokens: 200 }).withStructuredOutput(Plan, { includeRaw: true }).invoke("Plan it.");
    expect(Plan.parse(parsed)).toEqual(parsed);
    expect(JSON.parse(String(raw.content))).toEqual(parsed);
  });

  it("runs several calls at once on one loaded copy, each on its own sequence", async () => {
    const before = modelStats(tinyPath)?.loads ?? 0;
    await disposeModels();
    const agents = [tiny({ instructions: "You plan." }), tiny({ instructions: "You code." }), tiny({ instructions: "You review." })];
    const replies = await Promise.all(agents.map((agent) => agent.invoke("Go", { maxTokens: 64 })));
    expect(replies).toHaveLength(3);
    expect(loadedModelPaths()).toEqual([tinyPath]);
    const stats = modelStats(tinyPath)!;
    expect(stats.loads).toBe(before + 1);
    expect(stats.peakActiveSequences).toBeGreaterThan(1);
    expect(stats.activeSequences).toBe(0);
    expect(stats.threads).toBe(1); // a 240 KB model: one thread
  });

  it("stops on abort and frees the sequence", async () => {
    const controller = new AbortController();
    const model = tiny({ maxTokens: 100_000 });
    const stream = await model.stream("Write forever", { signal: controller.signal });
    let seen = 0;
    await expect(
      (async () => {
        for await (const _chunk of stream) if (++seen === 5) controller.abort();
      })(),
    ).rejects.toThrow();
    expect(seen).toBeGreaterThanOrEqual(5);
    // The caller's stream rejects at once; the generation stops and hands its sequence back right after.
    await vi.waitFor(() => expect(modelStats(tinyPath)!.activeSequences).toBe(0), { timeout: 5_000 });
    // Every sequence is free again: as many calls as sequences run at once.
    const replies = await Promise.all(Array.from({ length: 4 }, () => model.invoke("Again", { maxTokens: 4 })));
    expect(replies).toHaveLength(4);
  });

  it("offers bound tools and carries tool calls and results in the history", async () => {
    const add = tool(async ({ a, b }: { a: number; b: number }) => String(a + b), {
      name: "add",
      description: "Add two numbers",
      schema: z.object({ a: z.number(), b: z.number() }),
    });
    const reply = await tiny().bindTools([add]).invoke("What is 2 + 3?");
    expect(reply.usage_metadata!.input_tokens).toBeGreaterThan(0);
    expect(Array.isArray(reply.tool_calls)).toBe(true);

    const history = toChatHistory(
      [
        new HumanMessage("What is 2 + 3?"),
        new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "add", args: { a: 2, b: 3 } }] }),
        new ToolMessage({ tool_call_id: "c1", content: "5" }),
      ],
      "You add.",
    );
    expect(history).toEqual([
      { type: "system", text: "You add." },
      { type: "user", text: "What is 2 + 3?" },
      { type: "model", response: [{ type: "functionCall", name: "add", params: { a: 2, b: 3 }, result: "5", startsNewChunk: true }] },
      { type: "model", response: [] },
    ]);
    // A conversation with a tool round goes through the model's chat template.
    const next = await tiny().bindTools([add]).invoke([
      new HumanMessage("What is 2 + 3?"),
      new AIMessage({ content: "", tool_calls: [{ id: "c1", name: "add", args: { a: 2, b: 3 } }] }),
      new ToolMessage({ tool_call_id: "c1", content: "5" }),
    ]);
    expect(next.usage_metadata!.input_tokens).toBeGreaterThan(0);
  });

  it("names a missing model file", async () => {
    await expect(new EmbeddedChatModel({ model: join(dir, "missing.gguf") }).invoke("Hi")).rejects.toThrow(/model file not found: .*missing\.gguf/);
  });
});

describe("EmbeddedChatModel in a LangChain agent", () => {
  it("runs as the model of createAgent (bindTools, tool_calls on the reply)", async () => {
    const { createAgent } = await import("langchain");
    const echo = tool(async ({ text }: { text: string }) => text, {
      name: "echo",
      description: "Repeat the text",
      schema: z.object({ text: z.string() }),
    });
    const agent = createAgent({ model: tiny(), tools: [echo] });
    const { messages } = await agent.invoke({ messages: [new HumanMessage("Echo hello")] });
    const last = messages.at(-1)!;
    expect(last.getType()).toBe("ai");
    expect((last as AIMessage).usage_metadata!.output_tokens).toBeGreaterThan(0);
  });
});
