import { Ollama, type ModelResponse } from "ollama";
import { ollamaBaseUrl } from "../configuration.js";
import { causeCode, noResponseReason } from "../networkErrors.js";
import { embeddedModelOf, embeddedModels } from "../agents/embedded.js";
import { embeddedModelSpec } from "../models/modelCache.js";
import { checkEmbeddedModel } from "./embeddedCheck.js";
import { parseAgents, parseCommandArgs } from "./args.js";
import { loadCliConfig } from "./config.js";
import { checkMcpServers } from "./doctorMcp.js";
import { hostCheck } from "./doctorHosts.js";
import { fetchLoadedModels, normalizeModelTag } from "../agents/residency.js";
import { hostKey, type HostOptions } from "../agents/hosts.js";
import type { CommandContext } from "./context.js";
import { painter } from "./terminal.js";
import { langsmithEndpoint, tracingEnabled } from "./tracing.js";
import { DOCTOR_USAGE, ExitCode, commandHelp } from "./usage.js";

/** One line of the report; `fix` says what to do about a failure. */
export interface Check {
  /** `info`: worth knowing, not a failure. */
  status: "pass" | "fail" | "skip" | "info";
  text: string;
  fix?: string;
}

/** How long doctor waits for Ollama before calling it unreachable. */
const OLLAMA_TIMEOUT_MS = 5_000;
/** JSON-schema structured output (planning, judging, LLM classification) came in Ollama 0.5.0. */
const MIN_OLLAMA_VERSION = [0, 5, 0];

const DOCTOR_OPTIONS = {
  agent: { type: "string", multiple: true },
  config: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const tooOld = (version: string): boolean => {
  const parts = /^(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  if (!parts) return false;
  for (let i = 0; i < 3; i++) if (parts[i] !== MIN_OLLAMA_VERSION[i]) return parts[i]! < MIN_OLLAMA_VERSION[i]!;
  return false;
};

const formatSize = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * Is Ollama reachable, and has it pulled every agent's model? One `GET /api/tags` (and `/api/version`);
 * then what it holds in memory (`/api/ps`) and the limits llmgenie applies to it (`hostCheck`).
 * `reachable`: whether `host` answered.
 *
 * @param options.defaults - the agents are the default set, which runs on the embedded model when Ollama is not reachable
 * @param options.hosts - the `hosts` option of the run (config file), for the host's limits
 */
export async function checkOllama(
  agents: Record<string, string>,
  host: string,
  signal: AbortSignal,
  { defaults = false, hosts }: { defaults?: boolean; hosts?: Record<string, HostOptions> } = {},
): Promise<{ reachable: boolean; checks: Check[] }> {
  const client = new Ollama({
    host,
    fetch: (input, init) =>
      fetch(input, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(OLLAMA_TIMEOUT_MS)]) }),
  });
  // `/api/ps` by hand: the client logs to the console when a server (an old Ollama) answers it with an error page.
  const [version, list, loaded] = await Promise.allSettled([client.version(), client.list(), fetchLoadedModels(hostKey(host), OLLAMA_TIMEOUT_MS, signal)]);
  if (list.status === "rejected") {
    if (signal.aborted) throw list.reason;
    const error = list.reason as Error;
    const reason =
      error?.name === "TimeoutError" ? `no answer within ${OLLAMA_TIMEOUT_MS / 1000}s` : (noResponseReason(error) ?? causeCode(error) ?? error?.message);
    if (defaults) {
      return {
        reachable: false,
        checks: [{ status: "info", text: `Ollama is not reachable at ${host} (${reason}): the default agents run on the embedded model` }],
      };
    }
    const checks: Check[] = [
      {
        status: "fail",
        text: `Ollama is not reachable at ${host} (${reason})`,
        fix: "start it with `ollama serve`, or set OLLAMA_BASE_URL to the server's URL",
      },
      ...Object.entries(agents).map(([name, model]): Check => ({
        status: "skip",
        text: `agent ${name}: model ${model} not checked (Ollama is not reachable)`,
      })),
    ];
    return { reachable: false, checks };
  }
  const checks: Check[] = [];
  const versionText = version.status === "fulfilled" ? version.value.version : undefined;
  const models = list.value.models;
  const details = [versionText ? `version ${versionText}` : "", `${models.length} models pulled`].filter(Boolean).join(", ");
  checks.push({ status: "pass", text: `Ollama is reachable at ${host} (${details})` });
  if (versionText && tooOld(versionText)) {
    checks.push({
      status: "fail",
      text: `Ollama ${versionText} is too old for structured output (planning, judging): ${MIN_OLLAMA_VERSION.join(".")} or later is needed`,
      fix: "upgrade Ollama (https://ollama.com/download)",
    });
  }
  const pulled = new Map<string, ModelResponse>();
  for (const model of models) {
    pulled.set(normalizeModelTag(model.name), model);
    pulled.set(normalizeModelTag(model.model), model);
  }
  for (const [name, model] of Object.entries(agents)) {
    const found = pulled.get(normalizeModelTag(model));
    checks.push(
      found
        ? { status: "pass", text: `agent ${name}: model ${model} is pulled (${formatSize(found.size)})` }
        : { status: "fail", text: `agent ${name}: model ${model} is not pulled at ${host}`, fix: `ollama pull ${model}` },
    );
  }
  checks.push(hostCheck(host, Object.values(agents), loaded.status === "fulfilled" ? loaded.value : undefined, hosts));
  return { reachable: true, checks };
}

