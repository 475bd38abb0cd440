import { describe, expect, it } from 'vitest';
import { isZeroOid, parseRefLines, parseRefLinesDetailed } from '../../../src/git/ref-lines.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);
const A256 = 'c'.repeat(64);
const Z256 = '0'.repeat(64);

describe('parseRefLines', () => {
  const cases: Array<{ name: string; text: string; updates: Array<[string, string, string, string]>; invalid?: string[] }> = [
    { name: 'empty input (everything up to date)', text: '', updates: [] },
    { name: 'fast-forward', text: `refs/heads/main ${A} refs/heads/main ${B}\n`, updates: [['refs/heads/main', A, 'refs/heads/main', B]] },
    { name: 'new branch', text: `refs/heads/f ${A} refs/heads/f ${Z}\n`, updates: [['refs/heads/f', A, 'refs/heads/f', Z]] },
    { name: 'deletion', text: `(delete) ${Z} refs/heads/old ${B}\n`, updates: [['(delete)', Z, 'refs/heads/old', B]] },
    { name: 'HEAD to a Gerrit ref', text: `HEAD ${A} refs/for/main ${Z}\n`, updates: [['HEAD', A, 'refs/for/main', Z]] },
    {
      name: 'local ref with spaces is split from the right',
      text: `my weird~1 ref ${A} refs/heads/x ${Z}\n`,
      updates: [['my weird~1 ref', A, 'refs/heads/x', Z]],
    },
    {
      name: 'CRLF, blank lines and several refs',
      text: `\r\nrefs/heads/a ${A} refs/heads/a ${Z}\r\n\r\nrefs/tags/v1 ${B} refs/tags/v1 ${Z}\r\n\n`,
      updates: [
        ['refs/heads/a', A, 'refs/heads/a', Z],
        ['refs/tags/v1', B, 'refs/tags/v1', Z],
      ],
    },
    { name: 'no trailing newline', text: `refs/heads/a ${A} refs/heads/a ${B}`, updates: [['refs/heads/a', A, 'refs/heads/a', B]] },
    { name: 'SHA-256 oids', text: `refs/heads/a ${A256} refs/heads/a ${Z256}\n`, updates: [['refs/heads/a', A256, 'refs/heads/a', Z256]] },
    {
      name: 'upper-case hex is normalised',
      text: `refs/heads/a ${'A'.repeat(40)} refs/heads/a ${Z}\n`,
      updates: [['refs/heads/a', A, 'refs/heads/a', Z]],
    },
    {
      name: 'garbage lines are reported, good lines kept',
      text: `y\nrefs/heads/a ${A} refs/heads/a\nrefs/heads/a nothex refs/heads/a ${Z}\nrefs/heads/a ${A} refs/heads/a ${Z256}\n refs/heads/b ${A} refs/heads/b ${Z}\n`,
      updates: [[' refs/heads/b', A, 'refs/heads/b', Z]],
      invalid: ['y', `refs/heads/a ${A} refs/heads/a`, `refs/heads/a nothex refs/heads/a ${Z}`, `refs/heads/a ${A} refs/heads/a ${Z256}`],
    },
    { name: 'missing local ref', text: ` ${A} refs/heads/a ${Z}\n`, updates: [], invalid: [` ${A} refs/heads/a ${Z}`] },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const detailed = parseRefLinesDetailed(c.text);
      const expected = c.updates.map(([localRef, localOid, remoteRef, remoteOid]) => ({ localRef, localOid, remoteRef, remoteOid }));
      expect(detailed.updates).toEqual(expected);
      expect(detailed.invalid).toEqual(c.invalid ?? []);
      expect(parseRefLines(c.text)).toEqual(expected);
    });
  }
});

describe('isZeroOid', () => {
  it.each([
    [Z, true],
    [Z256, true],
    [A, false],
    ['0'.repeat(39) + '1', false],
    ['', false],
  ])('%s -> %s', (oid, expected) => {
    expect(isZeroOid(oid)).toBe(expected);
  });
});
