import { describe, expect, it } from 'vitest';
import {
  describePrevious,
  formatPreviousRound,
  previousFindings,
  resolvedFindings,
  stillChecked,
  type PreviousFinding,
} from '../../../src/findings/previous-round.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

const saved = (overrides: Record<string, unknown> = {}) => ({
  version: 1,
  verdict: 'block',
  ranges: [{ ref: 'refs/heads/feature', base: A, head: B, commits: [B] }],
  findings: [
    {
      id: 'C1',
      severity: 'critical',
      category: 'security',
      file: 'src/find.js',
      line: 2,
      endLine: null,
      title: 'SQL built from user input',
      detail: 'd',
      source: 'llm',
      located: true,
    },
    {
      id: 'I1',
      severity: 'important',
      category: 'task',
      file: null,
      line: null,
      endLine: null,
      title: 'Rate limiting missing',
      detail: 'd',
      source: 'llm',
      located: true,
    },
    {
      id: 'C2',
      severity: 'critical',
      category: 'security',
      file: '.env',
      line: 1,
      endLine: 3,
      title: 'AWS key',
      detail: 'd',
      source: 'check:secrets',
      located: true,
    },
  ],
  ...overrides,
});

describe('previousFindings', () => {
  const cases: Array<{ name: string; saved: unknown; ranges: Array<{ ref: string; commits: string[] }>; ids: string[] | null }> = [
    {
      name: 'same ref, new commits: a second round',
      saved: saved(),
      ranges: [{ ref: 'refs/heads/feature', commits: [C] }],
      ids: ['C1', 'I1', 'C2'],
    },
    {
      name: 'another ref but a commit in common',
      saved: saved(),
      ranges: [{ ref: 'refs/heads/other', commits: [B, C] }],
      ids: ['C1', 'I1', 'C2'],
    },
    { name: 'another ref, no common commit', saved: saved(), ranges: [{ ref: 'refs/heads/other', commits: [C] }], ids: null },
    {
      name: 'the last review allowed the push',
      saved: saved({ verdict: 'allow' }),
      ranges: [{ ref: 'refs/heads/feature', commits: [C] }],
      ids: null,
    },
    {
      name: 'manual labels are not refs',
      saved: saved({ ranges: [{ ref: 'HEAD', commits: [A] }] }),
      ranges: [{ ref: 'HEAD', commits: [C] }],
      ids: null,
    },
    {
      name: 'blocked with no findings (only an error)',
      saved: saved({ findings: [] }),
      ranges: [{ ref: 'refs/heads/feature', commits: [C] }],
      ids: null,
    },
    { name: 'not a report', saved: 'garbage', ranges: [{ ref: 'refs/heads/feature', commits: [C] }], ids: null },
    {
      name: 'malformed findings are skipped',
      saved: saved({
        findings: [
          { id: 'X', severity: 'fatal', title: 't' },
          { severity: 'minor', title: 'no id' },
          { id: 'M1', severity: 'minor', title: 'ok', line: -4, file: '' },
        ],
      }),
      ranges: [{ ref: 'refs/heads/feature', commits: [C] }],
      ids: ['M1'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const found = previousFindings(c.saved, c.ranges);
      expect(found === null ? null : found.map((f) => f.id)).toEqual(c.ids);
    });
  }

  it('reads location and source', () => {
    const [c1, , c2] = previousFindings(saved(), [{ ref: 'refs/heads/feature', commits: [] }])!;
    expect(c1).toEqual({
      id: 'C1',
      severity: 'critical',
      file: 'src/find.js',
      line: 2,
      endLine: null,
      title: 'SQL built from user input',
      source: 'llm',
    });
    expect(describePrevious(c2!)).toBe('C2 (critical) .env:1-3: AWS key');
  });

  it('reads whether a checks allow-list accepted a finding, and names it allowed as its title once did', () => {
    const allowed = { id: 'M1', severity: 'minor', file: 'test/t.txt', line: 1, title: 'GitHub token', source: 'check:secrets' };
    const [now, before] = previousFindings(
      saved({
        findings: [
          { ...allowed, allowedByConfig: 'a parser fixture' },
          // Saved before the title lost the words: no field, the words in the title.
          { ...allowed, id: 'M2', title: 'Allowed by config: GitHub token' },
        ],
      }),
      [{ ref: 'refs/heads/feature', commits: [] }],
    )!;
    expect(now).toMatchObject({ title: 'GitHub token', allowedByConfig: 'a parser fixture' });
    // The same words for the model either way, so a previous round's prompt (and cache key) is unchanged.
    expect(describePrevious(now!)).toBe('M1 (minor) test/t.txt:1: Allowed by config: GitHub token');
    expect(describePrevious(before!)).toBe('M2 (minor) test/t.txt:1: Allowed by config: GitHub token');
  });
});

