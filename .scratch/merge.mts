import { readFileSync, writeFileSync } from "node:fs";
import { renderReport } from "../bench/report.js";
const results = JSON.parse(readFileSync("bench/results.json", "utf8"));
const imported = JSON.parse(readFileSync("/tmp/i10import.json", "utf8"));
results.importCost = imported.importCost;
writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
writeFileSync("docs/benchmarks.md", renderReport(results));
