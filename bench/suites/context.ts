/**
 * 5. Context preservation: a sequential chain of 6 steps whose scripted
 * answers carry distinct facts; the share of earlier facts that reach each
 * later step's prompt (read from the server's request log).
 */
import { AgentOrchestrator } from "../../src/orchestrator.js";
import { withBenchServer, type ServerPlacement } from "../modelServer.js";
import { ollamaAgents, timedReply } from "../scripts.js";
import { round } from "../stats.js";
import { completed, timedRun } from "../timedRun.js";

export const CONTEXT_TARGET = 1;

const STEPS = [
  "Design the data model",
  "Design the HTTP API",
  "Implement the storage layer",
  "Implement the request handlers",
  "Write the tests",
  "Review and finalize the service",
];

/**
 * Where in an answer a fact sits; each kind travels through the handoff
 * differently. `late` carries a number, `latePlain` is plain words (no
 * number, no identifier): both sit after ~2,500 characters in long answers.
 */
export type FactKind = "opening" | "decision" | "code" | "question" | "late" | "latePlain";

/** Plain words, distinct per step, for the `latePlain` fact. */
const ROLLOUTS = ["amber", "cobalt", "crimson", "jade", "ochre", "violet"];

interface Fact {
  kind: FactKind;
  token: string;
}

/** Sentences that carry no fact: the bulk of a real answer. */
const FILLER = [
  "The component boundaries follow the ownership of the data rather than the shape of the screens.",
  "Every public function validates its arguments once, at the edge, and trusts them afterwards.",
  "Logs carry the request id so that a single user action can be followed across services.",
  "Configuration is read once at start-up and passed down explicitly instead of being read from globals.",
  "Slow paths are measured before they are optimised, and the measurement stays in the code as a metric.",
  "Names describe what a value is, not how it was computed, so refactorings do not rename half the code.",
  "Failure modes are listed next to each external call together with what the caller should do about them.",
  "The module exposes a small interface and keeps its helpers private so that callers cannot depend on them.",
];

const filler = (count: number, offset: number): string =>
  Array.from({ length: count }, (_, i) => FILLER[(offset + i) % FILLER.length]).join(" ");

/** Step k's answer and its facts; `long` answers put the last fact ~2,500 characters in. */
function stepAnswer(k: number, long: boolean): { text: string; facts: Fact[] } {
  const facts: Fact[] = [
    { kind: "opening", token: `Falcon${k}Gateway` },
    { kind: "decision", token: `TTL of ${k}7 minutes` },
    { kind: "code", token: `RETRY_LIMIT_${k}` },
    { kind: "question", token: `shard ${k}4` },
    { kind: "late", token: `error budget of 0.${k}5 percent` },
    { kind: "latePlain", token: `the ${ROLLOUTS[k - 1]} rollout` },
  ];
  const paragraphs = long ? 6 : 1;
  const text = [
    `For step ${k} we introduce the Falcon${k}Gateway component, which owns this part of the work. ${filler(2, k)}`,
    ...Array.from({ length: paragraphs }, (_, p) => filler(3, k + p * 3)),
    `Decision: keep sessions in Redis with a TTL of ${k}7 minutes.`,
    `\`\`\`ts\nexport const RETRY_LIMIT_${k} = ${k + 2};\n\`\`\``,
    `Open question: should shard ${k}4 be replicated across regions?`,
    `${filler(long ? 4 : 1, k + 5)} The service keeps an error budget of 0.${k}5 percent per month.`,
    `Operations prefer the ${ROLLOUTS[k - 1]} rollout for this part.`,
  ].join("\n\n");
  return { text, facts };
}

export interface ContextFigure {
  variant: "short" | "long";
  steps: number;
  /** Mean answer length in characters. */
  answerChars: number;
  /** Earlier facts present in later prompts ÷ earlier facts expected. */
  share: number;
  /** The same, per kind of fact. */
  byKind: Record<FactKind, number>;
  /** Per later step (2..6): the share of all earlier facts its prompt carried. */
  byStep: number[];
  met: boolean;
}

export async function measureContext(options: { placement: ServerPlacement }): Promise<ContextFigure[]> {
  const figures: ContextFigure[] = [];
  for (const variant of ["short", "long"] as const) {
    const answers = STEPS.map((_, i) => stepAnswer(i + 1, variant === "long"));
    const scripts = { defaultModel: answers.map((a) => timedReply(a.text, 5)) };
    await withBenchServer(options.placement, scripts, async (server) => {
      // One agent, so its script's queue is the chain's order (the server counts calls per model).
      const orchestrator = new AgentOrchestrator(ollamaAgents(1));
      const run = await timedRun(
        server,
        async () =>
          completed(
            await orchestrator.orchestrate({ query: "Build a session service", executionMode: "sequential", subtasks: STEPS }),
          ),
        { prompts: true, expectRequests: STEPS.length },
      );
      const found = { all: 0, expected: 0 };
      const kinds = new Map<FactKind, { found: number; expected: number }>();
      const byStep: number[] = [];
      run.chats.forEach((chat, step) => {
        let stepFound = 0;
        let stepExpected = 0;
        for (const earlier of answers.slice(0, step)) {
          for (const fact of earlier.facts) {
            const present = chat.prompt!.includes(fact.token);
            const kind = kinds.get(fact.kind) ?? { found: 0, expected: 0 };
            kind.expected++;
            if (present) kind.found++;
            kinds.set(fact.kind, kind);
            stepExpected++;
            if (present) stepFound++;
          }
        }
        if (step > 0) byStep.push(round(stepFound / stepExpected));
        found.all += stepFound;
        found.expected += stepExpected;
      });
      const share = found.all / found.expected;
      figures.push({
        variant,
        steps: STEPS.length,
        answerChars: Math.round(answers.reduce((n, a) => n + a.text.length, 0) / answers.length),
        share: round(share),
        byKind: Object.fromEntries([...kinds].map(([kind, k]) => [kind, round(k.found / k.expected)])) as Record<
          FactKind,
          number
        >,
        byStep,
        met: share >= CONTEXT_TARGET,
      });
    });
  }
  return figures;
}
