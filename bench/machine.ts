/** What the benchmark ran on, for the report. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, release, totalmem } from "node:os";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  langgraph: string;
  langchainCore: string;
  ollamaClient: string;
  /** 1-minute load average when the run started: other work on the machine skews wall times. */
  loadAverage: number;
}

const require = createRequire(import.meta.url);

const versionOf = (pkg: string): string => {
  try {
    const path = require.resolve(`${pkg}/package.json`);
    return (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
};

export function describeMachine(): Machine {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? "unknown",
    cores: cores.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${release()}`,
    node: process.version,
    langgraph: versionOf("@langchain/langgraph"),
    langchainCore: versionOf("@langchain/core"),
    ollamaClient: versionOf("@langchain/ollama"),
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}
