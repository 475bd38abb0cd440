// Token budgets for one request: the configured maxPromptTokens, or one derived from the context
// window, which Ollama is asked for (it truncates silently) and other models' is known by name.
import type { ReviewConfig } from '../config/types.js';
import { defaultMaxOutputTokens } from '../llm/request-shape.js';
import { contextWindow } from '../prompt/tokens.js';
import { askOllamaWindow } from './ollama-context.js';
import { PRESETS } from './presets.js';
import type { Endpoint } from './resolve-endpoint.js';

/** Share of the context window kept back when maxPromptTokens is derived: other tokenizers count code higher. */
const DERIVED_BUDGET_SHARE = 0.85;
/** How long the model-information request may take. */
const SHOW_TIMEOUT_MS = 5000;

export interface RequestBudget {
  maxPromptTokens: number;
  maxOutputTokens: number;
  /** Said to the user when the budget came from the server (or could not). */
  note: string | null;
}

/** Tokens one request may carry when maxPromptTokens is not set: the context window less the answer's room and a margin. */
export function derivePromptBudget(window: number, maxOutputTokens: number): number {
  return Math.max(1000, Math.floor((window - maxOutputTokens) * DERIVED_BUDGET_SHARE));
}

export async function requestBudget(config: ReviewConfig, endpoint: Endpoint): Promise<RequestBudget> {
  const defaultOutput = defaultMaxOutputTokens(config.model);
  if (PRESETS[config.provider].asksContextWindow && endpoint.baseURL !== null) {
    const asked = await askOllamaWindow(endpoint.baseURL, config.model, Math.min(SHOW_TIMEOUT_MS, config.timeoutSeconds * 1000));
    if (asked.ok) {
      // Prompt and answer share the window: a small window leaves the answer a quarter of it.
      const maxOutputTokens = Math.min(defaultOutput, Math.floor(asked.window.tokens / 4));
      const derived = derivePromptBudget(asked.window.tokens, maxOutputTokens);
      return {
        maxOutputTokens,
        maxPromptTokens: config.maxPromptTokens ?? derived,
        note:
          config.maxPromptTokens === null
            ? `context window ${asked.window.tokens} tokens (${asked.window.source}): up to ${derived} prompt tokens per request; set maxPromptTokens to use another budget`
            : null,
      };
    }
    if (config.maxPromptTokens === null) {
      return {
        maxOutputTokens: defaultOutput,
        maxPromptTokens: derivePromptBudget(await contextWindow(config.model), defaultOutput),
        note: `could not ask the server for ${config.model}'s context window (${asked.problem}); set maxPromptTokens to the server's num_ctx`,
      };
    }
  }
  return {
    maxOutputTokens: defaultOutput,
    maxPromptTokens: config.maxPromptTokens ?? derivePromptBudget(await contextWindow(config.model), defaultOutput),
    note: null,
  };
}
