import { describe, expect, it } from 'vitest';
import { useColor } from '../../../src/report/use-color.js';

describe('useColor', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [true, { TERM: 'dumb' }, false],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '0' }, true],
    [true, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ] as const)('terminal %s with %j → %s', (isTTY, env, expected) => {
    expect(useColor(isTTY, env)).toBe(expected);
  });
});
