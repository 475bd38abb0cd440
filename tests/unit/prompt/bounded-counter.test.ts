import { describe, expect, test } from 'vitest';
import { boundedCounter } from '../../../src/prompt/bpe-counter.js';
import { loadTokenCounter } from '../../../src/prompt/tokens.js';

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

describe('where boundedCounter finds long runs', () => {
  /** How many pieces a text is counted in. */
  const pieces = (text: string): number => {
    let calls = 0;
    boundedCounter(() => {
      calls++;
      return 0;
    })(text);
    return calls;
  };

  test('a run breaks at exactly the characters \\s matches, for every UTF-16 unit', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const char = String.fromCharCode(c);
      // 200 + 1 + 200: one run of 401 unless the middle character breaks it into two of 200.
      const whole = pieces(`${'a'.repeat(200)}${char}${'a'.repeat(200)}`) === 1;
      if (whole !== /\s/.test(char)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  test.each([
    ['256 characters are one run, counted whole', 'x'.repeat(256), 1],
    ['257 characters are sliced', 'x'.repeat(257), 2],
    ['a long run of astral characters counts UTF-16 units', '😀'.repeat(129), 2],
    ['a long run after ordinary text', `short words here ${'y'.repeat(600)}`, 4],
    ['runs of 256 between spaces stay whole', `${'z'.repeat(256)} ${'z'.repeat(256)}`, 1],
  ])('%s', (_, text, expected) => {
    expect(pieces(text)).toBe(expected);
  });
});
