import { describe, expect, it } from 'vitest';
import { parseDiff, unquoteGitPath } from '../../../src/git/parse-diff.js';
import type { FileChange } from '../../../src/domain/types.js';

/** Builds patch text from lines, the way git prints it (LF, trailing newline). */
const patch = (...lines: string[]) => `${lines.join('\n')}\n`;

type Expect = Partial<Omit<FileChange, 'hunks'>> & { lines?: Array<[string, string, number | null, number | null]> };

/** Flattens a file's hunks to [kind, text, oldLine, newLine] tuples for compact expectations. */
function flat(file: FileChange): Array<[string, string, number | null, number | null]> {
  return file.hunks.flatMap((h) =>
    h.lines.map((l) => [l.kind, l.text, l.oldLine, l.newLine] as [string, string, number | null, number | null]),
  );
}

const cases: Array<{ name: string; text: string; files: Expect[] }> = [
  {
    name: 'modification with line numbers',
    text: patch(
      'diff --git a/src/a.ts b/src/a.ts',
      'index 1111111..2222222 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -10,4 +10,5 @@ function f() {',
      ' keep',
      '-old',
      '+new1',
      '+new2',
      ' tail',
      ' end',
    ),
    files: [
      {
        path: 'src/a.ts',
        oldPath: null,
        status: 'modified',
        binary: false,
        additions: 2,
        deletions: 1,
        lines: [
          ['context', 'keep', 10, 10],
          ['del', 'old', 11, null],
          ['add', 'new1', null, 11],
          ['add', 'new2', null, 12],
          ['context', 'tail', 12, 13],
          ['context', 'end', 13, 14],
        ],
      },
    ],
  },
  {
    name: 'new file, single-line hunk header without counts',
    text: patch(
      'diff --git a/n.txt b/n.txt',
      'new file mode 100644',
      'index 0000000..3e75765',
      '--- /dev/null',
      '+++ b/n.txt',
      '@@ -0,0 +1 @@',
      '+hello',
    ),
    files: [{ path: 'n.txt', oldPath: null, status: 'added', additions: 1, deletions: 0, lines: [['add', 'hello', null, 1]] }],
  },
  {
    name: 'deleted file with content',
    text: patch(
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      'index abaddc0..0000000',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1,2 +0,0 @@',
      '-a',
      '-b',
    ),
    files: [
      {
        path: 'gone.txt',
        oldPath: null,
        status: 'deleted',
        additions: 0,
        deletions: 2,
        lines: [
          ['del', 'a', 1, null],
          ['del', 'b', 2, null],
        ],
      },
    ],
  },
  {
    name: 'deleted file without content (--irreversible-delete), name with spaces',
    text: patch('diff --git a/old notes.txt b/old notes.txt', 'deleted file mode 100644', 'index abaddc0..0000000'),
    files: [{ path: 'old notes.txt', status: 'deleted', additions: 0, deletions: 0, lines: [] }],
  },
  {
    name: 'mode change only',
    text: patch('diff --git a/run.sh b/run.sh', 'old mode 100644', 'new mode 100755'),
    files: [{ path: 'run.sh', oldPath: null, status: 'modified', lines: [] }],
  },
  {
    name: 'pure rename',
    text: patch('diff --git a/a b.txt b/c d.txt', 'similarity index 100%', 'rename from a b.txt', 'rename to c d.txt'),
    files: [{ path: 'c d.txt', oldPath: 'a b.txt', status: 'renamed', lines: [] }],
  },
  {
    name: 'rename with edits',
    text: patch(
      'diff --git a/ren.txt b/renamed.txt',
      'similarity index 85%',
      'rename from ren.txt',
      'rename to renamed.txt',
      'index b2f931a..b566061 100644',
      '--- a/ren.txt',
      '+++ b/renamed.txt',
      '@@ -3,3 +3,4 @@ two',
      ' three',
      ' four',
      ' five',
      '+six',
    ),
    files: [
      {
        path: 'renamed.txt',
        oldPath: 'ren.txt',
        status: 'renamed',
        additions: 1,
        lines: [
          ['context', 'three', 3, 3],
          ['context', 'four', 4, 4],
          ['context', 'five', 5, 5],
          ['add', 'six', null, 6],
        ],
      },
    ],
  },
  {
    name: 'copy',
    text: patch('diff --git a/x.ts b/y.ts', 'similarity index 100%', 'copy from x.ts', 'copy to y.ts'),
    files: [{ path: 'y.ts', oldPath: 'x.ts', status: 'copied', lines: [] }],
  },
  {
    name: 'binary files (added and modified)',
    text: patch(
      'diff --git a/img one.png b/img one.png',
      'new file mode 100644',
      'index 0000000..87ae6b6',
      'Binary files /dev/null and b/img one.png differ',
      'diff --git a/b.bin b/b.bin',
      'index 1111111..2222222 100644',
      'GIT binary patch',
      'literal 7',
      'OcmXpsFDXhbsRRH3xdE&I',
      '',
      'literal 5',
      'McmXpsFDXhb00Q>|O8@`>',
      '',
    ),
    files: [
      { path: 'img one.png', status: 'added', binary: true, lines: [] },
      { path: 'b.bin', status: 'modified', binary: true, lines: [] },
    ],
  },
  {
    name: 'names with spaces carry a trailing tab on ---/+++ lines',
    text: patch(
      'diff --git a/sp ace.txt b/sp ace.txt',
      'new file mode 100644',
      'index 0000000..3e75765',
      '--- /dev/null',
      '+++ b/sp ace.txt\t',
      '@@ -0,0 +1 @@',
      '+new',
    ),
    files: [{ path: 'sp ace.txt', status: 'added', lines: [['add', 'new', null, 1]] }],
  },
  {
    name: 'non-ASCII name unquoted (core.quotePath=false)',
    text: patch(
      'diff --git a/tést ü.txt b/tést ü.txt',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/tést ü.txt\t',
      '@@ -0,0 +1 @@',
      '+u',
    ),
    files: [{ path: 'tést ü.txt', status: 'added' }],
  },
  {
    name: 'C-quoted names: octal UTF-8, quote, backslash, tab, newline',
    text: patch(
      'diff --git "a/t\\303\\251st \\"q\\".txt" "b/t\\303\\251st \\"q\\".txt"',
      'new file mode 100644',
      '--- /dev/null',
      '+++ "b/t\\303\\251st \\"q\\".txt"',
      '@@ -0,0 +1 @@',
      '+q',
      'diff --git "a/back\\\\slash\\ttab\\nnl" "b/back\\\\slash\\ttab\\nnl"',
      'deleted file mode 100644',
      'index abaddc0..0000000',
    ),
    files: [
      { path: 'tést "q".txt', status: 'added', lines: [['add', 'q', null, 1]] },
      { path: 'back\\slash\ttab\nnl', status: 'deleted', lines: [] },
    ],
  },
  {
    name: 'quoted rename from/to',
    text: patch('diff --git "a/q\\"1" "b/q\\"2"', 'similarity index 100%', 'rename from "q\\"1"', 'rename to "q\\"2"'),
    files: [{ path: 'q"2', oldPath: 'q"1', status: 'renamed' }],
  },
  {
    name: 'no newline at end of file markers are dropped',
    text: patch(
      'diff --git a/f b/f',
      'index 1..2 100644',
      '--- a/f',
      '+++ b/f',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '\\ No newline at end of file',
      '+c',
      '\\ No newline at end of file',
    ),
    files: [
      {
        path: 'f',
        additions: 1,
        deletions: 1,
        lines: [
          ['context', 'a', 1, 1],
          ['del', 'b', 2, null],
          ['add', 'c', null, 2],
        ],
      },
    ],
  },
  {
    name: 'CRLF content loses its CR',
    text: patch(
      'diff --git a/w.txt b/w.txt',
      'index 1..2 100644',
      '--- a/w.txt',
      '+++ b/w.txt',
      '@@ -1,2 +1,2 @@',
      ' one\r',
      '-two\r',
      '+2\r',
    ),
    files: [
      {
        path: 'w.txt',
        lines: [
          ['context', 'one', 1, 1],
          ['del', 'two', 2, null],
          ['add', '2', null, 2],
        ],
      },
    ],
  },
  {
    name: 'a whole patch with CRLF line endings',
    text: 'diff --git a/w.txt b/w.txt\r\nindex 1..2 100644\r\n--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1 +1 @@\r\n-x\r\n+y\r\n',
    files: [
      {
        path: 'w.txt',
        status: 'modified',
        lines: [
          ['del', 'x', 1, null],
          ['add', 'y', null, 1],
        ],
      },
    ],
  },
  {
    name: 'a line without a diff prefix ends the hunk',
    text: patch('diff --git a/e b/e', 'index 1..2 100644', '--- a/e', '+++ b/e', '@@ -1,4 +1,4 @@', 'a', '', ' ', '-b', '+c'),
    files: [
      {
        path: 'e',
        // "a" has no prefix, so it is not a diff line and nothing after it is read as one.
        lines: [],
      },
    ],
  },
  {
    name: 'suppressed-blank context line inside a hunk',
    text: patch('diff --git a/e b/e', 'index 1..2 100644', '--- a/e', '+++ b/e', '@@ -1,4 +1,4 @@', ' a', '', ' ', '-b', '+c'),
    files: [
      {
        path: 'e',
        lines: [
          ['context', 'a', 1, 1],
          ['context', '', 2, 2],
          ['context', '', 3, 3],
          ['del', 'b', 4, null],
          ['add', 'c', null, 4],
        ],
      },
    ],
  },
  {
    name: 'content that looks like headers is content',
    text: patch(
      'diff --git a/d.md b/d.md',
      'index 1..2 100644',
      '--- a/d.md',
      '+++ b/d.md',
      '@@ -1,2 +1,3 @@',
      '--- a/not-a-header',
      '+++ b/not-a-header',
      '+diff --git a/x b/x',
      ' @@ -1 +1 @@',
    ),
    files: [
      {
        path: 'd.md',
        additions: 2,
        deletions: 1,
        lines: [
          ['del', '-- a/not-a-header', 1, null],
          ['add', '++ b/not-a-header', null, 1],
          ['add', 'diff --git a/x b/x', null, 2],
          ['context', '@@ -1 +1 @@', 2, 3],
        ],
      },
    ],
  },
  {
    name: 'several hunks and files',
    text: patch(
      'diff --git a/a b/a',
      'index 1..2 100644',
      '--- a/a',
      '+++ b/a',
      '@@ -1 +1 @@',
      '-x',
      '+y',
      '@@ -20,0 +21,2 @@ tail',
      '+p',
      '+q',
      'diff --git a/b b/b',
      'index 1..2 100644',
      '--- a/b',
      '+++ b/b',
      '@@ -5,2 +5 @@',
      '-gone',
      ' kept',
    ),
    files: [
      {
        path: 'a',
        additions: 3,
        deletions: 1,
        lines: [
          ['del', 'x', 1, null],
          ['add', 'y', null, 1],
          ['add', 'p', null, 21],
          ['add', 'q', null, 22],
        ],
      },
      {
        path: 'b',
        additions: 0,
        deletions: 1,
        lines: [
          ['del', 'gone', 5, null],
          ['context', 'kept', 6, 5],
        ],
      },
    ],
  },
  {
    name: 'type change (file to symlink) becomes one entry',
    text: patch(
      'diff --git a/link b/link',
      'deleted file mode 100644',
      'index 587be6b..0000000',
      'diff --git a/link b/link',
      'new file mode 120000',
      'index 0000000..7f66e4f',
      '--- /dev/null',
      '+++ b/link',
      '@@ -0,0 +1 @@',
      '+f.txt',
      '\\ No newline at end of file',
    ),
    files: [{ path: 'link', status: 'type-changed', additions: 1, lines: [['add', 'f.txt', null, 1]] }],
  },
  {
    name: 'submodule (short format)',
    text: patch(
      'diff --git a/sub b/sub',
      'index 1111111..2222222 160000',
      '--- a/sub',
      '+++ b/sub',
      '@@ -1 +1 @@',
      '-Subproject commit 1111111',
      '+Subproject commit 2222222',
    ),
    files: [{ path: 'sub', status: 'modified', additions: 1, deletions: 1 }],
  },
  {
    name: 'combined merge diffs are skipped',
    text: patch(
      'diff --cc m.txt',
      'index 1,2..3',
      '--- a/m.txt',
      '+++ b/m.txt',
      '@@@ -1,1 -1,1 +1,1 @@@',
      '- a',
      ' +b',
      'diff --git a/k b/k',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/k',
      '@@ -0,0 +1 @@',
      '+k',
    ),
    files: [{ path: 'k', status: 'added' }],
  },
  { name: 'empty input', text: '', files: [] },
];

