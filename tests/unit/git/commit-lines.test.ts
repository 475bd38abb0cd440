import { describe, expect, test } from 'vitest';
import { parseCombinedDiff, parseCommitLog, pushedCommits, streamCommitLines } from '../../../src/git/commit-lines.js';
import { createGit } from '../../../src/git/exec-git.js';
import type { AddedLine, PushRange } from '../../../src/domain/types.js';
import { createRepo, type TestRepo } from '../../helpers/git-repo.js';

function range(repo: TestRepo, base: string, head = 'HEAD'): PushRange {
  const commits = repo.git('rev-list', '--reverse', `${base}..${head}`).trim().split('\n').filter(Boolean);
  return { ref: 'refs/heads/main', base: repo.head(base), head: repo.head(head), commits, notes: [] };
}

/** The added lines of every commit in the ranges, oldest commit first, each commit once (file lines only). */
async function lines(repo: TestRepo, ranges: PushRange[]): Promise<AddedLine[]> {
  const out: AddedLine[] = [];
  await streamCommitLines(createGit(repo.dir, repo.env), pushedCommits(ranges), (line) => void out.push(line), { messages: false });
  return out;
}

describe('streamCommitLines', () => {
  test("every commit's added lines, with the commit, file and new line number, oldest first", async () => {
    const repo = createRepo();
    const base = repo.commit('base', { 'a.txt': 'one\ntwo\n' });
    const first = repo.commit('add a secret', { 'a.txt': 'one\nSECRET=abc\ntwo\n' });
    const second = repo.commit('remove it again', { 'a.txt': 'one\ntwo\nthree\n' });

    const out = await lines(repo, [range(repo, base)]);

    expect(out).toEqual([
      { commit: first, file: 'a.txt', line: 2, text: 'SECRET=abc' },
      { commit: second, file: 'a.txt', line: 3, text: 'three' },
    ]);
  });

  test('a root commit is diffed against the empty tree, whatever log.showRoot says', async () => {
    const repo = createRepo();
    repo.git('config', 'log.showRoot', 'false');
    const root = repo.commit('root', { 'r.txt': 'x\ny\n' });
    const out = await lines(repo, [
      { ref: 'refs/heads/main', base: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', head: root, commits: [root], notes: [] },
    ]);
    expect(out).toEqual([
      { commit: root, file: 'r.txt', line: 1, text: 'x' },
      { commit: root, file: 'r.txt', line: 2, text: 'y' },
    ]);
  });

  test('never-send and excluded files are included, binary files are not, renames add nothing', async () => {
    const repo = createRepo();
    const base = repo.commit('base', { 'moved.js': 'export const a = 1;\n' });
    repo.git('mv', 'moved.js', 'renamed.js');
    const head = repo.commit('files', {
      '.env': 'TOKEN=abc\n',
      'keys/id_rsa': 'key material\n',
      'package-lock.json': '{"resolved": "x"}\n',
      'image.bin': Buffer.from([0, 1, 2, 0, 255, 10]),
    });

    const out = await lines(repo, [range(repo, base)]);

    expect(out.map((l) => l.file).sort()).toEqual(['.env', 'keys/id_rsa', 'package-lock.json']);
    expect(out.every((l) => l.commit === head)).toBe(true);
  });

  test('user config cannot change the output the parser relies on', async () => {
    const repo = createRepo();
    for (const [key, value] of [
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['color.ui', 'always'],
      ['diff.external', 'false'],
      ['core.quotePath', 'true'],
      ['log.showSignature', 'true'],
      ['format.pretty', 'oneline'],
    ])
      repo.git('config', key!, value!);
    const base = repo.commit('base');
    const head = repo.commit('unicode', { 'dir/naïve file.txt': 'héllo\n' });
    expect(await lines(repo, [range(repo, base)])).toEqual([{ commit: head, file: 'dir/naïve file.txt', line: 1, text: 'héllo' }]);
  });

  test('a merge adds only what is in none of its parents: committed conflict markers and resolutions', async () => {
    const repo = createRepo();
    const base = repo.commit('base', { 'f.txt': 'a\nb\nc\n', 'g.txt': '1\n2\n3\n' });
    repo.git('switch', '-q', '-c', 'side');
    const side = repo.commit('side', { 'f.txt': 'a\nSIDE\nc\n', 's.txt': 'side only\n' });
    repo.git('switch', '-q', 'main');
    const main = repo.commit('main', { 'f.txt': 'a\nMAIN\nc\n' });
    repo.tryGit(['merge', '-q', '-m', 'merge side', 'side']);
    // Committed with the markers in, plus an edit made while merging.
    repo.write({ 'g.txt': '1\n2\nevil\n3\n' });
    const merge = repo.commit('merge side');

    const out = await lines(repo, [range(repo, base)]);
    const byCommit = (oid: string) => out.filter((l) => l.commit === oid).map((l) => `${l.file}:${l.line}:${l.text}`);

    expect(byCommit(side)).toEqual(['f.txt:2:SIDE', 's.txt:1:side only']);
    expect(byCommit(main)).toEqual(['f.txt:2:MAIN']);
    // Not SIDE or MAIN again (each came from a parent), nor s.txt.
    expect(byCommit(merge)).toEqual(['f.txt:2:<<<<<<< HEAD', 'f.txt:4:=======', 'f.txt:6:>>>>>>> side', 'g.txt:3:evil']);
  });

  test('commits shared by two ranges are read once', async () => {
    const repo = createRepo();
    const base = repo.commit('base');
    const one = repo.commit('one', { 'x.txt': 'x\n' });
    const r = range(repo, base);
    const out = await lines(repo, [r, { ...r, ref: 'refs/heads/other' }]);
    expect(out).toEqual([{ commit: one, file: 'x.txt', line: 1, text: 'x' }]);
  });
});

describe('parseCommitLog', () => {
  test('ignores text before the first commit and sections without an oid', () => {
    const oid = 'a'.repeat(40);
    const text = `junk\n\x01${oid}\n\ndiff --git a/x b/x\nnew file mode 100644\n--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n+hi\n\x01not-an-oid\n`;
    expect(parseCommitLog(text)).toEqual([{ commit: oid, file: 'x', line: 1, text: 'hi' }]);
  });
});

describe('parseCombinedDiff', () => {
  test.each([
    {
      name: 'two parents',
      patch: [
        'diff --cc f',
        'index 1,2..3',
        '--- a/f',
        '+++ b/f',
        '@@@ -2,1 -2,1 +2,5 @@@',
        '++<<<<<<< HEAD',
        ' +MAIN',
        '++=======',
        '+ SIDE',
        '++>>>>>>> side',
      ].join('\n'),
      want: [
        { file: 'f', line: 2, text: '<<<<<<< HEAD' },
        { file: 'f', line: 4, text: '=======' },
        { file: 'f', line: 6, text: '>>>>>>> side' },
      ],
    },
    {
      name: 'removed lines do not move the new-side numbers',
      patch: ['diff --cc f', '--- a/f', '+++ b/f', '@@@ -1,2 -1,2 +1,2 @@@', '- old1', ' -old2', '++new', '  kept'].join('\n'),
      want: [{ file: 'f', line: 1, text: 'new' }],
    },
    {
      name: 'three parents',
      patch: ['diff --cc o', '--- a/o', '+++ b/o', '@@@@ -1,0 -1,0 -1,0 +1,2 @@@@', '+++octo', ' ++from first'].join('\n'),
      want: [{ file: 'o', line: 1, text: 'octo' }],
    },
    {
      name: 'quoted names and two-way entries',
      patch: [
        'diff --git a/x b/x',
        '@@ -1 +1 @@',
        '+ignored here',
        'diff --cc "t\\303\\251st"',
        '--- a/"t\\303\\251st"',
        '+++ "b/t\\303\\251st"',
        '@@@ -1,0 -1,0 +1,1 @@@',
        '++é',
      ].join('\n'),
      want: [{ file: 'tést', line: 1, text: 'é' }],
    },
    {
      name: 'binary',
      patch: ['diff --cc b.bin', 'Binary files differ'].join('\n'),
      want: [],
    },
  ])('$name', ({ patch, want }) => {
    expect(parseCombinedDiff(patch)).toEqual(want);
  });
});
