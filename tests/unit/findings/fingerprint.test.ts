import { describe, expect, it } from 'vitest';
import { locateFindings, type CitedFinding } from '../../../src/findings/locate-findings.js';
import type { FileChange } from '../../../src/domain/types.js';
import { fingerprintOf, normalizeQuotedCode, normalizeTitle, type FingerprintParts } from '../../../src/findings/fingerprint.js';

const BASE: FingerprintParts = {
  file: 'src/db/find.ts',
  category: 'security',
  title: 'SQL injection in findUser',
  code: '  return db.query("SELECT * FROM users WHERE id = " + id);',
};

describe('normalizeTitle', () => {
  it.each([
    ['SQL injection in findUser', 'sql injection in finduser'],
    ['  SQL   Injection in  findUser!  ', 'sql injection in finduser'],
    ['Line 12: SQL injection (findUser)', 'line sql injection finduser'],
    ['Off-by-one in loop', 'off by one in loop'],
    ['Réponse non vérifiée', 'réponse non vérifiée'],
    ['42', ''],
  ])('%j -> %j', (title, expected) => {
    expect(normalizeTitle(title)).toBe(expected);
  });
});

describe('normalizeQuotedCode', () => {
  it.each([
    ['  return   x;  ', 'return x;'],
    ['\tif (a)\t{\r\n\t\tb();\r\n\t}', 'if (a) {\nb();\n}'],
    ['```ts\nconst a = 1;\n```', 'const a = 1;'],
    ['`const a = 1;`', 'const a = 1;'],
    ['12 + const a = 1;', 'const a = 1;'],
    ['+  const a = 1;', 'const a = 1;'],
    ['a\n\n\nb', 'a\nb'],
    ['', ''],
    [null, ''],
    [undefined, ''],
  ])('%j -> %j', (code, expected) => {
    expect(normalizeQuotedCode(code)).toBe(expected);
  });
});

describe('fingerprintOf', () => {
  const fp = fingerprintOf(BASE);

  it('is 16 hex digits', () => {
    expect(fp).toMatch(/^[0-9a-f]{16}$/);
  });

  // The same problem raised again: same fingerprint.
  it.each<[string, Partial<FingerprintParts> & Record<string, unknown>]>([
    ['re-indented code', { code: '\t\treturn db.query("SELECT * FROM users WHERE id = "   +   id);' }],
    ['a different line number (fields it never reads)', { line: 80, endLine: 82 } as Record<string, unknown>],
    ['a title with other case, punctuation and numbers', { title: 'sql-injection in findUser()!' }],
    ['a title with a line number in it', { title: 'SQL injection in findUser 12' }],
    ['a path cited with ./', { file: './src/db/find.ts' }],
    ['a path with Windows separators', { file: 'src\\db\\find.ts' }],
    ['the quote copied with its diff prefix', { code: '10 + return db.query("SELECT * FROM users WHERE id = " + id);' }],
    ['the quote in a code fence', { code: '```\nreturn db.query("SELECT * FROM users WHERE id = " + id);\n```' }],
    ['other fields differ (severity, detail, id)', { severity: 'minor', detail: 'other words', id: 'C9' } as Record<string, unknown>],
  ])('stays the same for %s', (_name, change) => {
    expect(fingerprintOf({ ...BASE, ...change } as FingerprintParts)).toBe(fp);
  });

  // A different problem: a different fingerprint.
  it.each<[string, Partial<FingerprintParts>]>([
    ['another file', { file: 'src/db/other.ts' }],
    ['another category', { category: 'correctness' }],
    ['other code', { code: 'return db.query("SELECT * FROM users WHERE id = ?", [id]);' }],
    ['no code', { code: null }],
    ['another title', { title: 'Unvalidated id in findUser' }],
    ['no file', { file: null }],
  ])('changes for %s', (_name, change) => {
    expect(fingerprintOf({ ...BASE, ...change })).not.toBe(fp);
  });

  it('does not mix up parts (file and title cannot trade text)', () => {
    expect(fingerprintOf({ file: 'a b', category: 'task', title: 'c', code: null })).not.toBe(
      fingerprintOf({ file: 'a', category: 'task', title: 'b c', code: null }),
    );
  });

  it('treats a missing code like null (findings read back from a saved report)', () => {
    const { code: _dropped, ...noCode } = BASE;
    expect(fingerprintOf(noCode)).toBe(fingerprintOf({ ...BASE, code: null }));
  });
});

