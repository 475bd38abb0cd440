// Cost from the user's own price table. No prices are built in: they change, and a wrong built-in
// figure presented as fact would be worse than none.
import type { PriceEntry } from '../config/types.js';
import { formatCount } from '../domain/format-count.js';

/** The price for a model: an exact entry, else the longest entry the name starts with (dated snapshots). */
export function priceFor(model: string, pricing: Readonly<Record<string, PriceEntry>>): PriceEntry | null {
  if (pricing[model]) return pricing[model];
  const prefix = Object.keys(pricing)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? (pricing[prefix] ?? null) : null;
}

/** USD for the given token counts, or null when the table has no price for the model. */
export function estimateCostUSD(
  model: string,
  pricing: Readonly<Record<string, PriceEntry>>,
  promptTokens: number,
  completionTokens: number,
): number | null {
  const price = priceFor(model, pricing);
  if (!price) return null;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}

export function formatUSD(amount: number): string {
  return amount < 0.01 ? `$${amount.toFixed(4)}` : `$${amount.toFixed(2)}`;
}

export interface PlannedSpend {
  model: string;
  pricing: Readonly<Record<string, PriceEntry>>;
  /** Prompt tokens of all planned requests, as counted for sending. */
  promptTokens: number;
  requests: number;
  /** The answer allowance of each request. */
  maxOutputTokens: number;
}

/**
 * The most a planned review can cost: every prompt token, and every request using its whole answer
 * allowance. An upper bound for the budget (answers are usually far shorter), so a push is never let
 * through on an optimistic guess. Null when the table has no price for the model.
 */
export function upperBoundCostUSD(spend: PlannedSpend): number | null {
  return estimateCostUSD(spend.model, spend.pricing, spend.promptTokens, spend.requests * spend.maxOutputTokens);
}

/**
 * Why a planned review must not be sent under maxCostPerPush, or null when it may be. With a limit
 * set and no price for the model the cost cannot be checked, and that stops the review too: a limit
 * someone set is not silently ignored (a free local model gets a price of 0).
 */
export function overBudget(spend: PlannedSpend, maxCostPerPush: number | null): string | null {
  if (maxCostPerPush === null) return null;
  const limit = formatUSD(maxCostPerPush);
  const cost = upperBoundCostUSD(spend);
  if (cost === null) {
    return (
      `maxCostPerPush is ${limit} but pricing has no price for ${spend.model}, so the cost cannot be checked; nothing was sent. ` +
      `Add pricing."${spend.model}": {"input": …, "output": …} (USD per million tokens; 0 and 0 for a free local model), or set maxCostPerPush to null`
    );
  }
  if (cost <= maxCostPerPush) return null;
  const n = formatCount;
  return (
    `the review would cost up to ${formatAbove(cost, maxCostPerPush)} (${n(spend.promptTokens)} prompt tokens in ${spend.requests} ` +
    `${spend.requests === 1 ? 'request' : 'requests'}, each answer up to ${n(spend.maxOutputTokens)} tokens), over maxCostPerPush (${limit}); nothing was sent. ` +
    'Raise maxCostPerPush, narrow the push (fewer commits, or exclude files), or review with --offline'
  );
}

/** The amount with enough decimals that it does not read as the limit it exceeds ("up to $0.0248", not "$0.02" over "$0.02"). */
function formatAbove(amount: number, limit: number): string {
  const plain = formatUSD(amount);
  if (plain !== formatUSD(limit)) return plain;
  for (const digits of [4, 6, 8]) {
    if (amount.toFixed(digits) !== limit.toFixed(digits)) return `$${amount.toFixed(digits)}`;
  }
  return plain;
}
