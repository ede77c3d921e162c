import type { LlmUsage } from '../ports/llm-provider.ts';
import { costOf, type ModelPrice } from './price-table.ts';

/** Limits on what one task may spend on LLM calls. Either may be left out. */
export interface TaskBudget {
  /** Prompt plus completion tokens. */
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Tokens and cost spent so far. */
export interface SpentSoFar {
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** Tracks spending against a budget; a call starts only when its expected cost still fits. */
export interface BudgetTracker {
  /**
   * Reserves room for a call expected to take `promptTokens` in and `completionTokens` out. Returns a release
   * function to call with the real usage (or undefined when the call did not happen), or undefined when the
   * call does not fit: the task then stops starting calls.
   */
  reserve(promptTokens: number, completionTokens: number): ((usage: LlmUsage | undefined) => void) | undefined;
  spent(): SpentSoFar;
}

/**
 * A budget tracker. Calls in flight hold a reservation, so concurrent calls cannot together overshoot what an
 * estimate predicted; the real usage replaces the reservation when the answer arrives. The estimate of an
 * answer's length is the caller's (a typical answer, not the worst case), so a task may end slightly above
 * its budget, by at most the difference on the calls in flight.
 */
export function createBudgetTracker(budget: TaskBudget = {}, modelPrice?: ModelPrice): BudgetTracker {
  const spent: SpentSoFar = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
  let reservedTokens = 0;
  let reservedCostUsd = 0;
  const priceOf = (usage: LlmUsage) => (modelPrice === undefined ? 0 : costOf(usage, modelPrice));
  return {
    reserve(promptTokens, completionTokens) {
      const tokens = promptTokens + completionTokens;
      const costUsd = priceOf({ promptTokens, completionTokens });
      if (budget.maxTokens !== undefined && spent.promptTokens + spent.completionTokens + reservedTokens + tokens > budget.maxTokens) return undefined;
      if (budget.maxCostUsd !== undefined && spent.costUsd + reservedCostUsd + costUsd > budget.maxCostUsd) return undefined;
      reservedTokens += tokens;
      reservedCostUsd += costUsd;
      let isReleased = false;
      return (usage) => {
        if (isReleased) return;
        isReleased = true;
        reservedTokens -= tokens;
        reservedCostUsd -= costUsd;
        if (usage === undefined) return;
        spent.promptTokens += usage.promptTokens;
        spent.completionTokens += usage.completionTokens;
        spent.costUsd += priceOf(usage);
      };
    },
    spent: () => ({ ...spent }),
  };
}
