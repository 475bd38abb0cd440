// What model requests cost in requests and tokens: one shape for a request, a phase and a push.

export interface TokenUsage {
  requests: number;
  promptTokens: number;
  completionTokens: number;
}

/** The report's usage: the tokens, whether the review came from the cache, and its price. */
export interface Usage extends TokenUsage {
  cached: boolean;
  estimatedCostUSD: number | null;
}

export const NO_USAGE: Readonly<TokenUsage> = Object.freeze({ requests: 0, promptTokens: 0, completionTokens: 0 });

/** Adds `add` into `total` in place. */
export function addUsage(total: TokenUsage, add: TokenUsage): void {
  total.requests += add.requests;
  total.promptTokens += add.promptTokens;
  total.completionTokens += add.completionTokens;
}

/** The sum of two usages, as a new value. */
export function sumUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    requests: a.requests + b.requests,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}
