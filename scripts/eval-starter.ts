/**
 * Runs the shipped eval set (eval/starter.jsonl) against the loopback Ollama
 * server with two SCRIPTED models, not real ones, and writes the report to
 * docs/eval-starter.md (with its chart). It shows what `llmgenie eval`
 * reports and measures learned auto mode on held-back items; the numbers
 * describe the scripts, not any real model.
 *
 *   npm run eval:starter
 *
 * The scripts: "coder" answers code and math right (but for one item of
 * each) and most facts wrong; "trivia" answers facts right and code wrong,
 * math half right. Each answers the item named in its prompt, so planning,
 * merging and handoff prompts get the same kind of answer.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AgentOrchestrator, evaluateStrategies } from "../src/index.js";
import { parseDataset, type EvalItem } from "../src/eval/dataset.js";
import { runCheck } from "../src/eval/checks.js";
import { markdownReport, qualityLatencySvg } from "../src/eval/report.js";
import { jsonReply, startOllamaServer, type ChatRequest } from "../test/support/ollamaServer.js";
import { STARTER_ANSWERS } from "../test/support/starterAnswers.js";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const items = parseDataset(readFileSync(join(root, "eval/starter.jsonl"), "utf8"), "eval/starter.jsonl");

/** Which items each scripted model gets right. */
const RIGHT: Record<string, (item: EvalItem, index: number) => boolean> = {
  coder: (item, i) => (item.taskType === "simple_query" ? i % 5 === 0 : i % 10 !== 3),
  trivia: (item, i) => (item.taskType === "simple_query" ? true : item.taskType === "complex_reasoning" ? i % 2 === 0 : false),
};

const itemIn = (prompt: string): [EvalItem, number] | undefined => {
  const index = items.findIndex((item) => prompt.includes(item.query.slice(0, 60)));
  return index < 0 ? undefined : [items[index]!, index];
};

const script = (name: string, delayMs: number) => (request: ChatRequest) => {
  if (request.format) return jsonReply({ steps: ["Work out the answer", "Check it and state it"] });
  const found = itemIn(request.prompt);
  if (!found) return "I cannot tell which question this is.";
  const [item, index] = found;
  const { right, wrong } = STARTER_ANSWERS[item.id]!;
  return { kind: "reply" as const, content: RIGHT[name]!(item, index) ? right : wrong, chunks: 4, chunkDelayMs: delayMs };
};

