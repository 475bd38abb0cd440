import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../src/domain/format-count.js';

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [34945, '34,945'],
    [105318, '105,318'],
    [1_000_000, '1,000,000'],
    [-4096, '-4,096'],
    [Number.MAX_SAFE_INTEGER, '9,007,199,254,740,991'],
    [1234.5, '1,234.5'],
  ])('%d → %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });

  it('writes every integer the way en-US toLocaleString does', () => {
    for (let n = -2500; n <= 2500; n += 7) expect(formatCount(n * 997)).toBe((n * 997).toLocaleString('en-US'));
  });
});
