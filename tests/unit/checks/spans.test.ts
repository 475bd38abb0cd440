import { describe, expect, test } from 'vitest';
import { replaceSpans, spansOfRange } from '../../../src/checks/spans.js';

describe('spansOfRange', () => {
  test.each([
    { lines: ['abc', 'def'], start: 1, end: 2, want: [{ line: 0, start: 1, end: 2 }] },
    { lines: ['abc', 'def'], start: 4, end: 7, want: [{ line: 1, start: 0, end: 3 }] },
    {
      lines: ['abc', 'def', 'ghi'],
      start: 2,
      end: 9,
      want: [
        { line: 0, start: 2, end: 3 },
        { line: 1, start: 0, end: 3 },
        { line: 2, start: 0, end: 1 },
      ],
    },
    {
      lines: ['abc', '', 'ghi'],
      start: 0,
      end: 11,
      want: [
        { line: 0, start: 0, end: 3 },
        { line: 2, start: 0, end: 3 },
      ],
    },
  ])('$start..$end', ({ lines, start, end, want }) => {
    expect(spansOfRange(lines, start, end)).toEqual(want);
  });
});

describe('replaceSpans', () => {
  test.each([
    { text: 'key = SECRET; // ok', spans: [{ start: 6, end: 12 }], want: 'key = [X]; // ok' },
    {
      text: 'A B',
      spans: [
        { start: 2, end: 3 },
        { start: 0, end: 1 },
      ],
      want: '[X] [X]',
    },
    {
      text: 'overlap',
      spans: [
        { start: 0, end: 4 },
        { start: 2, end: 6 },
      ],
      want: '[X]p',
    },
    {
      text: 'same',
      spans: [
        { start: 0, end: 4 },
        { start: 0, end: 4 },
      ],
      want: '[X]',
    },
    { text: 'none', spans: [], want: 'none' },
  ])('$text', ({ text, spans, want }) => {
    expect(
      replaceSpans(
        text,
        spans.map((s) => ({ ...s, marker: '[X]' })),
      ),
    ).toBe(want);
  });
});