const server = await startOllamaServer({ models: { "scripted-coder:7b": script("coder", 40), "scripted-trivia:1b": script("trivia", 10) } });
process.env.OLLAMA_BASE_URL = server.url;
const agents = { coder: "scripted-coder:7b", trivia: "scripted-trivia:1b" };
const store = join(mkdtempSync(join(tmpdir(), "llmgenie-starter-")), "runs.sqlite");
try {
  // Part 1: every strategy on every item.
  const report = await evaluateStrategies({
    dataset: items,
    agents,
    strategies: ["auto", "parallel", "sequential", "collaborative", "cascade", "single:coder", "single:trivia"],
    concurrency: 4,
    store,
    // Cheapest first: the 1b model, then the 7b one.
    orchestratorOptions: { cascade: ["trivia", "coder"] },
  });
  writeFileSync(join(root, "docs/eval-starter.svg"), qualityLatencySvg(report.strategies, "eval/starter.jsonl on the scripted loopback server"));
  let markdown = markdownReport(report, {
    title: "The shipped eval set on a scripted server",
    dataset: "eval/starter.jsonl",
    chartFile: "eval-starter.svg",
    note:
      "> **Scripted server, not a real model.** These numbers come from `npm run eval:starter`: the loopback Ollama server of the tests with two " +
      "scripted models (`coder`: code and math right but one item each, facts mostly wrong; `trivia`: facts right, code wrong, half the math). " +
      "They show what `llmgenie eval` reports and that the statistics behave; run `llmgenie eval eval/starter.jsonl --agent …` on your own models for real figures.",
  });

  // Part 2: the cascade against the strongest single agent (FrugalGPT's comparison): pass rate and tokens.
  const singles = report.strategies.filter((s) => s.strategy.startsWith("single:"));
  const strongest = singles.reduce((best, s) => (s.passRate > best.passRate ? s : best));
  const cascade = report.strategies.find((s) => s.strategy === "cascade")!;
  const pct = (rate: number) => `${Math.round(rate * 100)} %`;
  markdown += [
    "",
    "## Cascade against the strongest single agent",
    "",
    "The cascade asks `trivia` (the 1b model) first and `coder` (the 7b one) only when the answer fails the item's tests (code items) or scores below the quality threshold (0.7).",
    "",
    "| strategy | pass rate | tokens per item |",
    "| --- | ---: | ---: |",
    `| ${strongest.strategy} (the strongest single agent) | ${pct(strongest.passRate)} | ${Math.round(strongest.tokens.mean)} |`,
    `| cascade | ${pct(cascade.passRate)} | ${Math.round(cascade.tokens.mean)} |`,
    "",
    "On the scripted server both models answer with equal fluency, so the quality threshold cannot tell a wrong fact from a right one: only the tests catch wrong answers, and only on code items.",
    "",
  ].join("\n");

  // Part 3: learned auto mode against rules-only auto mode on held-back items.
  // Learn from the first half of each task type (the eval above, restricted), decide on the second half.
  const byType = new Map<string, EvalItem[]>();
  for (const item of items) byType.set(item.taskType!, [...(byType.get(item.taskType!) ?? []), item]);
  const train = [...byType.values()].flatMap((group) => group.slice(0, Math.ceil(group.length / 2)));
  const heldOut = items.filter((item) => !train.includes(item));
  const learnStore = join(mkdtempSync(join(tmpdir(), "llmgenie-learn-")), "runs.sqlite");
  await evaluateStrategies({ dataset: train, agents, strategies: ["collaborative", "single:coder", "single:trivia"], concurrency: 4, store: learnStore });
  const rows: string[] = [];
  const score = async (classifier: "learned" | "rules") => {
    const orchestrator = new AgentOrchestrator(agents, { classifier, store: learnStore, explorationRate: 0 });
    let passed = 0;
    let tokens = 0;
    try {
      for (const item of heldOut) {
        const result = await orchestrator.orchestrate(item.query);
        const check = await runCheck(item.check!, result.output, item.query);
        if (check.passed) passed++;
        tokens += (result.metadata.usage?.inputTokens ?? 0) + (result.metadata.usage?.outputTokens ?? 0);
        if (classifier === "learned") rows.push(`| ${item.id} | ${result.metadata.classification?.reasoning.replace(/\|/g, "\\|")} | ${check.passed ? "pass" : "fail"} |`);
      }
    } finally {
      await orchestrator.close();
    }
    return { passed, tokens };
  };
  const rules = await score("rules");
  const learned = await score("learned");
  markdown += [
    "",
    "## Learned auto mode on held-back items",
    "",
    "Records are kept under the task type the rules give a query (that is what learned mode looks up for a new query), so most of the GSM8K problems count as `simple_query` here.",
    "",
    `Learned from the first half of each task type (${train.length} items × collaborative, single:coder, single:trivia), then asked to route the other ${heldOut.length} items, against rules-only auto mode on the same items (exploration off).`,
    "",
    "| auto mode | passed | tokens |",
    "| --- | ---: | ---: |",
    `| rules | ${rules.passed}/${heldOut.length} | ${rules.tokens.toLocaleString("en-US")} |`,
    `| learned | ${learned.passed}/${heldOut.length} | ${learned.tokens.toLocaleString("en-US")} |`,
    "",
    "<details><summary>What learned mode chose, per held-back item</summary>",
    "",
    "| item | classification.reasoning | check |",
    "| --- | --- | --- |",
    ...rows,
    "",
    "</details>",
    "",
  ].join("\n");
  writeFileSync(join(root, "docs/eval-starter.md"), markdown);
  process.stdout.write(`docs/eval-starter.md written (rules ${rules.passed}/${heldOut.length}, learned ${learned.passed}/${heldOut.length})\n`);
} finally {
  await server.close();
}
