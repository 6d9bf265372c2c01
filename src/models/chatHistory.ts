import type { BaseMessage } from "@langchain/core/messages";
import type { ChatHistoryItem, ChatModelFunctionCall, ChatModelFunctions } from "node-llama-cpp";
import type { FunctionTool } from "./types.js";


/** JSON-schema keywords node-llama-cpp's grammar builder does not take; the rest passes through. */
export function grammarSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, title: _title, ...rest } = schema;
  return rest;
}

/**
 * LangChain messages → node-llama-cpp chat history, ending with an empty
 * model turn to generate. System messages at the start (and `instructions`
 * before them) become one system turn; an AI message's tool calls become
 * function calls whose results are the matching tool messages.
 */
export function toChatHistory(messages: BaseMessage[], instructions?: string): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = [];
  const leadingSystem: string[] = instructions ? [instructions] : [];
  let start = 0;
  while (start < messages.length && messages[start]!.getType() === "system") leadingSystem.push(messages[start++]!.text);
  if (leadingSystem.length) history.push({ type: "system", text: leadingSystem.join("\n\n") });

  const callsById = new Map<string, ChatModelFunctionCall>();
  for (const message of messages.slice(start)) {
    const type = message.getType();
    if (type === "system") history.push({ type: "system", text: message.text });
    else if (type === "human" || type === "generic") history.push({ type: "user", text: message.text });
    else if (type === "ai") {
      const response: (string | ChatModelFunctionCall)[] = [];
      const text = message.text;
      if (text) response.push(text);
      const toolCalls = (message as { tool_calls?: { id?: string; name: string; args: unknown }[] }).tool_calls ?? [];
      toolCalls.forEach((call, i) => {
        const functionCall: ChatModelFunctionCall = {
          type: "functionCall",
          name: call.name,
          params: call.args,
          result: "",
          ...(i === 0 ? { startsNewChunk: true } : {}),
        };
        if (call.id) callsById.set(call.id, functionCall);
        response.push(functionCall);
      });
      history.push({ type: "model", response });
    } else if (type === "tool") {
      const id = (message as { tool_call_id?: string }).tool_call_id;
      const call = id ? callsById.get(id) : undefined;
      // A tool result with no call to attach to still reaches the model, as a user turn.
      if (call) call.result = message.text;
      else history.push({ type: "user", text: `Tool result: ${message.text}` });
    }
  }
  history.push({ type: "model", response: [] });
  return history;
}

/** Bound tools → the functions node-llama-cpp offers the model (in its chat wrapper's calling format). */
export function toFunctions(tools: FunctionTool[]): ChatModelFunctions {
  return Object.fromEntries(
    tools.map(({ function: fn }) => [
      fn.name,
      {
        ...(fn.description ? { description: fn.description } : {}),
        ...(fn.parameters ? { params: grammarSchema(fn.parameters) } : {}),
      },
    ]),
  ) as ChatModelFunctions;
}