describe('formatPreviousRound', () => {
  it('one line per finding: id, severity, file:line, title', () => {
    const text = formatPreviousRound(previousFindings(saved(), [{ ref: 'refs/heads/feature', commits: [] }])!);
    expect(text.split('\n')).toEqual([
      'The previous review blocked the push with these findings (ids are from that review):',
      '- C1 (critical) src/find.js:2: SQL built from user input',
      '- I1 (important) (no file): Rate limiting missing',
      '- C2 (critical) .env:1-3: AWS key',
    ]);
  });

  it('lists at most 40', () => {
    const many: PreviousFinding[] = Array.from({ length: 45 }, (_, i) => ({
      id: `M${i + 1}`,
      severity: 'minor',
      file: 'a',
      line: i + 1,
      endLine: null,
      title: 't',
      source: 'llm',
    }));
    const text = formatPreviousRound(many);
    expect(text).toContain('- M40 ');
    expect(text).not.toContain('- M41 ');
    expect(text).toContain('…and 5 more');
  });
});

describe('resolvedFindings', () => {
  const previous = previousFindings(saved(), [{ ref: 'refs/heads/feature', commits: [] }])!;
  const finding = (file: string | null, line: number | null, title: string, endLine: number | null = null) => ({
    file,
    line,
    endLine,
    title,
  });

  const cases: Array<{ name: string; current: ReturnType<typeof finding>[]; modelRan: boolean; resolved: string[] }> = [
    { name: 'nothing found now: all resolved', current: [], modelRan: true, resolved: ['C1', 'I1', 'C2'] },
    {
      name: 'same file, line moved by a little: still there',
      current: [finding('src/find.js', 4, 'Injection')],
      modelRan: true,
      resolved: ['I1', 'C2'],
    },
    {
      name: 'same file, far away, other title: resolved',
      current: [finding('src/find.js', 40, 'Unused import')],
      modelRan: true,
      resolved: ['C1', 'I1', 'C2'],
    },
    {
      name: 'same file, same title, other line: still there',
      current: [finding('src/find.js', 90, 'SQL built from user input!')],
      modelRan: true,
      resolved: ['I1', 'C2'],
    },
    { name: 'a range overlapping the line', current: [finding('.env', 3, 'Secret', 9)], modelRan: true, resolved: ['C1', 'I1'] },
    {
      name: 'file-less findings compare titles',
      current: [finding(null, null, 'Rate limiting missing from login')],
      modelRan: true,
      resolved: ['C1', 'C2'],
    },
    {
      name: 'other file, same title: resolved (it moved, or it is another one)',
      current: [finding('src/other.js', 2, 'SQL built from user input')],
      modelRan: true,
      resolved: ['C1', 'I1', 'C2'],
    },
    { name: 'the model did not run: only check findings can be judged', current: [], modelRan: false, resolved: ['C2'] },
  ];
  for (const c of cases) it(c.name, () => expect(resolvedFindings(previous, c.current, c.modelRan).map((f) => f.id)).toEqual(c.resolved));
});

describe('a check turned off since the previous round', () => {
  const previous = previousFindings(saved(), [{ ref: 'refs/heads/feature', commits: [] }])!;
  const secretsOff = (name: string) => name !== 'secrets';

  it('does not call its findings resolved: they are no longer checked', () => {
    expect(resolvedFindings(previous, [], true, secretsOff).map((f) => f.id)).toEqual(['C1', 'I1']);
    expect(previous.filter((p) => !stillChecked(p, secretsOff)).map((f) => f.id)).toEqual(['C2']);
  });

  it('leaves model findings and checks still on alone', () => {
    expect(resolvedFindings(previous, [], true, () => true).map((f) => f.id)).toEqual(['C1', 'I1', 'C2']);
    expect(previous.filter((p) => !stillChecked(p, () => false)).map((f) => f.source)).toEqual(['check:secrets']);
  });
});
