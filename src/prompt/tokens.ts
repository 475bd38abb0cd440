// Token counts and context windows. The tokenizer is loaded on first use, in a worker thread
// (worker-counter.ts) so that its load does not hold up the main thread; a push that never reaches
// the model does not load it at all. Counts are exact either way: the worker runs the same counter
// (bpe-counter.ts) that this thread falls back to when the worker cannot start.
import type { ChatMessage } from './build-prompt.js';
import { type Counter, countEach, loadBpeCounter } from './bpe-counter.js';
import { startWorkerCounter, type WorkerCounter } from './worker-counter.js';

export type { Counter } from './bpe-counter.js';

/** For models the tokenizer's metadata does not know (local and third-party models). */
export const DEFAULT_CONTEXT_WINDOW = 32_000;

/** Tokens a chat message costs beyond its text (role and separators), per OpenAI's chat format. */
const PER_MESSAGE_OVERHEAD = 4;

let worker: WorkerCounter | null | undefined;
let counter: Promise<Counter> | null = null;

/**
 * Starts loading the tokenizer in its worker, for a review that will count tokens later. At once,
 * not after an import(): the worker's load should overlap the main thread's work from the start.
 */
export function startTokenCounter(): void {
  if (worker !== undefined) return;
  try {
    worker = startWorkerCounter();
  } catch {
    worker = null;
  }
}

/** A synchronous counter, for callers that count many pieces (e.g. when splitting a change). */
export function loadTokenCounter(): Promise<Counter> {
  counter ??= (async () => {
    startTokenCounter();
    const started = worker ?? null;
    // A worker that cannot start (say, a copy of the package without its file) costs only time.
    if (started !== null) {
      try {
        return await started.ready();
      } catch {
        // Counted in this thread below, with the same counter.
      }
    }
    return loadBpeCounter();
  })();
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
  return countEach(
    count,
    messages.map((m) => m.content),
  ).reduce((sum, tokens) => sum + PER_MESSAGE_OVERHEAD + tokens, 3);
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
