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
    return boundedCounter((text) => tokenizer.countTokens(text, options));
  });
  return counter;
}

/** Unbroken runs longer than this are counted in slices of this size. */
const MAX_RUN = 256;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN + 1},}`, 'g');

/**
 * The tokenizer's cost grows with the square of an unbroken run's length (a 200 KB word took 27 s),
 * so runs longer than MAX_RUN characters are counted in slices: linear time, and a count that can
 * only err high by about a token per slice, which keeps every budget check safe.
 */
export function boundedCounter(count: Counter): Counter {
  return (text) => {
    LONG_RUN.lastIndex = 0;
    if (!LONG_RUN.test(text)) return count(text);
    LONG_RUN.lastIndex = 0;
    let total = 0;
    let at = 0;
    for (const match of text.matchAll(LONG_RUN)) {
      if (match.index > at) total += count(text.slice(at, match.index));
      const run = match[0];
      for (let i = 0; i < run.length; i += MAX_RUN) total += count(run.slice(i, i + MAX_RUN));
      at = match.index + run.length;
    }
    if (at < text.length) total += count(text.slice(at));
    return total;
  };
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
