import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectChangeset, diffStat } from '../../../src/git/changeset.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_NEVER_SEND } from '../../../src/git/default-globs.js';
import { createGit, type Git } from '../../../src/git/exec-git.js';
import { openRepo, type RepoInfo } from '../../../src/git/repo.js';
import type { Changeset, FileChange, PushRange } from '../../../src/domain/types.js';
import { createRepoWithOrigin, type TestRepo } from '../../helpers/git-repo.js';

const defaults = { include: [...DEFAULT_INCLUDE], exclude: [...DEFAULT_EXCLUDE], neverSend: [...DEFAULT_NEVER_SEND] };
const SECRET = 'hunter2-do-not-send';

const appBefore = ['line1', 'line2', '', 'line4', 'line5', '', 'line7', 'line8', 'line9', 'line10'];
const appAfter = ['line1', 'line2', '', 'line4', 'line five', '', 'line7', 'line8', 'line9', 'line10'];
const text = (lines: string[]) => `${lines.join('\n')}\n`;

/** Repository config that changes porcelain `git diff` output if the changeset does not pin it. */
const HOSTILE_CONFIG: Array<[string, string]> = [
  ['diff.noprefix', 'true'],
  ['diff.mnemonicPrefix', 'true'],
  ['color.ui', 'always'],
  ['color.diff', 'always'],
  ['diff.external', 'false-command'],
  ['diff.suppressBlankEmpty', 'true'],
  ['core.quotePath', 'true'],
  ['diff.renames', 'false'],
  ['diff.context', '0'],
  ['diff.relative', 'true'],
  ['diff.ignoreSubmodules', 'all'],
  ['diff.shout.textconv', 'rev'],
  ['log.showSignature', 'true'],
];

