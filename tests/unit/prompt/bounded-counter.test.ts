import { describe, expect, test } from 'vitest';
import { boundedCounter, loadTokenCounter } from '../../../src/prompt/tokens.js';

describe('boundedCounter', () => {
  test('text without long unbroken runs is counted whole, in one call', () => {
    const calls: string[] = [];
    const count = boundedCounter((text) => {
      calls.push(text);
      return text.length;
    });
    const text = 'const a = 1;\n'.repeat(1000);
    expect(count(text)).toBe(text.length);
    expect(calls).toEqual([text]);
  });

  test('a long run is counted in slices no longer than 256 characters, and nothing is lost', () => {
    const calls: string[] = [];
    const count = boundedCounter((text) => {
      calls.push(text);
      return text.length;
    });
    const text = `before ${'a'.repeat(10_000)} after`;
    expect(count(text)).toBe(text.length);
    expect(Math.max(...calls.map((c) => c.length))).toBeLessThanOrEqual(256);
    expect(calls.join('')).toBe(text);
  });

  test('with the real tokenizer, a long run counts at least as many tokens as counting it whole', async () => {
    const count = await loadTokenCounter();
    const { countTokens } = await import('gpt-tokenizer');
    const run = 'QmFzZTY0IGRhdGEgdGhhdCBnb2VzIG9uIGFuZCBvbg'.repeat(40);
    expect(count(run)).toBeGreaterThanOrEqual(countTokens(run));
    // And the same count for ordinary text.
    expect(count('export const x = 1;')).toBe(countTokens('export const x = 1;'));
  });
});
