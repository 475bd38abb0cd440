import { describe, expect, it } from 'vitest';
import { contextWindow, countMessageTokens, countTokens, DEFAULT_CONTEXT_WINDOW } from '../../../src/prompt/tokens.js';

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
