/**
 * Writes `bench/before.json`: the hosts suite and the fan-out-at-scale
 * comparison measured on the code before model hosts existed, for the
 * "before" columns of docs/benchmarks.md § 6. The suites use only what the
 * old `AgentOrchestrator` had, so run this file against the old sources:
 *
 *   cp -r bench test package.json tsconfig.json <dir>/ && ln -s $PWD/node_modules <dir>/
 *   git archive 674142f src | tar -x -C <dir>
 *   (cd <dir> && npx tsx bench/before.ts bench/before.json) && cp <dir>/bench/before.json bench/
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { benchPlan } from "./plan.js";
import { measureHosts } from "./suites/hosts.js";
import { measureRawInFreshProcess, type RawFigure } from "./suites/raw.js";

const out = process.argv[2] ?? "bench/before.json";
const commit = process.env.BEFORE_COMMIT ?? "674142f";
const plan = benchPlan(false);
const loadAverage = Number(loadavg()[0]!.toFixed(2));
const hosts = await measureHosts(plan.hosts);
const raw: RawFigure[] = [];
for (const scale of plan.rawScale) raw.push(...(await measureRawInFreshProcess({ ...scale, placement: "child" })));
writeFileSync(out, `${JSON.stringify({ commit, date: new Date().toISOString(), loadAverage, hosts, raw }, null, 2)}\n`);
