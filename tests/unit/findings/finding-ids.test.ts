import { describe, expect, it } from 'vitest';
import { assignIds, type UnnumberedFinding } from '../../../src/findings/finding-ids.js';
import type { Severity } from '../../../src/domain/types.js';

function raw(severity: Severity, file: string | null, line: number | null, title = 't'): UnnumberedFinding {
  return { severity, category: 'quality', file, line, endLine: null, title, detail: '', source: 'llm', located: true };
}

const label = (f: { id: string; file: string | null; line: number | null }) => `${f.id} ${f.file ?? '-'}:${f.line ?? '-'}`;

describe('assignIds', () => {
  it('orders by severity, then file, then line, and numbers each severity from 1', () => {
    const ids = assignIds([
      raw('minor', 'b.ts', 1),
      raw('critical', 'b.ts', 20),
      raw('important', 'a.ts', 5),
      raw('critical', 'b.ts', 3),
      raw('critical', 'a.ts', 100),
      raw('minor', 'a.ts', 2),
    ]).map(label);
    expect(ids).toEqual(['C1 a.ts:100', 'C2 b.ts:3', 'C3 b.ts:20', 'I1 a.ts:5', 'M1 a.ts:2', 'M2 b.ts:1']);
  });

  it('sorts lines numerically, not as text', () => {
    expect(assignIds([raw('minor', 'a.ts', 10), raw('minor', 'a.ts', 9)]).map(label)).toEqual(['M1 a.ts:9', 'M2 a.ts:10']);
  });

  it('puts file-less findings after files, and a file without a line before its lines', () => {
    const ids = assignIds([raw('important', null, null), raw('important', 'a.ts', 1), raw('important', 'a.ts', null)]).map(label);
    expect(ids).toEqual(['I1 a.ts:-', 'I2 a.ts:1', 'I3 -:-']);
  });

  it('gives the same ids whatever order the findings arrive in', () => {
    const input = [
      raw('critical', 'x.ts', 1, 'b'),
      raw('critical', 'x.ts', 1, 'a'),
      raw('minor', 'y.ts', 4),
      raw('important', null, null, 'task'),
    ];
    const expected = assignIds(input);
    for (const permutation of [[...input].reverse(), [input[2], input[0], input[3], input[1]]]) {
      expect(assignIds(permutation as UnnumberedFinding[])).toEqual(expected);
    }
    expect(expected.map((f) => `${f.id} ${f.title}`)).toEqual(['C1 a', 'C2 b', 'I1 task', 'M1 t']);
  });

  it('replaces ids that were already there and does not modify its input', () => {
    const input = [
      { ...raw('minor', 'a.ts', 1), id: '' },
      { ...raw('critical', 'a.ts', 1), id: 'old' },
    ];
    const snapshot = structuredClone(input);
    expect(assignIds(input).map((f) => f.id)).toEqual(['C1', 'M1']);
    expect(input).toEqual(snapshot);
  });

  it('empty in, empty out', () => {
    expect(assignIds([])).toEqual([]);
  });
});
