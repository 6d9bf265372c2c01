import { existsSync } from "node:fs";
import { embeddedModelSpec, listCachedModels, modelFilePath, modelsDir } from "../models/modelCache.js";
import { parseCommandArgs } from "./args.js";
import type { CommandContext } from "./context.js";
import { fetchModelWithProgress } from "./embedded.js";
import { formatBytes } from "./terminal.js";
import { ExitCode, MODELS_USAGE, UsageError, commandHelp } from "./usage.js";


const MODELS_OPTIONS = { help: { type: "boolean", short: "h" } } as const;

/** Where the cache is and why: the variable when it is set. */
const cacheWhere = (): string => `${modelsDir()}${process.env.LLMGENIE_MODELS_DIR ? " (LLMGENIE_MODELS_DIR)" : ""}`;

/** Which model `embedded` means here, and why. */
const defaultSource = (): string => (process.env.LLMGENIE_MODEL?.trim() ? "LLMGENIE_MODEL" : "built-in default");

/**
 * `llmgenie models list`: the cache's model files and sizes, and whether the
 * embedded model is there. `llmgenie models pull [model]`: download a model
 * (default: the embedded model) into the cache with a progress bar on
 * stderr, and print its path on stdout; a model already there is not
 * downloaded again.
 */
export async function modelsCommand(args: string[], { stdout, stderr, signal }: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs("models", { args, options: MODELS_OPTIONS, allowPositionals: true });
  if (values.help) {
    stdout.write(commandHelp(MODELS_USAGE));
    return ExitCode.OK;
  }
  const [action, model, extra] = positionals;
  if (action === "list") {
    if (model !== undefined) throw new UsageError(`models list: unexpected argument "${model}"`);
    const models = listCachedModels();
    const embedded = modelFilePath(embeddedModelSpec());
    stdout.write(`Models in ${cacheWhere()}:\n`);
    if (!models.length) stdout.write("  (none)\n");
    for (const entry of models) {
      stdout.write(`  ${entry.file}  ${formatBytes(entry.sizeBytes)}${entry.path === embedded ? "  (embedded model)" : ""}\n`);
    }
    const spec = embeddedModelSpec();
    const present = existsSync(embedded);
    stdout.write(
      `Embedded model (${defaultSource()}): ${spec}${present ? "" : `, not downloaded (\`llmgenie models pull\`, or the first run without Ollama)`}\n`,
    );
    return ExitCode.OK;
  }
  if (action === "pull") {
    if (extra !== undefined) throw new UsageError(`models pull: unexpected argument "${extra}"`);
    const spec = model ?? embeddedModelSpec();
    const path = await fetchModelWithProgress(spec, stderr, signal);
    stdout.write(`${path}\n`);
    return ExitCode.OK;
  }
  if (action === undefined) throw new UsageError(`models: missing action (usage: ${MODELS_USAGE})`);
  throw new UsageError(`models: unknown action "${action}"; one of list, pull`);
}