/** LangSmith settings that make sense together: tracing on needs an API key and a valid endpoint. */
export function checkLangSmith(env: NodeJS.ProcessEnv = process.env): Check {
  const apiKey = env.LANGSMITH_API_KEY || env.LANGCHAIN_API_KEY;
  if (!tracingEnabled(env)) {
    const aside = apiKey ? "; LANGSMITH_API_KEY is set: LANGSMITH_TRACING=true turns tracing on" : "";
    return { status: "pass", text: `LangSmith tracing is off${aside}` };
  }
  if (!apiKey) {
    return {
      status: "fail",
      text: "LangSmith tracing is on (LANGSMITH_TRACING=true) but LANGSMITH_API_KEY is not set",
      fix: "set LANGSMITH_API_KEY to an API key from smith.langchain.com, or unset LANGSMITH_TRACING",
    };
  }
  const endpoint = langsmithEndpoint(env);
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || !["http:", "https:"].includes(url.protocol)) {
    return {
      status: "fail",
      text: `LangSmith endpoint is not an http(s) URL: "${endpoint}"`,
      fix: "set LANGSMITH_ENDPOINT to a URL such as https://api.smith.langchain.com, or unset it",
    };
  }
  const project = env.LANGSMITH_PROJECT || env.LANGCHAIN_PROJECT || "default";
  return { status: "pass", text: `LangSmith tracing is on: project "${project}" at ${url.origin}` };
}

/**
 * `llmgenie doctor`: every check in one go, a PASS/FAIL line each with the
 * fix for a failure; exit 0 only if all pass. `--agent` flags name the agents
 * to check, as for `run`.
 */
export async function doctorCommand(args: string[], { stdout, signal }: CommandContext): Promise<ExitCode> {
  const { values } = parseCommandArgs("doctor", { args, options: DOCTOR_OPTIONS });
  if (values.help) {
    stdout.write(commandHelp(DOCTOR_USAGE));
    return ExitCode.OK;
  }
  const config = loadCliConfig(values.config, values.agent);
  const defaults = config.agents === undefined;
  const agents = config.agents ?? parseAgents(undefined);
  // Embedded agents are checked as the embedded model; the rest on their own Ollama server
  // (a definition's baseUrl), every server once.
  const byHost = new Map<string, Record<string, string>>([[ollamaBaseUrl(), {}]]);
  for (const [name, spec] of Object.entries(agents)) {
    const definition = typeof spec === "object" && "model" in spec ? spec : undefined;
    const tag = typeof spec === "string" ? spec : typeof definition?.model === "string" ? definition.model : undefined;
    if (!tag || embeddedModelOf(tag)) continue;
    const host = definition?.baseUrl ?? ollamaBaseUrl();
    byHost.set(host, { ...byHost.get(host), [name]: tag });
  }
  const hosts = [...byHost].filter(([, tags]) => Object.keys(tags).length > 0);
  const embedded = embeddedModels(Object.values(agents));
  const ollama = await Promise.all(hosts.map(([host, tags]) => checkOllama(tags, host, signal, { defaults, hosts: config.options.hosts })));
  // The default agents need the embedded model only when Ollama does not answer.
  const embeddedNeeded = !defaults || ollama.some(({ reachable }) => !reachable);
  const checks = [
    ...ollama.flatMap(({ checks }) => checks),
    ...(await Promise.all((defaults ? [embeddedModelSpec()] : embedded).map((model) => checkEmbeddedModel(model, embeddedNeeded)))),
    ...(await checkMcpServers(config.options.mcpServers, signal)),
    checkLangSmith(),
  ];

  const paint = painter(stdout);
  const label = { pass: paint("green", "PASS"), fail: paint("red", "FAIL"), skip: paint("yellow", "SKIP"), info: paint("cyan", "INFO") };
  for (const check of checks) {
    stdout.write(`${label[check.status]}  ${check.text}\n`);
    if (check.fix) stdout.write(`      fix: ${check.fix}\n`);
  }
  const failed = checks.filter((c) => c.status === "fail" || c.status === "skip").length;
  stdout.write(failed ? `${failed} of ${checks.length} checks did not pass\n` : `all ${checks.length} checks passed\n`);
  return failed ? ExitCode.FAILED : ExitCode.OK;
}
