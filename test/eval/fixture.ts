/**
 * A ten-item dataset and two scripted models whose right and wrong answers
 * are fixed per item, so every pass rate of an eval is known in advance:
 * alpha answers items 1–8 right (8/10), beta items 1, 2 and 9 (3/10).
 */
import type { ChatRequest, ModelScript } from "../support/ollamaServer.js";
import { jsonReply } from "../support/ollamaServer.js";

interface FixtureItem {
  line: Record<string, unknown>;
  right: string;
  wrong: string;
}

const sum = (i: number, a: number, b: number): FixtureItem => ({
  line: { id: `q${i}`, query: `Q${i}: What is ${a} plus ${b}?`, check: { answer: a + b } },
  right: `${a} plus ${b} makes ${a + b}. The answer is ${a + b}.`,
  wrong: `${a} plus ${b} makes ${a + b + 1}. The answer is ${a + b + 1}.`,
});

export const ITEMS: FixtureItem[] = [
  sum(1, 2, 3),
  sum(2, 10, 32),
  sum(3, 7, 8),
  sum(4, 100, 23),
  sum(5, 1.5, 2.25),
  sum(6, 40, 2),
  {
    line: { id: "q7", query: "Q7: Name the capital of France.", check: { contains: ["paris"] } },
    right: "The capital of France is Paris.",
    wrong: "The capital of France is Lyon.",
  },
  {
    line: { id: "q8", query: "Q8: Give the ISO date of New Year's Day 2020.", check: { regex: "\\b2020-01-01\\b" } },
    right: "It is 2020-01-01.",
    wrong: "It is 2020-1-1.",
  },
  {
    line: {
      id: "q9",
      query: "Q9: Write a JavaScript function add(a, b) that returns the sum of a and b.",
      check: { tests: "console.assert(add(2, 3) === 5); console.assert(add(-1, 1) === 0);" },
    },
    right: "```js\nfunction add(a, b) {\n  return a + b;\n}\n```",
    wrong: "```js\nfunction add(a, b) {\n  return a - b;\n}\n```",
  },
  {
    line: { id: "q10", query: "Q10: Which planet is called the Red Planet? Answer in one word.", check: { answer: "Mars" } },
    right: "The answer is Mars.",
    wrong: "The answer is Venus.",
  },
];

export const DATASET = `${ITEMS.map((item) => JSON.stringify(item.line)).join("\n")}\n`;

/** Which items (1-based) each model answers right. */
export const RIGHT: Record<string, number[]> = { alpha: [1, 2, 3, 4, 5, 6, 7, 8], beta: [1, 2, 9] };

/** The item a request is about: the first `Qn:` in the prompt. */
export function itemOf(request: Pick<ChatRequest, "prompt">): number | undefined {
  const match = /\bQ(\d+):/.exec(request.prompt);
  return match ? Number(match[1]) : undefined;
}

/** The reply of `name` to the item in `request`. */
export function answerOf(name: string, request: Pick<ChatRequest, "prompt">): string {
  const n = itemOf(request);
  if (n === undefined) return "I do not know which question this is.";
  const item = ITEMS[n - 1]!;
  return RIGHT[name]!.includes(n) ? item.right : item.wrong;
}

/** A model's script: plans when asked for structured output, else answers its item. */
export function modelScript(name: string, latency: { chunkDelayMs?: number } = {}): ModelScript {
  return (request: ChatRequest) => {
    if (request.format) return jsonReply({ steps: ["Work out the answer", "State the answer"] });
    return { kind: "reply", content: answerOf(name, request), chunks: 1, ...(latency.chunkDelayMs ? { firstChunkDelayMs: latency.chunkDelayMs } : {}) };
  };
}

export const AGENTS = { alpha: "alpha:1b", beta: "beta:1b" };
export const AGENT_FLAGS = ["--agent", "alpha=alpha:1b", "--agent", "beta=beta:1b"];
