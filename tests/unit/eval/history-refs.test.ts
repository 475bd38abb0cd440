import { describe, expect, it } from 'vitest';
import { groupLines, historyRef } from '../../../src/eval/history-refs.js';

describe('historyRef', () => {
  it.each([
    [
      'git revert',
      'Revert "Add cache"\n\nThis reverts commit 1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b.',
      { kind: 'revert', ref: '1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b' },
    ],
    ['a Fixes trailer', 'Close the file\n\nFixes: 9f8e7d6c ("Read logs")', { kind: 'fix', ref: '9f8e7d6c' }],
    ['a fix naming a commit', 'Fix the off-by-one from a1b2c3d in pagination', { kind: 'fix', ref: 'a1b2c3d' }],
    ['fixes commit <sha>', 'Handle empty input (fixes commit 0badc0de1)', { kind: 'fix', ref: '0badc0de1' }],
    ['upper-case hex', 'This reverts commit ABCDEF1234567.', { kind: 'revert', ref: 'abcdef1234567' }],
    ['a fix without a commit', 'Fix the login page', null],
    ['a hex-looking word is not a commit', 'Fix the decaded facade', null],
    ['a number is not a commit', 'Fix issue 12345678', null],
    ['too short', 'Fix a1b2c3', null],
    ['a sha without a fix', 'Follow-up to a1b2c3d4', null],
  ])('%s', (_name, message, ref) => {
    expect(historyRef(message)).toEqual(ref);
  });
});

describe('groupLines', () => {
  it.each([
    [[], []],
    [[5], [[5, 5]]],
    [[3, 4, 5], [[3, 5]]],
    [[3, 5], [[3, 5]]],
    [
      [3, 6],
      [
        [3, 3],
        [6, 6],
      ],
    ],
    [
      [9, 1, 2, 2],
      [
        [1, 2],
        [9, 9],
      ],
    ],
  ])('%j', (lines, ranges) => {
    expect(groupLines(lines)).toEqual(ranges);
  });
});
