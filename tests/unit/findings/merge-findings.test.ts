import { describe, expect, it } from 'vitest';
import { assignIds } from '../../../src/findings/finding-ids.js';
import { mergeFindings, mergeRequirements, mergeStrengths, mergeSummaries, sameProblem } from '../../../src/findings/merge-findings.js';
import type { Finding } from '../../../src/domain/types.js';

type F = Omit<Finding, 'id'>;

function finding(overrides: Partial<F> = {}): F {
  return {
    severity: 'important',
    category: 'correctness',
    file: 'src/a.ts',
    line: 10,
    endLine: null,
    title: 'Off-by-one in the loop bound',
    detail: 'The loop runs one time too many.',
    source: 'llm',
    located: true,
    ...overrides,
  };
}

describe('sameProblem', () => {
  it.each([
    ['SQL injection', 'SQL injection in find()', true],
    ['Missing tests for the parser', 'No tests for parser', true],
    ['Off-by-one in the loop bound', 'Loop bound is off by one', true],
    ['Unvalidated input', 'Hardcoded API key', false],
    ['Missing error handling', 'Missing documentation', false],
    ['', '', true],
  ])('%j vs %j -> %s', (a, b, same) => {
    expect(sameProblem(a, b)).toBe(same);
  });
});

describe('mergeFindings', () => {
  it('folds the same problem at overlapping lines into one, keeping the more severe', () => {
    const merged = mergeFindings([
      finding({ line: 10, endLine: 12 }),
      finding({ line: 12, severity: 'critical', title: 'Loop bound off by one', detail: 'x' }),
    ]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ severity: 'critical', line: 12 });
  });

  it('keeps findings that differ in file, lines or problem', () => {
    const merged = mergeFindings([
      finding(),
      finding({ file: 'src/b.ts' }),
      finding({ line: 40 }),
      finding({ title: 'Hardcoded API key', category: 'security' }),
    ]);
    expect(merged).toHaveLength(4);
  });

  it('merges file-less findings every part reported, such as missing tests', () => {
    const missing = { file: null, line: null, category: 'testing' as const, located: true };
    const merged = mergeFindings([
      finding({ ...missing, title: 'Missing tests for the new parser' }),
      finding({ ...missing, title: 'No tests for the parser', severity: 'minor' }),
      finding({ ...missing, title: 'README not updated', category: 'docs' }),
    ]);
    expect(merged.map((f) => f.title).sort()).toEqual(['Missing tests for the new parser', 'README not updated']);
    expect(merged.find((f) => f.category === 'testing')?.severity).toBe('important');
  });

  it('takes the located line of a duplicate when the kept finding has none', () => {
    const merged = mergeFindings([
      finding({ severity: 'critical', line: null, located: true }),
      finding({ severity: 'minor', line: 33, endLine: 35 }),
    ]);
    expect(merged).toEqual([finding({ severity: 'critical', line: 33, endLine: 35 })]);
  });

  it('never merges a check finding with a model finding', () => {
    expect(mergeFindings([finding(), finding({ source: 'check:secrets' })])).toHaveLength(2);
  });

  it('gives the same findings and ids whatever order the parts answered in', () => {
    const all = [
      finding({ file: 'src/z.ts', severity: 'minor', title: 'Naming' }),
      finding({ line: 10, title: 'Off-by-one in the loop bound' }),
      finding({ line: 9, endLine: 10, title: 'Loop bound off by one', severity: 'critical' }),
      finding({ file: null, line: null, title: 'Requirement 2 missing', category: 'task' }),
      finding({ file: 'src/b.ts', line: 5, title: 'Unchecked null' }),
    ];
    const forward = assignIds(mergeFindings(all));
    const backward = assignIds(mergeFindings([...all].reverse()));
    expect(backward).toEqual(forward);
    expect(forward.map((f) => f.id)).toEqual(['C1', 'I1', 'I2', 'M1']);
  });
});

describe('merging the rest of the answers', () => {
  it('lists a strength said by several parts once', () => {
    expect(
      mergeStrengths([
        ['Clear names.', 'Good tests'],
        ['clear names', 'Small functions'],
      ]),
    ).toEqual(['Clear names.', 'Good tests', 'Small functions']);
  });

  it('gives a requirement the best status any part found', () => {
    const merged = mergeRequirements([
      [{ requirement: 'Parse ranges', status: 'missing', evidence: 'not in this part' }],
      [
        { requirement: 'parse  ranges', status: 'met', evidence: 'src/range.ts:12' },
        { requirement: 'Docs', status: 'partial', evidence: '' },
      ],
    ]);
    expect(merged).toEqual([
      { requirement: 'parse  ranges', status: 'met', evidence: 'src/range.ts:12' },
      { requirement: 'Docs', status: 'partial', evidence: '' },
    ]);
  });

  it('labels summaries by part when there were several', () => {
    expect(mergeSummaries([{ part: 1, count: 1, text: ' Fine. ' }])).toBe('Fine.');
    expect(
      mergeSummaries([
        { part: 1, count: 3, text: 'A' },
        { part: 3, count: 3, text: 'C' },
      ]),
    ).toBe('Part 1 of 3: A\nPart 3 of 3: C');
    expect(mergeSummaries([{ part: 1, count: 2, text: ' ' }])).toBeNull();
  });
});
