// Cost from the user's own price table. No prices are built in: they change, and a wrong built-in
// figure presented as fact would be worse than none.
import type { PriceEntry } from '../config/types.js';

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
