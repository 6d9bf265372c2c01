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

/** `usage` after `prefix`, its continuation lines indented to stay aligned under the first. */
const prefixed = (prefix: string, usage: string): string =>
  prefix + usage.replaceAll("\n", `\n${" ".repeat(prefix.length)}`);

export const RUN_USAGE = `llmgenie run <query> [--mode auto|parallel|sequential|collaborative|cascade]
                     [--subtask <text>]... [--context key=value]...
                     [--agent name=model]... [--config <file>] [--thread <id>] [--token-budget <n>] [--json]`;

export const EVAL_USAGE = `llmgenie eval <dataset.jsonl> [--strategy <s>]... [--agent name=model]... [--repeat N]
                              [--concurrency N] [--json] [--report <file.md>]`;
export const DOCTOR_USAGE = "llmgenie doctor [--agent name=model]... [--config <file>]";
export const MODELS_USAGE = "llmgenie models list | pull [model]";
export const RUNS_USAGE = "llmgenie runs [--limit N] [--json]";
export const STATS_USAGE = "llmgenie stats [--json] [--config <file>]";
export const FEEDBACK_USAGE = "llmgenie feedback <taskId> <score 0..1>";

/** The flags of `run`, for `--help` and `run --help`. */
export const RUN_FLAGS = `  --mode <mode>          auto (default: the classifier chooses), parallel, sequential, collaborative,
                         cascade (agents in order, the next only when an answer falls short)
  --subtask <text>       a parallel subtask or sequential step (repeat; default: planned by an agent)
  --context key=value    a fact every agent sees (repeat)
  --agent name=model     an agent and its Ollama model tag, or "embedded[:<model>]" (repeat; replaces the default agents)
  --config <file>        agents, MCP servers and options (default: llmgenie.config.json here, or LLMGENIE_CONFIG)
  --thread <id>          checkpoint the run; the same command again resumes it
  --token-budget <n>     stop starting model calls once the run has used n tokens (ends partial)
  --json                 print the OrchestrationResult as JSON on stdout`;

/** The flags of `eval` beyond those it shares with `run`, for `--help` and `eval --help`. */
export const EVAL_FLAGS = `  --strategy <s>         auto, parallel, sequential, collaborative, cascade or single:<agent> (repeat;
                         default: the three modes and each agent alone)
  --repeat N             runs per item and strategy (default 1)
  --concurrency N        runs in flight at once (default 2)
  --report <file.md>     also write a markdown report and its chart (<file>.svg)`;

/** `<command> --help`: its usage, then what its flags do (if it says). */
export const commandHelp = (usage: string, options?: string): string =>
  `${prefixed("Usage: ", usage)}\n${options ? `\nOptions:\n${options}\n` : ""}`;

export const USAGE = `Multi-agent orchestration on LangGraph.js, with Ollama models or an embedded in-process model.

Usage:
${prefixed("  ", RUN_USAGE)}
  ${DOCTOR_USAGE}
  llmgenie graph <orchestrator|parallel|sequential|collaborative|cascade>
  ${MODELS_USAGE}
${prefixed("  ", EVAL_USAGE)}
${prefixed("  ", RUNS_USAGE)}
${prefixed("  ", STATS_USAGE)}
${prefixed("  ", FEEDBACK_USAGE)}

Commands:
  run      Run a query through the agents; the answer goes to stdout, progress to stderr.
  doctor   Check that Ollama is reachable, the agents' models are pulled and LangSmith is set up.
  graph    Print a graph as a Mermaid diagram.
  models   The embedded model cache: list it, or download a model (default: the embedded model).
  eval     Run every dataset item under every strategy; pass rates, comparisons, a recommendation.
  runs     List the latest runs in the run store.
  stats    Per agent and task type: attempts, success rate, quality, latency, tokens.
  feedback Record a person's verdict (0 bad .. 1 good) on a run; learned auto mode counts it.

Options of run:
${RUN_FLAGS}

Options of eval:
${EVAL_FLAGS}

Environment:
  OLLAMA_BASE_URL        Ollama server (default http://127.0.0.1:11434); none answering: the default agents run in-process
  LLMGENIE_MODEL         the embedded model: hf: URI, http(s) URL of a GGUF file, or path to a .gguf file
  LLMGENIE_MODELS_DIR    where downloaded models are kept (default: llmgenie/models in the user's cache directory)
  LLMGENIE_MAX_TOKENS    output tokens one embedded model call may generate (default 1024)
  LLMGENIE_DOWNLOAD_STALL_MS  a model download with no progress for this long fails (default 30000)
  LLMGENIE_DATABASE_URL  PostgreSQL for checkpoints and the run store (default: SQLite in .llmgenie/)
  LLMGENIE_CONFIG        config file (instead of ./llmgenie.config.json)
  LANGSMITH_TRACING, LANGSMITH_API_KEY, LANGSMITH_ENDPOINT, LANGSMITH_PROJECT   tracing to LangSmith

Exit codes: 0 completed or partial, 1 failed, 2 invalid input or usage, 130 interrupted.`;
