import { describe, expect, it } from 'vitest';
import { blockRunsFirst, consumedInputWarning } from '../../../src/hook-input/empty-input.js';
import { describeBadLine, malformedInputError } from '../../../src/hook-input/malformed-input.js';
import { BLOCK_END, BLOCK_START } from '../../../src/install/hook-script.js';

const A = 'a'.repeat(40);
const Z = '0'.repeat(40);

describe('describeBadLine', () => {
  it.each([
    ['hello', '1 field where git sends 4'],
    [`refs/heads/main ${A} refs/heads/main`, '3 fields where git sends 4'],
    [`refs/heads/main ${'g'.repeat(40)} refs/heads/main ${Z}`, 'the local object id is not hexadecimal'],
    [`refs/heads/main ${A} refs/heads/main xyz`, 'the remote object id is not hexadecimal'],
    [
      `refs/heads/main ${'a'.repeat(39)} refs/heads/main ${Z}`,
      'the local object id has 39 digits where git sends 40 (SHA-1) or 64 (SHA-256)',
    ],
    [`refs/heads/main ${'a'.repeat(64)} refs/heads/main ${Z}`, 'the two object ids differ in length'],
  ])('%s → %s', (line, why) => {
    expect(describeBadLine(line)).toBe(why);
  });
});

describe('malformedInputError', () => {
  it('quotes what was read, at most three lines, and says how to fix the hook', () => {
    const error = malformedInputError(['one', 'two', 'three', 'four', 'five']);
    expect(error.code).toBe('USAGE');
    expect(error.message).toContain('5 lines git would never send');
    expect(error.message).toContain('"one": 1 field where git sends 4');
    expect(error.message).toContain('"three"');
    expect(error.message).not.toContain('"four"');
    expect(error.message).toContain('…and 2 more');
    expect(error.hint).toMatch(/review-hook block first/);
  });

  it('clips a huge line', () => {
    const error = malformedInputError(['x'.repeat(10_000)]);
    expect(error.message.length).toBeLessThan(500);
  });
});

describe('blockRunsFirst', () => {
  const block = `${BLOCK_START}\necho review\n${BLOCK_END}\n`;
  it.each([
    ['the block alone', block, true],
    ['a shebang, comments and blank lines before it', `#!/bin/sh\n# lint first? no\n\n${block}`, true],
    ["husky 4-8's own line before it", `#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n${block}`, true],
    ['a command before it', `npm test\n${block}`, false],
    ['a command that reads stdin before it', `while read l; do :; done\n${block}`, false],
    ['no block at all', 'npm test\n', false],
    ['CRLF line endings', `#!/bin/sh\r\n${block.replace(/\n/g, '\r\n')}`, true],
  ])('%s', (_name, text, expected) => {
    expect(blockRunsFirst(text)).toBe(expected);
  });
});

describe('consumedInputWarning', () => {
  it('names the branch, the commits and the fix', () => {
    const text = consumedInputWarning(2, 'main');
    expect(text).toMatch(/^WARNING: git's ref lines were missing/);
    expect(text).toContain('main has 2 unpushed commits');
    expect(text).toContain('move the review-hook block first');
  });
});