describe('parseDiff', () => {
  for (const c of cases) {
    it(c.name, () => {
      const files = parseDiff(c.text);
      expect(files.map((f) => f.path)).toEqual(c.files.map((f) => f.path));
      c.files.forEach((want, i) => {
        const got = files[i]!;
        const { lines, ...fields } = want;
        expect(got).toMatchObject(fields);
        if (lines) expect(flat(got)).toEqual(lines);
      });
    });
  }

  it('keeps hunk headers and counts', () => {
    const [file] = parseDiff(patch('diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -3,2 +3,3 @@ ctx()', ' x', '+y', ' z'));
    expect(file!.hunks).toHaveLength(1);
    expect(file!.hunks[0]).toMatchObject({ header: '@@ -3,2 +3,3 @@ ctx()', oldStart: 3, oldLines: 2, newStart: 3, newLines: 3 });
  });
});

describe('unquoteGitPath', () => {
  it.each([
    ['plain.txt', 'plain.txt'],
    ['"a\\"b"', 'a"b'],
    ['"t\\303\\251st"', 'tést'],
    ['"tab\\there"', 'tab\there'],
    ['"nl\\nx"', 'nl\nx'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"\\342\\202\\254"', '€'],
    ['"unterminated', '"unterminated'],
  ])('%s -> %s', (raw, expected) => {
    expect(unquoteGitPath(raw)).toBe(expected);
  });
});
