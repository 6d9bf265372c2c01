import type { Graph as DrawableGraph } from "@langchain/core/runnables/graph";
import type { RunnableConfig } from "@langchain/core/runnables";
import { withRunSlots } from "../agents/limits.js";

/** What this module needs of a `StateGraph` builder and of what it compiles. */
interface Builder {
  nodes: Record<string, { isErrorHandler?: boolean }>;
  compile(...args: never[]): Compiled;
}
interface Compiled {
  stream(input: unknown, options?: RunnableConfig): Promise<unknown>;
  getGraphAsync(config?: RunnableConfig): Promise<DrawableGraph>;
  getGraph(config?: RunnableConfig): DrawableGraph;
  withConfig(config: RunnableConfig): Compiled;
}

/**
 * Makes every graph compiled from a mode builder behave the same on the
 * LangGraph a user installs (1.7.3, unpatched):
 *
 * - runs start with llmgenie's own per-run cap on agent calls, and LangGraph's
 *   task loop, which drops tasks under `maxConcurrency: 1`, gets the cap but
 *   never less than 2 (`src/agents/limits.ts`); `invoke`, `stream` and `streamEvents` all go
 *   through `stream`, and so does a parent graph that runs this one as a node;
 * - drawings leave out the error-handler node LangGraph adds for `runAgent`'s
 *   `errorHandler`: drawn, it has no edges, becomes a second entry node, and
 *   `getGraphAsync({ xray: true })` of a graph holding this one as a subgraph
 *   throws "missing entrypoint".
 *
 * @param builder - a mode graph's `StateGraph`, ready to compile
 * @returns the same builder, whose `compile` returns graphs that do the above
 */
export function withLlmgenieRuntime<B extends Builder>(builder: B): B {
  const compile = builder.compile.bind(builder);
  const errorHandlers = () => Object.keys(builder.nodes).filter((key) => builder.nodes[key]!.isErrorHandler);
  builder.compile = ((...args: never[]) => adapt(compile(...args), errorHandlers())) as B["compile"];
  return builder;
}

/** The compiled graph with the behaviour above; `withConfig` copies (LangGraph makes new instances) keep it. */
function adapt<C extends Compiled>(compiled: C, errorHandlers: string[]): C {
  const stream = compiled.stream.bind(compiled);
  compiled.stream = (input, options) => stream(input, withRunSlots(options));
  const drawAsync = compiled.getGraphAsync.bind(compiled);
  compiled.getGraphAsync = async (config) => withoutNodes(await drawAsync(config), errorHandlers);
  const draw = compiled.getGraph.bind(compiled);
  compiled.getGraph = (config) => withoutNodes(draw(config), errorHandlers);
  const withConfig = compiled.withConfig.bind(compiled);
  compiled.withConfig = (config) => adapt(withConfig(config), errorHandlers);
  return compiled;
}

/** The drawing without the named nodes and their edges. */
function withoutNodes(drawing: DrawableGraph, ids: string[]): DrawableGraph {
  for (const id of ids) {
    const node = drawing.nodes[id];
    if (node) drawing.removeNode(node);
  }
  return drawing;
}