// Pinned: each value is what this finding's fingerprint was before "Allowed by config: " left the
// title, computed then. Acknowledgements, blocked reviews and code-scanning alerts hold these, so an
// allowed finding (plain title, allowedByConfig set) must fingerprint as its prefixed title did.
describe('fingerprints already written keep matching', () => {
  it.each<[string, FingerprintParts, string]>([
    [
      'an allowed secret',
      { file: 'config/test.env', category: 'security', title: 'GitHub token', code: null, allowedByConfig: 'fake tokens for tests' },
      '78ac9d228750e425',
    ],
    [
      'the same secret, not allowed',
      { file: 'config/test.env', category: 'security', title: 'GitHub token', code: null },
      '3b005f510c0ed396',
    ],
    [
      'an allowed private key read back without code',
      { file: 'keys/dev.pem', category: 'security', title: 'PuTTY private key', allowedByConfig: 'a throwaway key for the docs' },
      '99ebdaadd7838496',
    ],
    ['the same private key, not allowed', { file: 'keys/dev.pem', category: 'security', title: 'PuTTY private key' }, 'b750e7dcd555636a'],
    [
      'allowed conflict markers',
      {
        file: 'docs/merging.md',
        category: 'correctness',
        title: 'Merge-conflict markers left in the file',
        allowedByConfig: 'the guide shows them',
      },
      '96a397cfd9220652',
    ],
    [
      'the same conflict markers, not allowed',
      { file: 'docs/merging.md', category: 'correctness', title: 'Merge-conflict markers left in the file' },
      '8a2a3575c764705c',
    ],
    [
      'a model finding with its code',
      {
        file: 'src/db/find.ts',
        category: 'security',
        title: 'SQL injection in findUser',
        code: '  return db.query("SELECT * FROM users WHERE id = " + id);',
      },
      '6ec7668331347d35',
    ],
    [
      'a task finding about no file',
      { file: null, category: 'task', title: 'Missing requirement: export CSV', code: null },
      'd1345069feae79e1',
    ],
  ])('%s', (_name, parts, pinned) => {
    expect(fingerprintOf(parts)).toBe(pinned);
  });

  it('an allowed finding and the same finding not allowed differ, as they did when the title told them apart', () => {
    const plain: FingerprintParts = { file: 'config/test.env', category: 'security', title: 'GitHub token', code: null };
    expect(fingerprintOf({ ...plain, allowedByConfig: 'fixtures' })).not.toBe(fingerprintOf(plain));
    // Only whether it was allowed counts, not the reason: editing the reason keeps acknowledgements.
    expect(fingerprintOf({ ...plain, allowedByConfig: 'fixtures' })).toBe(fingerprintOf({ ...plain, allowedByConfig: 'other words' }));
  });
});

describe('a located finding keeps its fingerprint when code moves', () => {
  const QUERY = '  return db.query("SELECT * FROM t WHERE id = " + id);';
  const fileWith = (linesAbove: number): string =>
    `${[...Array.from({ length: linesAbove }, (_, i) => `// note ${i}`), 'export function find(id) {', QUERY, '}'].join('\n')}\n`;
  const changeOf = (path: string, text: string): FileChange => {
    const lines = text.trimEnd().split('\n');
    return {
      path,
      oldPath: null,
      status: 'added',
      binary: false,
      additions: lines.length,
      deletions: 0,
      hunks: [
        {
          header: '',
          oldStart: 0,
          oldLines: 0,
          newStart: 1,
          newLines: lines.length,
          lines: lines.map((t, i) => ({ kind: 'add' as const, text: t, oldLine: null, newLine: i + 1 })),
        },
      ],
    };
  };
  const locateOne = async (linesAbove: number, cite: Partial<CitedFinding>): Promise<string> => {
    const text = fileWith(linesAbove);
    const [finding] = await locateFindings(
      [
        {
          severity: 'critical',
          category: 'security',
          file: 'src/find.js',
          line: linesAbove + 2,
          endLine: null,
          title: 'SQL injection',
          detail: '',
          ...cite,
        },
      ],
      [changeOf('src/find.js', text)],
      async () => text,
    );
    return fingerprintOf(finding!);
  };

  it('with lines added above, cited at its new line', async () => {
    expect(await locateOne(30, {})).toBe(await locateOne(0, {}));
  });

  it('with the model miscounting but quoting the line', async () => {
    expect(await locateOne(30, { line: 5, quote: 'db.query("SELECT * FROM t' })).toBe(await locateOne(0, {}));
  });

  it('but not when the finding is about another line', async () => {
    expect(await locateOne(0, { line: 1 })).not.toBe(await locateOne(0, {}));
  });
});
