import { describe, expect, test } from 'vitest';
import { splitLines } from '../../../src/git/exec-git.js';

async function* chunks(parts: Array<string | Buffer>): AsyncIterable<Buffer> {
  for (const part of parts) yield Buffer.isBuffer(part) ? part : Buffer.from(part, 'utf8');
}

async function collect(parts: Array<string | Buffer>, max: number): Promise<Array<[string, boolean]>> {
  const out: Array<[string, boolean]> = [];
  await splitLines(chunks(parts), max, (text, continued) => void out.push([text, continued]));
  return out;
}

describe('splitLines', () => {
  test.each([
    {
      name: 'lines within one chunk',
      parts: ['a\nbb\n'],
      max: 10,
      want: [
        ['a', false],
        ['bb', false],
      ],
    },
    {
      name: 'a line across chunks',
      parts: ['ab', 'c\nd', 'e\n'],
      max: 10,
      want: [
        ['abc', false],
        ['de', false],
      ],
    },
    {
      name: 'a last line without a newline',
      parts: ['a\nlast'],
      max: 10,
      want: [
        ['a', false],
        ['last', false],
      ],
    },
    {
      name: 'empty lines',
      parts: ['\n\nx\n'],
      max: 10,
      want: [
        ['', false],
        ['', false],
        ['x', false],
      ],
    },
    {
      name: 'a long line in pieces',
      parts: ['0123456789AB\nz\n'],
      max: 5,
      want: [
        ['01234', false],
        ['56789', true],
        ['AB', true],
        ['z', false],
      ],
    },
    {
      name: 'a long line split across chunks',
      parts: ['0123', '4567', '89\n'],
      max: 4,
      want: [
        ['0123', false],
        ['4567', true],
        ['89', true],
      ],
    },
    { name: 'exactly the limit is one piece', parts: ['abcd\n'], max: 4, want: [['abcd', false]] },
  ])('$name', async ({ parts, max, want }) => {
    expect(await collect(parts, max)).toEqual(want);
  });

  test('a character split between two chunks stays whole', async () => {
    const bytes = Buffer.from('é\n', 'utf8');
    expect(await collect([bytes.subarray(0, 1), bytes.subarray(1)], 10)).toEqual([['é', false]]);
  });

  test('waits for a reader that returns a promise before handing over the next line', async () => {
    const seen: string[] = [];
    let busy = false;
    await splitLines(chunks(['a\nb\nc\n']), 10, async (text) => {
      expect(busy).toBe(false);
      busy = true;
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(text);
      busy = false;
    });
    expect(seen).toEqual(['a', 'b', 'c']);
  });
});