describe('collectChangeset', () => {
  let repo: TestRepo;
  let git: Git;
  let info: RepoInfo;
  let base: string;
  let head: string;
  let range: PushRange;
  let clean: Changeset;

  beforeAll(async () => {
    ({ repo } = createRepoWithOrigin());
    base = repo.commit('base', {
      'src/app.ts': text(appBefore),
      'old.txt': 'to be deleted\n',
      'mv-src.txt': text(['a', 'b', 'c', 'd', 'e', 'f']),
      'package-lock.json': '{"lockfileVersion": 3}\n',
      link: 'plain file\n',
    });
    repo.git('rm', '-q', 'old.txt', 'mv-src.txt', 'link');
    symlinkSync('src/app.ts', join(repo.dir, 'link'));
    mkdirSync(join(repo.dir, 'moved'));
    head = repo.commit('Change many kinds of files\n\nBody of the change.', {
      'src/app.ts': text(appAfter),
      'moved/mv-dst.txt': text(['a', 'b', 'c', 'd', 'e', 'f', 'g']),
      'package-lock.json': '{"lockfileVersion": 3, "packages": {}}\n',
      'dir with space/file name.txt': 'spaced\n',
      'ünï.txt': 'unicode\n',
      'q"uote.txt': 'quoted\n',
      'tab\there.txt': 'tabbed\n',
      ':colon.txt': 'colon\n',
      '-dash.txt': 'dash\n',
      'img.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0x00, 0xff]),
      '.env': `API_KEY=${SECRET}\n`,
      'config/.env.local': `TOKEN=${SECRET}\n`,
    });
    git = createGit(repo.dir, repo.env);
    info = await openRepo(git);
    range = { ref: 'refs/heads/main', base, head, commits: [head], notes: [] };
    clean = await collectChangeset(git, info, [range], defaults);
  });
  afterAll(() => rmSync(dirname(repo.dir), { recursive: true, force: true }));

  const byPath = (cs: Changeset, path: string): FileChange => {
    const file = cs.files.find((f) => f.path === path);
    if (!file) throw new Error(`${path} not in ${cs.files.map((f) => f.path).join(', ')}`);
    return file;
  };

  it('lists every reviewed file with git-authoritative names and status', () => {
    const summary = clean.files.map((f) => [f.path, f.oldPath, f.status, f.additions, f.deletions]);
    expect(summary.sort()).toEqual(
      [
        ['-dash.txt', null, 'added', 1, 0],
        [':colon.txt', null, 'added', 1, 0],
        ['dir with space/file name.txt', null, 'added', 1, 0],
        ['link', null, 'type-changed', 1, 1],
        ['moved/mv-dst.txt', 'mv-src.txt', 'renamed', 1, 0],
        ['old.txt', null, 'deleted', 0, 1],
        ['q"uote.txt', null, 'added', 1, 0],
        ['src/app.ts', null, 'modified', 1, 1],
        ['tab\there.txt', null, 'added', 1, 0],
        ['ünï.txt', null, 'added', 1, 0],
      ].sort(),
    );
  });

  it('keeps hunks with line numbers, blank context lines included', () => {
    const app = byPath(clean, 'src/app.ts');
    expect(app.hunks).toHaveLength(1);
    expect(app.hunks[0]!.lines.map((l) => [l.kind, l.text, l.oldLine, l.newLine])).toEqual([
      ['context', 'line2', 2, 2],
      ['context', '', 3, 3],
      ['context', 'line4', 4, 4],
      ['del', 'line5', 5, null],
      ['add', 'line five', null, 5],
      ['context', '', 6, 6],
      ['context', 'line7', 7, 7],
      ['context', 'line8', 8, 8],
    ]);
    expect(byPath(clean, 'q"uote.txt').hunks[0]!.lines).toEqual([{ kind: 'add', text: 'quoted', oldLine: null, newLine: 1 }]);
    expect(byPath(clean, 'moved/mv-dst.txt').hunks[0]!.lines.at(-1)).toEqual({ kind: 'add', text: 'g', oldLine: null, newLine: 7 });
    // Deleted files are listed, but their old content is not fetched.
    expect(byPath(clean, 'old.txt').hunks).toEqual([]);
  });

  it('skips binary, excluded and never-send files, saying why', () => {
    expect([...clean.skipped].sort((a, b) => a.file.localeCompare(b.file))).toEqual([
      { file: '.env', reason: 'never sent (.env*)' },
      { file: 'config/.env.local', reason: 'never sent (.env*)' },
      { file: 'img.png', reason: 'binary' },
      { file: 'package-lock.json', reason: 'excluded by pattern package-lock.json' },
    ]);
    expect(JSON.stringify(clean)).not.toContain(SECRET);
  });

  it('reads the commits of the ranges', () => {
    expect(clean.commits).toEqual([
      { oid: head, subject: 'Change many kinds of files', body: 'Body of the change.', author: 'Test Author <author@example.com>' },
    ]);
    expect(clean.ranges).toEqual([range]);
  });

  it('gives the same result whatever the repository config says', async () => {
    for (const [key, value] of HOSTILE_CONFIG) repo.git('config', key, value);
    writeFileSync(join(repo.dir, '.git', 'info', 'attributes'), '*.ts diff=shout\n*.txt diff=shout\n');
    try {
      // The config really is in effect: porcelain diff output changes under it.
      expect(repo.tryGit(['diff', base, head]).status).not.toBe(0); // runs the missing external diff
      const porcelain = repo.git('diff', '--no-ext-diff', base, head);
      expect(porcelain).toContain('\x1b[');
      expect(porcelain).not.toContain('a/src/app.ts');
      expect(porcelain).toContain('evif enil'); // textconv reversed the lines
      expect(await collectChangeset(git, info, [range], defaults)).toEqual(clean);
      // The same from a subdirectory, where diff.relative would otherwise hide files.
      const subGit = createGit(join(repo.dir, 'src'), repo.env);
      expect(await collectChangeset(subGit, info, [range], defaults)).toEqual(clean);
    } finally {
      for (const [key] of HOSTILE_CONFIG) repo.git('config', '--unset', key);
      rmSync(join(repo.dir, '.git', 'info', 'attributes'));
    }
  });

  it('de-duplicates files and commits shared by several ranges', async () => {
    const twice = await collectChangeset(git, info, [range, { ...range, ref: 'refs/tags/v1' }], defaults);
    expect(twice.files).toEqual(clean.files);
    expect(twice.skipped).toEqual(clean.skipped);
    expect(twice.commits).toEqual(clean.commits);
    expect(twice.ranges).toHaveLength(2);
  });

  it('applies include patterns', async () => {
    const onlySrc = await collectChangeset(git, info, [range], { ...defaults, include: ['src/**'] });
    expect(onlySrc.files.map((f) => f.path)).toEqual(['src/app.ts']);
    expect(onlySrc.skipped).toContainEqual({ file: 'ünï.txt', reason: 'not matched by include patterns' });
    // never-send still wins over include
    expect(onlySrc.skipped).toContainEqual({ file: '.env', reason: 'never sent (.env*)' });
  });

  it('never sends a secret file renamed to an innocent name', async () => {
    repo.git('mv', '.env', 'settings.txt');
    const next = repo.commit('Rename the env file');
    try {
      const cs = await collectChangeset(git, info, [{ ref: 'x', base: head, head: next, commits: [next], notes: [] }], defaults);
      expect(cs.files).toEqual([]);
      expect(cs.skipped).toEqual([{ file: 'settings.txt', reason: 'never sent (.env*)' }]);
      expect(JSON.stringify(cs)).not.toContain(SECRET);
    } finally {
      repo.git('reset', '-q', '--hard', head);
    }
  });

  it('an empty range list gives an empty changeset', async () => {
    expect(await collectChangeset(git, info, [], defaults)).toEqual({ ranges: [], commits: [], files: [], skipped: [] });
  });
});

describe('diffStat', () => {
  const file = (path: string, additions: number, deletions: number, extra: Partial<FileChange> = {}): FileChange => ({
    path,
    oldPath: null,
    status: 'modified',
    binary: false,
    additions,
    deletions,
    hunks: [],
    ...extra,
  });

  it.each([
    [[], ' 0 files changed\n'],
    [[file('a.ts', 2, 1)], ' a.ts | 3 ++-\n 1 file changed, 2 insertions(+), 1 deletion(-)\n'],
    [
      [file('src/long-name.ts', 10, 0), file('b', 0, 2, { status: 'deleted' })],
      ' src/long-name.ts | 10 ++++++++++\n b                |  2 --\n 2 files changed, 10 insertions(+), 2 deletions(-)\n',
    ],
    [
      [file('new.txt', 1, 0, { oldPath: 'old.txt', status: 'renamed' }), file('img.png', 0, 0, { binary: true })],
      ' old.txt => new.txt | 1 +\n img.png            | Bin\n 2 files changed, 1 insertion(+)\n',
    ],
    [[file('mode.sh', 0, 0)], ' mode.sh | 0\n 1 file changed, 0 insertions(+)\n'],
  ])('%#', (files, expected) => {
    expect(diffStat(files)).toBe(expected);
  });

  it('scales long bars to 40 characters and keeps small changes visible', () => {
    const stat = diffStat([file('big', 400, 0), file('small', 1, 0)]);
    const [big, small] = stat.split('\n');
    expect(big).toBe(` big   | 400 ${'+'.repeat(40)}`);
    expect(small).toBe(' small |   1 +');
  });
});
