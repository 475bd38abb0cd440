import { describe, expect, it } from 'vitest';
import {
  contextWindow,
  countMessageTokens,
  countTokens,
  DEFAULT_CONTEXT_WINDOW,
  loadTokenCounter,
  messageTokens,
} from '../../../src/prompt/tokens.js';

describe('countTokens', () => {
  it('counts text', async () => {
    expect(await countTokens('Hello, world!')).toBe(4);
  });

  it('counts special-token text in a diff as plain text instead of throwing', async () => {
    const count = await countTokens('+ const stop = "<|endoftext|>";');
    expect(count).toBeGreaterThan(5);
  });

  it('adds a little per message', async () => {
    const text = 'Review this.';
    const one = await countTokens(text);
    expect(await countMessageTokens([{ role: 'user', content: text }])).toBeGreaterThan(one);
  });
});

describe('loadTokenCounter', () => {
  // Run from the sources, the worker's compiled file does not exist, so this is the in-thread
  // fallback; tests/e2e/token-worker.test.ts checks the worker itself on the installed package.
  const table: Array<[string, string]> = [
    ['code', 'export function total(items: readonly Item[]): number {\n  return items.length;\n}\n'],
    ['special-token text', 'const stop = "<|endoftext|>"; // <|im_start|>'],
    ['emoji and a flag', 'ship it 🚀🇬🇧 👩‍💻'],
    ['CJK', '漢字とかなの混じった文。한국어 텍스트。'],
    ['lone surrogates and replacement characters', 'broken \ud800 pair \udfff and \ufffd'],
    ['control characters', 'nul \u0000 bell \u0007 esc \u001b[31m'],
    ['an empty text', ''],
  ];

  it.each(table)('counts %s exactly as gpt-tokenizer does', async (_, text) => {
    const { countTokens: reference } = await import('gpt-tokenizer');
    const count = await loadTokenCounter();
    expect(count(text)).toBe(reference(text, { disallowedSpecial: new Set() }));
  });

  it('counts a chat request as its messages plus the chat format overhead', async () => {
    const count = await loadTokenCounter();
    const messages = [
      { role: 'system' as const, content: 'You review code.' },
      { role: 'user' as const, content: 'Review this.' },
    ];
    expect(messageTokens(messages, count)).toBe(3 + 4 + count('You review code.') + 4 + count('Review this.'));
  });
});

describe('contextWindow', () => {
  it.each([
    ['gpt-4o', 128_000],
    ['openai/gpt-4o', 128_000],
    ['gpt-4o-2024-08-06', 128_000],
    ['gpt-5', 272_000],
    ['qwen2.5-coder:7b', DEFAULT_CONTEXT_WINDOW],
    ['', DEFAULT_CONTEXT_WINDOW],
  ])('%s -> %i', async (model, expected) => {
    expect(await contextWindow(model)).toBe(expected);
  });
});
