/**
 * Cost of a run: tokens per agent, and money when a price table is given
 * (hosted models; local ones cost no money per token). Pure functions, so
 * the run result, the CLI summary and `stats` price tokens the same way.
 */
import { z } from "zod";
import type { Usage } from "./state/schemas.js";

const perMTok = z
  .number({ message: "must be a non-negative number (price per million tokens)" })
  .nonnegative({ message: "must be a non-negative number (price per million tokens)" })
  .refine(Number.isFinite, { message: "must be a finite number" });

/** Price of one model, per million tokens, in the caller's currency. */
export const ModelPriceSchema = z.strictObject({ inputPerMTok: perMTok, outputPerMTok: perMTok });
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

/** `prices` option: model tag or name (as in `AgentResult.model`) → price. */
export const PricesSchema = z.record(z.string().min(1), ModelPriceSchema);
export type Prices = z.infer<typeof PricesSchema>;

/** Tokens and, when the model is priced, money. */
export interface AgentCost extends Usage {
  /** Absent when the model has no price. */
  cost?: number;
}

export interface RunCost {
  /** Sum of the priced calls. */
  total: number;
  /** Per agent name: its attempts' tokens and cost. */
  byAgent: Record<string, AgentCost>;
  /** Planning, merging, judging and classifying, priced at the coordinator's model. */
  coordination?: AgentCost;
  /** Models that ran but have no price (their tokens are not in `total`). */
  unpriced: string[];
}

/** Money for `usage` at `price`. */
export function priceOf(usage: Usage, price: ModelPrice): number {
  return (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}

/**
 * Tokens per agent and, with `prices`, money per agent and in total.
 *
 * @param attempts - agent attempts (`AgentResult`s: agent, model, usage)
 * @param coordination - tokens of calls that are not attempts, and the model that made them
 * @param prices - model → price per million tokens; omitted: tokens only
 */
export function costOfRun(
  attempts: readonly { agent: string; model: string; usage?: Usage }[],
  coordination?: { model: string; usage: Usage },
  prices: Prices = {},
): RunCost {
  const byAgent: Record<string, AgentCost> = {};
  const unpriced = new Set<string>();
  let total = 0;
  const add = (into: AgentCost, model: string, usage: Usage) => {
    into.inputTokens += usage.inputTokens;
    into.outputTokens += usage.outputTokens;
    const price = prices[model];
    if (!price) {
      if (usage.inputTokens + usage.outputTokens > 0) unpriced.add(model);
      return;
    }
    const money = priceOf(usage, price);
    into.cost = (into.cost ?? 0) + money;
    total += money;
  };
  for (const attempt of attempts) {
    byAgent[attempt.agent] ??= { inputTokens: 0, outputTokens: 0 };
    add(byAgent[attempt.agent]!, attempt.model, attempt.usage ?? { inputTokens: 0, outputTokens: 0 });
  }
  let coordinationCost: AgentCost | undefined;
  if (coordination && coordination.usage.inputTokens + coordination.usage.outputTokens > 0) {
    coordinationCost = { inputTokens: 0, outputTokens: 0 };
    add(coordinationCost, coordination.model, coordination.usage);
  }
  return { total, byAgent, ...(coordinationCost ? { coordination: coordinationCost } : {}), unpriced: [...unpriced] };
}
