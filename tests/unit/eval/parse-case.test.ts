import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../../src/eval/parse-case.js';

describe('parseCaseFile', () => {
  it('reads a full case', () => {
    const { value, problems } = parseCaseFile(
      JSON.stringify({
        language: 'go',
        task: { title: 'Sum', description: 'd', acceptance: '- a' },
        expect: [
          { file: 'a.go', lines: [3, 4], severity: 'important', category: 'correctness', note: 'n' },
          { file: null, severity: 'important', category: 'task' },
        ],
        delete: ['old.go'],
      }),
    );
    expect(problems).toEqual([]);
    expect(value).toEqual({
      language: 'go',
      task: { title: 'Sum', description: 'd', acceptance: '- a' },
      expected: [
        { file: 'a.go', startLine: 3, endLine: 4, severity: 'important', category: 'correctness', note: 'n' },
        { file: null, startLine: null, endLine: null, severity: 'important', category: 'task', note: '' },
      ],
      deleted: ['old.go'],
    });
  });

  it('takes a task as text and a single line number', () => {
    const { value } = parseCaseFile(JSON.stringify({ task: 'Do it', expect: [{ file: 'a.js', lines: 7, severity: 'critical' }] }));
    expect(value?.task).toEqual({ title: 'Do it', description: '', acceptance: '' });
    expect(value?.expected[0]).toMatchObject({ startLine: 7, endLine: 7, category: null });
    expect(value?.language).toBe('unknown');
  });

  it.each([
    ['not JSON', '{', /^not valid JSON/],
    ['not an object', '[]', /must be a JSON object/],
    ['no task', JSON.stringify({ expect: [] }), /^task must be text/],
    ['no expect', JSON.stringify({ task: 't' }), /^expect must be a list of expected findings \(\[\] for a clean change/],
    [
      'an unknown key',
      JSON.stringify({ task: 't', expect: [], expected: [] }),
      /^expected is not a known key \(allowed: language, task, expect, delete\)/,
    ],
    [
      'a bad severity',
      JSON.stringify({ task: 't', expect: [{ file: 'a', lines: 1, severity: 'high' }] }),
      /^expect\[0\]\.severity must be one of critical, important, minor/,
    ],
    [
      'a bad category',
      JSON.stringify({ task: 't', expect: [{ file: 'a', lines: 1, severity: 'minor', category: 'bug' }] }),
      /^expect\[0\]\.category must be one of task, security/,
    ],
    [
      'lines reversed',
      JSON.stringify({ task: 't', expect: [{ file: 'a', lines: [5, 2], severity: 'minor' }] }),
      /^expect\[0\]\.lines must be a line number or \[first, last\]/,
    ],
    ['no lines for a file', JSON.stringify({ task: 't', expect: [{ file: 'a', severity: 'minor' }] }), /^expect\[0\]\.lines must be/],
    [
      'no file and no category',
      JSON.stringify({ task: 't', expect: [{ file: null, severity: 'minor' }] }),
      /^expect\[0\]: a finding without a file needs a category/,
    ],
    ['a bad delete', JSON.stringify({ task: 't', expect: [], delete: 'a.js' }), /^delete must be a list of paths/],
  ])('%s', (_name, text, problem) => {
    const { value, problems } = parseCaseFile(text);
    expect(value).toBeNull();
    expect(problems[0]).toMatch(problem);
  });

  it('lists every problem at once', () => {
    const { problems } = parseCaseFile(JSON.stringify({ task: 5, expect: [{ file: 'a', lines: 0, severity: 'x' }] }));
    expect(problems).toHaveLength(3);
  });
});
