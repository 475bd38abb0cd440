import { describe, expect, it } from 'vitest';
import { locateFindings, normalizeCode, resolveCitedFile, type CitedFinding } from '../../../src/findings/locate-findings.js';
import type { FileChange } from '../../../src/domain/types.js';

// src/find.js at the pushed head (20 lines); the diff shows lines 8..14.
const HEAD_TEXT = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
HEAD_TEXT[2] = 'const db = connect(process.env.DB_URL);';
HEAD_TEXT[9] = '  return db.query("SELECT * FROM t WHERE id = " + id);';
HEAD_TEXT[11] = '  log(id);';
HEAD_TEXT[17] = '  log(id);';

const change: FileChange = {
  path: 'src/find.js',
  oldPath: null,
  status: 'modified',
  binary: false,
  additions: 2,
  deletions: 1,
  hunks: [
    {
      header: '@@ -8,6 +8,7 @@',
      oldStart: 8,
      oldLines: 6,
      newStart: 8,
      newLines: 7,
      lines: [
        { kind: 'context', text: HEAD_TEXT[7]!, oldLine: 8, newLine: 8 },
        { kind: 'context', text: HEAD_TEXT[8]!, oldLine: 9, newLine: 9 },
        { kind: 'del', text: '  return db.query("SELECT * FROM t WHERE id = ?", [id]);', oldLine: 10, newLine: null },
        { kind: 'add', text: HEAD_TEXT[9]!, oldLine: null, newLine: 10 },
        { kind: 'add', text: HEAD_TEXT[10]!, oldLine: null, newLine: 11 },
        { kind: 'context', text: HEAD_TEXT[11]!, oldLine: 11, newLine: 12 },
        { kind: 'context', text: HEAD_TEXT[12]!, oldLine: 12, newLine: 13 },
        { kind: 'context', text: HEAD_TEXT[13]!, oldLine: 13, newLine: 14 },
      ],
    },
  ],
};

const read = async (path: string): Promise<string | null> => (path === 'src/find.js' ? `${HEAD_TEXT.join('\n')}\n` : null);

function cited(overrides: Partial<CitedFinding>): CitedFinding {
  return {
    severity: 'critical',
    category: 'security',
    file: 'src/find.js',
    line: 10,
    endLine: null,
    title: 'SQL built from input',
    detail: 'Use a parameterised query.',
    quote: null,
    ...overrides,
  };
}

async function locate(overrides: Partial<CitedFinding>) {
  const [finding] = await locateFindings([cited(overrides)], [change], read);
  return finding!;
}

const QUERY = 'return db.query("SELECT * FROM t WHERE id = " + id);';

