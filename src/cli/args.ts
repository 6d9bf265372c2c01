import { parseArgs, type ParseArgsConfig } from "node:util";
import { DEFAULT_AGENTS } from "../configuration.js";
import { UsageError } from "./usage.js";

/**
 * `node:util` `parseArgs` in strict mode, for one command: an unknown flag,
 * a missing value or a stray argument becomes a `UsageError` (exit 2).
 */
export function parseCommandArgs<const T extends Omit<ParseArgsConfig, "strict">>(
  command: string,
  config: T,
): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true as const });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${command}: ${message.replace(/\. To specify a positional argument.*$/s, "")}`);
  }
}

/**
 * Repeated `key=value` flags → a record (`--agent coder=codellama:7b`).
 * The value may itself contain `=`; a key given twice is an error.
 */
export function parseKeyValues(
  flag: string,
  values: string[] | undefined,
  shape = "key=value",
): Record<string, string> | undefined {
  if (!values?.length) return undefined;
  const record: Record<string, string> = {};
  for (const item of values) {
    const at = item.indexOf("=");
    const key = at > 0 ? item.slice(0, at).trim() : "";
    const value = at > 0 ? item.slice(at + 1).trim() : "";
    if (!key || !value) throw new UsageError(`--${flag}: expected ${shape}, got "${item}"`);
    if (Object.hasOwn(record, key)) throw new UsageError(`--${flag}: "${key}" given twice`);
    record[key] = value;
  }
  return record;
}

/** `--agent name=model`, repeated: the agent set (Ollama tags); omitted: the default agents. */
export function parseAgents(values: string[] | undefined): Record<string, string> {
  return parseKeyValues("agent", values, "name=model") ?? DEFAULT_AGENTS;
}
