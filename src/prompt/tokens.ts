// Token counts and context windows. gpt-tokenizer is loaded on first use: importing it costs about
// 0.4 s, which a push that never reaches the model should not pay.
import type { ChatMessage } from './build-prompt.js';

/** For models the tokenizer's metadata does not know (local and third-party models). */
export const DEFAULT_CONTEXT_WINDOW = 32_000;

/** Tokens a chat message costs beyond its text (role and separators), per OpenAI's chat format. */
const PER_MESSAGE_OVERHEAD = 4;

export type Counter = (text: string) => number;
let counter: Promise<Counter> | null = null;

/** A synchronous counter, for callers that count many pieces (e.g. when splitting a change). */
export function loadTokenCounter(): Promise<Counter> {
  counter ??= import('gpt-tokenizer').then((tokenizer) => {
    // Diffs may contain text like "<|endoftext|>"; count it as plain text instead of throwing.
    const options = { disallowedSpecial: new Set<string>() };
    return (text: string) => tokenizer.countTokens(text, options);
  });
  return counter;
}

export async function countTokens(text: string): Promise<number> {
  return (await loadTokenCounter())(text);
}

export async function countMessageTokens(messages: readonly ChatMessage[]): Promise<number> {
  return messageTokens(messages, await loadTokenCounter());
}

/** The prompt tokens of a chat request, with a counter already loaded. */
export function messageTokens(messages: readonly ChatMessage[], count: Counter): number {
  return messages.reduce((sum, m) => sum + PER_MESSAGE_OVERHEAD + count(m.content), 3);
}

interface ModelSpec {
  context_window?: number;
  max_input_tokens?: number;
}

/**
 * Input tokens the model accepts: from gpt-tokenizer's model metadata when it knows the model
 * (also under a provider prefix such as "openai/gpt-4o" or with a date suffix), else a
 * conservative default.
 */
export async function contextWindow(model: string): Promise<number> {
  const specs = (await import('gpt-tokenizer/models')) as unknown as Record<string, ModelSpec | undefined>;
  for (const name of candidateNames(model)) {
    const spec = specs[name];
    const limit = spec?.max_input_tokens ?? spec?.context_window;
    if (typeof limit === 'number' && limit > 0) return limit;
  }
  return DEFAULT_CONTEXT_WINDOW;
}

function candidateNames(model: string): string[] {
  const bare = model.trim().toLowerCase().split('/').pop() ?? '';
  const undated = bare.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return [...new Set([model.trim(), bare, undated])].filter((n) => n !== '');
}
