/**
 * Eval datasets: JSONL, one item a line (spec: "Evaluating strategies").
 * Every line is parsed with zod; a bad one is an `InvalidInputError` that
 * names the file, the line and the field (the CLI exits 2).
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { formatZodError } from "../configuration.js";
import { InvalidInputError, OrchestrateInputSchema } from "../input.js";
import { TaskTypeSchema } from "../state/schemas.js";

const nonEmpty = z.string({ message: "must be a string" }).refine((s) => s.trim().length > 0, { message: "must not be empty" });

const validRegex = nonEmpty.superRefine((source, ctx) => {
  try {
    new RegExp(source, "iu");
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `invalid regular expression: ${(error as Error).message}` });
  }
});

/** How an item's answer is checked; without one, its quality score (≥ 0.5) decides. */
export const CheckSchema = z.union(
  [
    z.object({ contains: z.union([nonEmpty, z.array(nonEmpty).min(1, { message: "must not be empty" })]) }).strict(),
    z.object({ regex: validRegex }).strict(),
    z.object({ answer: z.union([nonEmpty, z.number().finite()], { message: "must be a string or a number" }) }).strict(),
    z.object({ tests: nonEmpty }).strict(),
  ],
  { message: 'must be one of { "contains" }, { "regex" }, { "answer" }, { "tests" }' },
);
export type Check = z.infer<typeof CheckSchema>;

export const EvalItemSchema = z
  .object({
    id: z.union([nonEmpty, z.number().int()]).transform(String).optional(),
    query: OrchestrateInputSchema.shape.query,
    subtasks: OrchestrateInputSchema.shape.subtasks,
    context: OrchestrateInputSchema.shape.context,
    taskType: TaskTypeSchema.optional(),
    check: CheckSchema.optional(),
  })
  .strict();

/** One dataset item; `id` defaults to its line number. */
export type EvalItem = Omit<z.infer<typeof EvalItemSchema>, "id"> & { id: string };

/** The first issue of a union check as the branch the item meant (its key), not "no branch matched". */
function checkIssue(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const keys = Object.keys(raw);
  const branch = CheckSchema.options.find((option) => keys.length === 1 && keys[0]! in option.shape);
  if (!branch) return undefined;
  const parsed = branch.safeParse(raw);
  return parsed.success ? undefined : `check.${formatZodError(parsed.error)}`;
}

/**
 * Parse a JSONL dataset. Blank lines and lines starting with `//` are skipped.
 *
 * @param text - the file's content
 * @param source - the file name, for messages
 * @throws InvalidInputError "<source> line <n>: <field>: <problem>"
 */
export function parseDataset(text: string, source = "dataset"): EvalItem[] {
  const items: EvalItem[] = [];
  const seen = new Map<string, number>();
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const lineNumber = index + 1;
    if (!line.trim() || line.trimStart().startsWith("//")) continue;
    const at = `${source} line ${lineNumber}`;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (error) {
      throw new InvalidInputError(`${at}: not valid JSON (${(error as Error).message})`);
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InvalidInputError(`${at}: must be a JSON object`);
    const parsed = EvalItemSchema.safeParse(raw);
    if (!parsed.success) {
      const onCheck = parsed.error.issues.find((issue) => issue.path[0] === "check");
      const detail = (onCheck && checkIssue((raw as { check?: unknown }).check)) ?? formatZodError(parsed.error);
      throw new InvalidInputError(`${at}: ${detail}`);
    }
    const id = parsed.data.id ?? String(lineNumber);
    const earlier = seen.get(id);
    if (earlier !== undefined) throw new InvalidInputError(`${at}: id: "${id}" is already used on line ${earlier}`);
    seen.set(id, lineNumber);
    items.push({ ...parsed.data, id });
  }
  if (items.length === 0) throw new InvalidInputError(`${source}: no items (one JSON object a line)`);
  return items;
}

/**
 * Read and parse a JSONL dataset file.
 *
 * @throws InvalidInputError naming the file when it cannot be read, or its bad line and field
 */
export async function loadDataset(path: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new InvalidInputError(`dataset: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return parseDataset(text, path);
}
