/**
 * The parallel mode's shape written directly on LangGraph, with no llmgenie
 * code: `Send` one worker per subtask (models round-robin), append the parts,
 * one merge call. The yardstick for what llmgenie adds per run.
 */
import { Annotation, END, START, Send, StateGraph } from "@langchain/langgraph";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

const RawState = Annotation.Root({
  query: Annotation<string>,
  subtasks: Annotation<string[]>,
  parts: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  output: Annotation<string>,
});

interface WorkInput {
  query: string;
  subtask: string;
  index: number;
}

/** A reply's text (the bench's models answer plain strings). */
export const text = (message: BaseMessage): string => (typeof message.content === "string" ? message.content : "");

/** The system prompts of a worker and of the merge. */
export const WORKER_SYSTEM = "You are one of several agents working in parallel on parts of one job. Do only your part.";
export const MERGER_SYSTEM = "You combine the parts written by several agents into one coherent answer.";

export function createRawFanOutGraph(models: BaseChatModel[]) {
  const work = async ({ query, subtask, index }: WorkInput) => {
    const reply = await models[index % models.length]!.invoke([
      new SystemMessage(WORKER_SYSTEM),
      new HumanMessage(`Overall task: ${query}\n\nYour part: ${subtask}`),
    ]);
    return { parts: [text(reply)] };
  };
  const merge = async (state: typeof RawState.State) => {
    const body = state.parts.map((part, i) => `--- Part ${i + 1}: ${state.subtasks[i]} ---\n${part}`).join("\n\n");
    const reply = await models[0]!.invoke([
      new SystemMessage(MERGER_SYSTEM),
      new HumanMessage(`Overall task: ${state.query}\n\n${body}\n\nWrite the combined answer.`),
    ]);
    return { output: text(reply) };
  };
  return new StateGraph(RawState)
    .addNode("work", work as unknown as (state: typeof RawState.State) => Promise<{ parts: string[] }>)
    .addNode("merge", merge)
    .addConditionalEdges(
      START,
      (state) => state.subtasks.map((subtask, index) => new Send("work", { query: state.query, subtask, index })),
      ["work"],
    )
    .addEdge("work", "merge")
    .addEdge("merge", END)
    .compile();
}