describe('locateFindings', () => {
  it.each([
    ['a line in the diff', { line: 10 }, { line: 10, located: true }],
    ['a line outside the diff but in the file', { line: 3 }, { line: 3, located: true }],
    ['a line past the end of the file', { line: 99 }, { line: 99, located: false }],
    ['no line (about the whole file)', { line: null }, { line: null, located: true }],
    ['no file (about the change as a whole)', { file: null, line: null }, { file: null, located: true }],
    ['a file that was not reviewed', { file: 'src/other.js', line: 1 }, { file: 'src/other.js', located: false }],
    ['a/ prefix and :line suffix', { file: 'a/src/find.js:10' }, { file: 'src/find.js', located: true }],
    ['a bare file name that only one reviewed file ends with', { file: 'find.js' }, { file: 'src/find.js', located: true }],
  ])('%s', async (_name, given, expected) => {
    expect(await locate(given as Partial<CitedFinding>)).toMatchObject(expected);
  });

  it.each([
    ['a wrong line in the diff moves to the quoted one', { line: 13, quote: QUERY }, { line: 10, located: true }],
    ['a line past the end moves to the quoted one', { line: 140, quote: QUERY }, { line: 10, located: true }],
    ['a quote copied with its diff prefix still matches', { line: 13, quote: `10 + ${QUERY}` }, { line: 10, located: true }],
    ['a quote found only outside the diff moves there', { line: 10, quote: 'connect(process.env.DB_URL)' }, { line: 3, located: true }],
    ['a match in the diff, which the model saw, wins over one elsewhere', { line: 17, quote: 'log(id);' }, { line: 12, located: true }],
    ['the nearest of several matches wins', { line: 20, quote: 'line 1' }, { line: 14, located: true }],
    ['a range moves with its start', { line: 12, endLine: 13, quote: QUERY }, { line: 10, endLine: 11 }],
    ['a quote without a line gives the line', { line: null, quote: QUERY }, { line: 10, located: true }],
    ['a multi-line quote anchors on its first real line', { line: 4, quote: `}\n${QUERY}` }, { line: 9, located: true }],
    ['the cited line holding the quote stays', { line: 10, quote: 'db.query(' }, { line: 10, located: true }],
    ['a paraphrased quote leaves a real line as it is', { line: 11, quote: 'the query concatenates id' }, { line: 11, located: true }],
    [
      'a paraphrased quote does not locate a line that does not exist',
      { line: 99, quote: 'nothing like it' },
      { line: 99, located: false },
    ],
    ['a quote too short to be told apart is not used', { line: 13, quote: '}' }, { line: 13, located: true }],
  ])('%s', async (_name, given, expected) => {
    expect(await locate(given as Partial<CitedFinding>)).toMatchObject(expected);
  });

  it('keeps the quote out of the reported finding', async () => {
    const finding = await locate({ line: 13, quote: QUERY });
    expect(finding).not.toHaveProperty('quote');
    expect(Object.keys(finding).sort()).toEqual([
      'category',
      'code',
      'detail',
      'endLine',
      'file',
      'id',
      'line',
      'located',
      'severity',
      'source',
      'title',
    ]);
  });

  // The code named for the fingerprint is the located line's text, whatever the model quoted.
  it.each([
    ['a line in the diff', { line: 10 }, HEAD_TEXT[9]],
    ['a line outside the diff', { line: 3 }, HEAD_TEXT[2]],
    ['a moved finding: the line it moved to, not the quote', { line: 13, quote: 'db.query("SELECT' }, HEAD_TEXT[9]],
    ['a paraphrased quote on a real line: the line', { line: 11, quote: 'the query concatenates id' }, HEAD_TEXT[10]],
    ['a line past the end: the quote', { line: 99, quote: 'nothing like it' }, 'nothing like it'],
    ['a file that was not reviewed: the quote', { file: 'src/other.js', line: 1, quote: 'x = 1' }, 'x = 1'],
    ['no file and no quote: nothing', { file: null, line: null }, null],
    ['no line and an unmatched quote: the quote', { line: null, quote: 'zzzz zzzz' }, 'zzzz zzzz'],
  ])('names the code: %s', async (_name, given, code) => {
    expect((await locate(given as Partial<CitedFinding>)).code).toBe(code);
  });

  it('reads each file at most once', async () => {
    let reads = 0;
    const counting = async (path: string) => {
      reads++;
      return read(path);
    };
    await locateFindings([cited({ line: 3 }), cited({ line: 4 }), cited({ line: 99, quote: 'zzzz' })], [change], counting);
    expect(reads).toBe(1);
  });
});

describe('citation helpers', () => {
  it.each([
    ['  10 + return a;', 'return a;'],
    ['+   return   a;', 'return a;'],
    ['\treturn a;  ', 'return a;'],
  ])('normalizeCode(%j) -> %j', (text, expected) => {
    expect(normalizeCode(text)).toBe(expected);
  });

  it('does not guess between several files with the same name', () => {
    const other = { ...change, path: 'lib/find.js' };
    const reviewed = new Map([change, other].map((f) => [f.path, f]));
    expect(resolveCitedFile('find.js', reviewed)).toBe('find.js');
    expect(resolveCitedFile('./lib/find.js', reviewed)).toBe('lib/find.js');
  });
});
