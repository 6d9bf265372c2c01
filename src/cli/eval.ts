import { writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { parseCommandArgs, parseKeyValues } from "./args.js";
import { describeAgent } from "./config.js";
import type { CommandContext } from "./context.js";
import { chooseAgents, fetchEmbeddedModels } from "./embedded.js";
import { formatDuration } from "./terminal.js";
import { EVAL_FLAGS, EVAL_USAGE, ExitCode, UsageError, commandHelp } from "./usage.js";

const EVAL_OPTIONS = {
  strategy: { type: "string", multiple: true, short: "s" },
  agent: { type: "string", multiple: true },
  repeat: { type: "string" },
  concurrency: { type: "string" },
  json: { type: "boolean" },
  report: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${flag}: must be a positive integer, got "${value}"`);
  return n;
}

/**
 * `llmgenie eval <dataset.jsonl>`: every item under every strategy, results
 * stored as they come (the same command again resumes), progress on stderr,
 * the table (or `--json`) on stdout, `--report` a markdown file and its chart.
 */
export async function evalCommand(args: string[], { stdout, stderr, signal }: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("eval", { args, options: EVAL_OPTIONS, allowPositionals: true });
  if (values.help) {
    stdout.write(commandHelp(EVAL_USAGE, `${EVAL_FLAGS}\n  --agent, --json        as for run (llmgenie --help)`));
    return ExitCode.OK;
  }
  const [dataset, extra] = positionals;
  if (dataset === undefined) throw new UsageError("eval: missing <dataset.jsonl>");
  if (extra !== undefined) throw new UsageError(`eval: unexpected argument "${extra}"`);
  const repeat = positiveInt("repeat", values.repeat);
  const concurrency = positiveInt("concurrency", values.concurrency);
  const { evaluateStrategies, loadDataset, resolveStrategies, markdownReport, qualityLatencySvg, formatTextReport } = await import("../eval/index.js");
  // A bad dataset or strategy fails before any download.
  const items = await loadDataset(dataset);
  // As for `run`: the --agent flags, else the default agents, in-process when no Ollama answers.
  const { agents, where } = await chooseAgents(parseKeyValues("agent", values.agent, "name=model"), stderr, signal);
  resolveStrategies(values.strategy, Object.keys(agents));
  await fetchEmbeddedModels(Object.values(agents), stderr, signal);

  stderr.write(`eval: ${dataset} · agents ${Object.entries(agents).map(([name, spec]) => describeAgent(name, spec)).join(", ")} · ${where}\n`);
  let announced = false;
  let report;
  try {
    report = await evaluateStrategies({
      dataset: items,
      agents,
      ...(values.strategy ? { strategies: values.strategy } : {}),
      ...(repeat ? { repeat } : {}),
      ...(concurrency ? { concurrency } : {}),
      signal,
      onProgress: (p) => {
        if (!announced) {
          announced = true;
          const stored = Object.keys(p.done).reduce((n, s) => n + p.done[s]!, 0) - 1;
          if (stored > 0) stderr.write(`eval: resuming, ${stored} result(s) already stored\n`);
        }
        const perStrategy = Object.keys(p.total).map((s) => `${s} ${p.done[s]}/${p.total[s]}`).join(" · ");
        const eta = p.etaMs !== undefined && p.etaMs > 0 ? ` · ~${formatDuration(p.etaMs)} left` : "";
        const verdict = p.passed ? "pass" : p.error ? `fail (${p.error.split("\n")[0]!.slice(0, 120)})` : "fail";
        stderr.write(`eval: ${p.strategy} item ${p.itemId}${p.repeat ? ` #${p.repeat + 1}` : ""}: ${verdict} | ${perStrategy} · ${formatDuration(p.elapsedMs)} elapsed${eta}\n`);
      },
    });
  } catch (error) {
    if (signal.aborted) stderr.write("eval: stopped; finished items are stored, the same command resumes\n");
    throw error;
  }
  if (report.ran === 0) stderr.write(`eval: every result was already stored (eval ${report.evalId}); nothing ran\n`);
  stderr.write(`eval: ${report.ran} run(s) now, ${report.resumed} from earlier · stored in ${report.store}\n`);

  if (values.json) {
    const { strategies, comparisons, recommendation } = report;
    stdout.write(`${JSON.stringify({ strategies, comparisons, recommendation }, null, 2)}\n`);
  } else stdout.write(formatTextReport(report));

  if (values.report) {
    const chartFile = `${basename(values.report, extname(values.report))}.svg`;
    await writeFile(join(dirname(values.report), chartFile), qualityLatencySvg(report.strategies));
    await writeFile(values.report, markdownReport(report, { dataset, chartFile }));
    stderr.write(`eval: report written to ${values.report} (chart ${join(dirname(values.report), chartFile)})\n`);
  }
  return ExitCode.OK;
}
