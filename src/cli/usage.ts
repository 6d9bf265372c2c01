/** Exit codes of the command line (spec: interface.md, "Command line"). */
export const ExitCode = {
  /** The run completed or was partial; doctor: every check passed. */
  OK: 0,
  /** The run failed (a model server unreachable included); doctor: a check failed. */
  FAILED: 1,
  /** Invalid input or usage: unknown command or flag, empty query, unknown mode. */
  USAGE: 2,
  /** Interrupted by Ctrl-C (SIGINT). */
  INTERRUPTED: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad command line; printed with a pointer to `--help`, exit 2, no stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const RUN_USAGE = `llmgenie run <query> [--mode auto|parallel|sequential|collaborative]
                     [--subtask <text>]... [--context key=value]...
                     [--agent name=model]... [--config <file>] [--thread <id>] [--json]`;

export const USAGE = `Multi-agent orchestration on LangGraph.js, with Ollama models.

Usage:
  ${RUN_USAGE}
  llmgenie doctor [--agent name=model]... [--config <file>]
  llmgenie graph <orchestrator|parallel|sequential|collaborative>

Commands:
  run      Run a query through the agents; the answer goes to stdout, progress to stderr.
  doctor   Check that Ollama is reachable, the agents' models are pulled and LangSmith is set up.
  graph    Print a graph as a Mermaid diagram.

Options of run:
  --mode <mode>          auto (default: the classifier chooses), parallel, sequential, collaborative
  --subtask <text>       a parallel subtask or sequential step (repeat; default: planned by an agent)
  --context key=value    a fact every agent sees (repeat)
  --agent name=model     an agent and its Ollama model tag (repeat; replaces the default agents)
  --config <file>        agents, MCP servers and options (default: llmgenie.config.json here, or LLMGENIE_CONFIG)
  --thread <id>          checkpoint the run; the same command again resumes it
  --json                 print the OrchestrationResult as JSON on stdout

Environment:
  OLLAMA_BASE_URL        Ollama server (default http://127.0.0.1:11434)
  LLMGENIE_CONFIG        config file (instead of ./llmgenie.config.json)
  LANGSMITH_TRACING, LANGSMITH_API_KEY, LANGSMITH_ENDPOINT, LANGSMITH_PROJECT   tracing to LangSmith

Exit codes: 0 completed or partial, 1 failed, 2 invalid input or usage, 130 interrupted.`;
