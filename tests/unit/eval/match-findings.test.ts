import { describe, expect, it } from 'vitest';
import { matches, scoreFindings } from '../../../src/eval/match-findings.js';
import type { ExpectedFinding } from '../../../src/eval/types.js';
import type { Finding } from '../../../src/domain/types.js';

const expected = (over: Partial<ExpectedFinding> = {}): ExpectedFinding => ({
  file: 'src/a.js',
  startLine: 10,
  endLine: 12,
  severity: 'important',
  category: 'security',
  note: '',
  ...over,
});
const finding = (over: Partial<Finding> = {}): Finding => ({
  id: 'C1',
  severity: 'critical',
  category: 'correctness',
  file: 'src/a.js',
  line: 10,
  endLine: null,
  title: 't',
  detail: 'd',
  source: 'llm',
  located: true,
  ...over,
});

describe('matches', () => {
  it.each([
    ['inside the range', {}, {}, true],
    ['2 lines before the start (tolerance)', { line: 8 }, {}, true],
    ['3 lines before the start', { line: 7 }, {}, false],
    ['2 lines after the end', { line: 14 }, {}, true],
    ['3 lines after the end', { line: 15 }, {}, false],
    ['a range that overlaps', { line: 2, endLine: 9 }, {}, true],
    ['a range that ends before the widened start', { line: 2, endLine: 7 }, {}, false],
    ['another file', { file: 'src/b.js' }, {}, false],
    ['no line', { line: null }, {}, false],
    ['severity above the lowest', { severity: 'critical' }, {}, true],
    ['severity below the lowest', { severity: 'minor' }, {}, false],
    ['another category (not required)', { category: 'quality' }, {}, true],
    [
      'file-less expectation, same category, any file',
      { category: 'task', file: 'x.js', line: 99 },
      { file: null, startLine: null, endLine: null, category: 'task' },
      true,
    ],
    [
      'file-less expectation, other category',
      { category: 'security', file: null, line: null },
      { file: null, startLine: null, endLine: null, category: 'task' },
      false,
    ],
  ] as const)('%s', (_name, f, e, result) => {
    expect(matches(finding(f as Partial<Finding>), expected(e as Partial<ExpectedFinding>))).toBe(result);
  });
});

describe('scoreFindings', () => {
  it('counts matches, false positives, location and category, and leaves minor findings out of precision', () => {
    const result = scoreFindings(
      [
        finding({ id: 'C1', line: 11, category: 'security' }), // match, right category
        finding({ id: 'I1', severity: 'important', line: 40 }), // same file, out of range: false positive
        finding({ id: 'I2', severity: 'important', file: 'src/other.js', line: 1 }), // other file: false positive
        finding({ id: 'M1', severity: 'minor', file: 'src/other.js', line: 2 }), // not counted
      ],
      [expected(), expected({ file: 'src/b.js', startLine: 1, endLine: 1 })],
    );
    expect(result).toMatchObject({ matchedExpected: [0], counted: 3, correct: 1, inExpectedFile: 2, locatedInRange: 1, categoryAgreed: 1 });
    expect(result.findings.map((f) => f.score)).toEqual(['match', 'false-positive', 'false-positive', 'not-counted']);
  });

  it('two findings on one defect are both correct; recall counts the defect once', () => {
    const result = scoreFindings([finding({ id: 'C1' }), finding({ id: 'C2', line: 12 })], [expected()]);
    expect(result).toMatchObject({ matchedExpected: [0], counted: 2, correct: 2 });
  });

  it('a minor finding can find a defect whose lowest severity is minor, without counting for precision', () => {
    const result = scoreFindings([finding({ severity: 'minor' })], [expected({ severity: 'minor' })]);
    expect(result).toMatchObject({ matchedExpected: [0], counted: 0, correct: 0 });
    expect(result.findings[0]?.score).toBe('match');
  });
});

describe('scoreFindings with verification', () => {
  it('a rejected finding neither finds a defect nor counts against precision; a rejected one on a defect is a verifier miss', () => {
    const rejected = { status: 'rejected' as const, reason: 'not reachable' };
    const result = scoreFindings(
      [
        { ...finding({ id: 'C1' }), verification: rejected }, // on the defect, but rejected
        { ...finding({ id: 'C2', file: 'src/other.js', line: 1 }), verification: rejected }, // a false alarm, rejected
        { ...finding({ id: 'C3', file: 'src/other.js', line: 3 }), verification: { status: 'unverified' as const, reason: 'timed out' } }, // still blocks: counted
      ],
      [expected()],
    );
    expect(result).toMatchObject({ matchedExpected: [], counted: 1, correct: 0, rejected: 2, rejectedMatching: 1 });
    expect(result.findings.map((f) => f.score)).toEqual(['rejected', 'rejected', 'false-positive']);
  });
});
