/**
 * What an LLM classifier is asked and must answer: the structured-output
 * schema (sent to Ollama as its `format` JSON schema) and the prompt.
 */
import { z } from "zod";
import { HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import { TaskTypeSchema } from "../state/schemas.js";

export const LlmClassificationSchema = z.object({
  taskType: TaskTypeSchema.describe("The one task type that fits best"),
  complexity: z.number().int().min(1).max(4).describe("1 trivial, 2 routine, 3 involved, 4 large or system-wide"),
  confidence: z.number().min(0).max(1).describe("How sure you are of taskType, 0..1"),
  reasoning: z.string().describe("One or two sentences: why this type, complexity and mode"),
  // Not cascade: it pays off only with a bar to clear (tests, a threshold), which the query alone does not show.
  suggestedMode: z.enum(["parallel", "sequential", "collaborative"]).describe("parallel, sequential or collaborative"),
});
export type LlmClassification = z.infer<typeof LlmClassificationSchema>;

const SYSTEM_PROMPT = `You classify a task for a team of AI agents. Answer only with the JSON object requested.

taskType, one of:
- code_generation: write new code, functions, scripts, tests
- code_review: review or audit existing code for problems
- documentation: write docs, READMEs, comments, tutorials about software
- debugging: find and fix the cause of an error, crash or wrong behaviour
- architecture_planning: design systems, services, schemas, infrastructure
- complex_reasoning: proofs, puzzles, maths, multi-step logical reasoning
- simple_query: a short factual question or definition
- refactoring: restructure or clean up existing code without changing behaviour
- analysis: analyse, compare, evaluate or summarise data, results or options
- research: gather and synthesise information from many sources
- creative_writing: stories, poems, blog posts, marketing copy, speeches

complexity: integer 1 (trivial) to 4 (large, system-wide).
confidence: number from 0 to 1.

suggestedMode:
- parallel: the task has independent parts (several deliverables, listed items, "compare X and Y") that agents can do at the same time and merge.
- sequential: steps build on each other (analysis, research, design then build, debugging, review).
- collaborative: one artefact whose quality varies (code, writing, a short answer): every agent answers and the best answer is picked.`;

/** The messages sent to the classifier agent. */
export function classifierMessages(query: string, subtasks: readonly string[] = []): BaseMessage[] {
  const parts = subtasks.length
    ? `\n\nSubtasks given by the user:\n${subtasks.map((s, i) => `${i + 1}. ${s}`).join("\n")}`
    : "";
  return [new SystemMessage(SYSTEM_PROMPT), new HumanMessage(`Task:\n${query}${parts}`)];
}
