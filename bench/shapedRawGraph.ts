/**
 * llmgenie's parallel graph shape written directly on LangGraph, with no
 * llmgenie code: a plan node, one `Send` per subtask carrying an assignment,
 * a deferred barrier, the merge, two nodes after it (where llmgenie scores
 * and finalizes), its 21 channels and one result object per subtask. Its
 * ratio to `rawGraph.ts` is what the shape itself costs on LangGraph; the
 * rest of llmgenie's gap is its code (§ 4, § 8).
 */
import { Annotation, END, START, Send, StateGraph } from "@langchain/langgraph";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { MERGER_SYSTEM, WORKER_SYSTEM, text } from "./rawGraph.js";

interface Attempt {
  key: string;
  agent: string;
  task: string;
  status: "completed";
  output: string;
  latencyMs: number;
}

const last = <T>() => Annotation<T>;
const list = <T>() => Annotation<T[]>({ reducer: (a, b) => a.concat(b), default: () => [] });

/** The channels of llmgenie's state (`src/state/state.ts`), as plain LangGraph annotations. */
const ShapedState = Annotation.Root({
  query: last<string>(),
  subtasks: last<string[]>(),
  context: last<Record<string, unknown>>(),
  executionMode: last<string>(),
  tests: last<string>(),
  output: last<string>(),
  status: last<string>(),
  error: last<string>(),
  results: list<Attempt>(),
  qualityScore: last<number>(),
  handoffs: list<unknown>(),
  consensus: last<unknown>(),
  selection: last<unknown>(),
  qualityVariance: last<number>(),
  classification: last<unknown>(),
  cascadeSteps: list<unknown>(),
  warnings: list<string>(),
  usage: last<unknown>(),
  plan: last<string[]>(),
  planSource: last<string>(),
  step: last<number>(),
});
type State = typeof ShapedState.State;

interface Assignment {
  key: string;
  agent: number;
  task: string;
  prompt: string;
}

export function createShapedRawFanOutGraph(models: BaseChatModel[]) {
  const work = async ({ assignment }: { assignment: Assignment }) => {
    const reply = await models[assignment.agent]!.invoke([
      new SystemMessage(WORKER_SYSTEM),
      new HumanMessage(assignment.prompt),
    ]);
    const { key, task } = assignment;
    return { results: [{ key, agent: `agent${assignment.agent + 1}`, task, status: "completed" as const, output: text(reply), latencyMs: 0 }] };
  };
  const fanOut = (state: State) =>
    state.plan.map(
      (task, i) =>
        new Send("work", { assignment: { key: `subtask:${i}`, agent: i % models.length, task, prompt: `Overall task: ${state.query}\n\nYour part: ${task}` } }),
    );
  const merge = async (state: State) => {
    const body = state.results.map((r, i) => `--- Part ${i + 1}: ${r.task} ---\n${r.output}`).join("\n\n");
    const reply = await models[0]!.invoke([
      new SystemMessage(MERGER_SYSTEM),
      new HumanMessage(`Overall task: ${state.query}\n\n${body}\n\nWrite the combined answer.`),
    ]);
    return { output: text(reply) };
  };
  return new StateGraph(ShapedState)
    .addNode("planSubtasks", (state: State) => ({ plan: state.subtasks, planSource: "given" }))
    .addNode("work", work as unknown as (state: State) => Promise<Partial<State>>)
    .addNode("joinAttempts", () => ({}), { defer: true })
    .addNode("merge", merge)
    .addNode("validateQuality", () => ({ qualityScore: 1 }))
    .addNode("finalize", () => ({ status: "completed" }))
    .addEdge(START, "planSubtasks")
    .addConditionalEdges("planSubtasks", fanOut, ["work"])
    .addEdge("work", "joinAttempts")
    // llmgenie routes here: failed subtasks to their fallbacks, else on to the merge.
    .addConditionalEdges("joinAttempts", () => "merge", ["work", "merge"])
    .addEdge("merge", "validateQuality")
    .addEdge("validateQuality", "finalize")
    .addEdge("finalize", END)
    .compile();
}
