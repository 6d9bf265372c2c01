import { parseCommandArgs } from "./args.js";
import type { CommandContext } from "./context.js";
import { ExitCode, UsageError, commandHelp } from "./usage.js";

/** The graph ids of `langgraph.json`. */
export const GRAPH_IDS = ["orchestrator", "parallel", "sequential", "collaborative", "cascade"] as const;
export type GraphId = (typeof GRAPH_IDS)[number];

const GRAPH_OPTIONS = { help: { type: "boolean", short: "h" } } as const;

const isGraphId = (id: string): id is GraphId => (GRAPH_IDS as readonly string[]).includes(id);

/** The Mermaid diagram of a compiled graph, subgraphs expanded (`xray`), as Studio draws it. */
export async function mermaidOf(id: GraphId): Promise<string> {
  // Each export is the LangGraph server's graph factory; naming the agents spares a drawing the Ollama probe.
  const [graphs, { DEFAULT_AGENTS }] = await Promise.all([import("../graph.js"), import("../configuration.js")]); // loaded on use
  const graph = await graphs[id]({ configurable: { agents: DEFAULT_AGENTS } });
  const drawable = await graph.getGraphAsync({ xray: true });
  return drawable.drawMermaid();
}

/** `llmgenie graph <id>`: print the graph's Mermaid diagram on stdout. */
export async function graphCommand(args: string[], { stdout }: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("graph", { args, options: GRAPH_OPTIONS, allowPositionals: true });
  const usage = `llmgenie graph <${GRAPH_IDS.join("|")}>`;
  if (values.help) {
    stdout.write(commandHelp(usage));
    return ExitCode.OK;
  }
  const [id, extra] = positionals;
  if (id === undefined) throw new UsageError(`graph: missing graph id (usage: ${usage})`);
  if (!isGraphId(id)) throw new UsageError(`graph: unknown graph "${id}"; one of ${GRAPH_IDS.join(", ")}`);
  if (extra !== undefined) throw new UsageError(`graph: unexpected argument "${extra}"`);
  const mermaid = await mermaidOf(id);
  stdout.write(mermaid.endsWith("\n") ? mermaid : `${mermaid}\n`);
  return ExitCode.OK;
}
