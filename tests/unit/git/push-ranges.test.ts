// Every scenario runs a real `git push` through a recording pre-push hook, then resolves the ranges
// from exactly the lines git wrote, in the repository state the hook saw.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectChangeset } from '../../../src/git/changeset.js';
import { createGit, type Git } from '../../../src/git/exec-git.js';
import { resolvePushRanges } from '../../../src/git/push-ranges.js';
import { parseRefLines } from '../../../src/git/ref-lines.js';
import { EMPTY_TREE, openRepo, type RepoInfo } from '../../../src/git/repo.js';
import type { PushRange } from '../../../src/domain/types.js';
import { createRepoWithOrigin, hermeticEnv, TestRepo, tempDir } from '../../helpers/git-repo.js';
import { installCaptureHook } from './push-fixture.js';

const cleanup: string[] = [];
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

/** A repo with origin, whose temp root is removed after the file's tests. */
function setupRepo(options: { objectFormat?: 'sha1' | 'sha256' } = {}) {
  const { repo, origin } = createRepoWithOrigin(options);
  cleanup.push(dirname(repo.dir));
  return { repo, origin };
}

function summary(range: PushRange) {
  return { ref: range.ref, base: range.base, head: range.head, commits: range.commits };
}

const noFilter = { include: [], exclude: [], neverSend: [] };

describe('pre-push ranges against a published main', () => {
  let repo: TestRepo;
  let origin: TestRepo;
  let git: Git;
  let info: RepoInfo;
  let capture: ReturnType<typeof installCaptureHook>['capture'];
  let m2: string;
  let m3: string;

  beforeAll(async () => {
    ({ repo, origin } = setupRepo());
    repo.commit('m1', { 'README.md': 'hello\n' });
    m2 = repo.commit('m2', { 'src/a.ts': 'export const a = 1;\n' });
    m3 = repo.commit('m3', { 'src/b.ts': 'export const b = 2;\n' });
    repo.git('push', '-q', '--no-verify', 'origin', 'main');
    ({ capture } = installCaptureHook(repo));
    git = createGit(repo.dir, repo.env);
    info = await openRepo(git);
  });

  /** Pushes (refused by the hook) and resolves what the hook was given. */
  async function rangesFor(args: string[], maxCommits = 100) {
    const captured = capture(args);
    const updates = parseRefLines(captured.stdin);
    return { captured, updates, ...(await resolvePushRanges(git, info, updates, { maxCommits })) };
  }

  function branch(name: string, from: string, commits: number): string[] {
    repo.git('checkout', '-q', '-b', name, from);
    const oids = Array.from({ length: commits }, (_, i) => repo.commit(`${name} ${i + 1}`, { [`${name}.txt`]: `${name} ${i + 1}\n` }));
    repo.git('checkout', '-q', 'main');
    return oids;
  }

  let feat: string[];

  it('new branch off published main: only its own commits, based on main', async () => {
    feat = branch('feat', 'main', 3);
    const { updates, ranges } = await rangesFor(['origin', 'feat']);
    expect(updates).toEqual([{ localRef: 'refs/heads/feat', localOid: feat[2], remoteRef: 'refs/heads/feat', remoteOid: '0'.repeat(40) }]);
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/feat', base: m3, head: feat[2], commits: feat }]);
  });

  it('fast-forward of a published branch: the commits after the remote tip', async () => {
    const [f1] = branch('ff', 'main', 1);
    repo.git('push', '-q', '--no-verify', 'origin', 'ff');
    repo.git('checkout', '-q', 'ff');
    const f2 = repo.commit('ff 2', { 'ff.txt': 'two\n' });
    const f3 = repo.commit('ff 3', { 'ff.txt': 'three\n' });
    repo.git('checkout', '-q', 'main');
    const { updates, ranges } = await rangesFor(['origin', 'ff']);
    expect(updates[0]?.remoteOid).toBe(f1);
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/ff', base: f1, head: f3, commits: [f2, f3] }]);
  });

  it('deleting a remote branch reviews nothing', async () => {
    const { updates, ranges } = await rangesFor(['origin', '--delete', 'ff']);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.localOid).toMatch(/^0{40}$/);
    expect(ranges).toEqual([]);
  });

  it('new branch at an already published commit reviews nothing', async () => {
    repo.git('branch', 'same', m2);
    const { updates, ranges } = await rangesFor(['origin', 'same']);
    expect(updates.map((u) => u.remoteRef)).toEqual(['refs/heads/same']);
    expect(ranges).toEqual([]);
  });

  it('lightweight tag on a published commit reviews nothing', async () => {
    repo.git('tag', 'v0', m2);
    const { updates, ranges } = await rangesFor(['origin', 'v0']);
    expect(updates.map((u) => u.remoteRef)).toEqual(['refs/tags/v0']);
    expect(ranges).toEqual([]);
  });

  it('annotated tag on unpushed commits: peeled to its commit', async () => {
    repo.git('checkout', '-q', '--detach', 'main');
    const t1 = repo.commit('t1', { 't.txt': '1\n' });
    const t2 = repo.commit('t2', { 't.txt': '2\n' });
    repo.git('tag', '-a', '-m', 'release 1', 'v1');
    repo.git('checkout', '-q', 'main');
    const { updates, ranges } = await rangesFor(['origin', 'v1']);
    expect(updates[0]!.localOid).not.toBe(t2); // git sends the tag object
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/tags/v1', base: m3, head: t2, commits: [t1, t2] }]);
  });

  it('tag pointing at a tree is skipped with a note', async () => {
    repo.git('tag', '-a', '-m', 'a tree', 'treetag', `${m3}^{tree}`);
    const { updates, ranges, notes } = await rangesFor(['origin', 'treetag']);
    expect(updates).toHaveLength(1);
    expect(ranges).toEqual([]);
    expect(notes.join('\n')).toMatch(/refs\/tags\/treetag: points at a tree/);
  });

  it('force push after amend, old remote tip present: only the rewritten commit', async () => {
    const [a1] = branch('am', 'main', 2);
    repo.git('push', '-q', '--no-verify', 'origin', 'am');
    const oldTip = repo.head('am');
    repo.git('checkout', '-q', 'am');
    repo.git('commit', '-q', '--amend', '-m', 'am 2, amended');
    const amended = repo.head();
    repo.git('checkout', '-q', 'main');
    const { updates, ranges } = await rangesFor(['-f', 'origin', 'am']);
    expect(updates[0]!.remoteOid).toBe(oldTip);
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/am', base: a1, head: amended, commits: [amended] }]);
  });

  it('force push with the remote tip missing locally does not fail', async () => {
    const missing = 'deadbeef'.repeat(5);
    const updates = [{ localRef: 'refs/heads/feat', localOid: feat[2]!, remoteRef: 'refs/heads/feat', remoteOid: missing }];
    const { ranges } = await resolvePushRanges(git, info, updates, { maxCommits: 100 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/feat', base: m3, head: feat[2], commits: feat }]);
  });

  it('two unrelated branches in one push: one range each, no shared commits', async () => {
    const a = branch('two-a', 'main', 1);
    const b = branch('two-b', 'main', 2);
    const { updates, ranges } = await rangesFor(['origin', 'two-a', 'two-b']);
    expect(updates).toHaveLength(2);
    expect(ranges.map(summary).sort((x, y) => x.ref.localeCompare(y.ref))).toEqual([
      { ref: 'refs/heads/two-a', base: m3, head: a[0], commits: a },
      { ref: 'refs/heads/two-b', base: m3, head: b[1], commits: b },
    ]);
  });

  it('stacked branches in one push: the lower one is covered by the upper one', async () => {
    const [s1] = branch('st-a', 'main', 1);
    repo.git('checkout', '-q', '-b', 'st-b', 'st-a');
    const s2 = repo.commit('st-b 1', { 'st-b.txt': 'x\n' });
    repo.git('checkout', '-q', 'main');
    const { updates, ranges } = await rangesFor(['origin', 'st-a', 'st-b']);
    expect(updates).toHaveLength(2);
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/st-b', base: m3, head: s2, commits: [s1, s2] }]);
    expect(ranges[0]!.notes).toContain('also pushes refs/heads/st-a');
  });

  it('--follow-tags with a tag at the branch tip: one range, for the branch', async () => {
    const [r1] = branch('rel', 'main', 1);
    repo.git('tag', '-a', '-m', 'release 2', 'v2', 'rel');
    const { updates, ranges } = await rangesFor(['--follow-tags', 'origin', 'rel']);
    expect(updates.map((u) => u.remoteRef).sort()).toEqual(['refs/heads/rel', 'refs/tags/v2']);
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/rel', base: m3, head: r1, commits: [r1] }]);
    expect(ranges[0]!.notes).toContain('also pushes refs/tags/v2');
  });

  it('push by URL gives the same range as push by remote name', async () => {
    const { captured, ranges } = await rangesFor([origin.dir, 'feat']);
    expect(captured.stdin).toContain('refs/heads/feat');
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/feat', base: m3, head: feat[2], commits: feat }]);
  });

  it('HEAD:refs/for/main (Gerrit) uses the remote ref name', async () => {
    repo.git('checkout', '-q', 'feat');
    try {
      const { updates, ranges } = await rangesFor(['origin', 'HEAD:refs/for/main']);
      expect(updates[0]!.localRef).toBe('HEAD');
      expect(ranges.map(summary)).toEqual([{ ref: 'refs/for/main', base: m3, head: feat[2], commits: feat }]);
    } finally {
      repo.git('checkout', '-q', 'main');
    }
  });

  it('mirror-only refs (remote-tracking, notes) are skipped', async () => {
    const updates = [
      { localRef: 'refs/remotes/origin/main', localOid: feat[2]!, remoteRef: 'refs/remotes/origin/main', remoteOid: '0'.repeat(40) },
      { localRef: 'refs/notes/commits', localOid: feat[2]!, remoteRef: 'refs/notes/commits', remoteOid: '0'.repeat(40) },
    ];
    const { ranges, notes } = await resolvePushRanges(git, info, updates, { maxCommits: 100 });
    expect(ranges).toEqual([]);
    expect(notes).toHaveLength(2);
  });

  it('from a linked worktree, with the GIT_DIR git exports to the hook', async () => {
    const wtDir = join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'wtb', wtDir, 'main');
    const wt = new TestRepo(wtDir, repo.env);
    const w1 = wt.commit('in worktree', { 'wt.txt': 'w\n' });
    const captured = capture(['origin', 'wtb'], { cwd: wtDir });
    expect(captured.gitEnv.GIT_DIR).toBe(join(repo.dir, '.git', 'worktrees', 'wt'));
    const wtGit = createGit(captured.cwd, { ...repo.env, ...captured.gitEnv });
    const wtInfo = await openRepo(wtGit);
    expect(wtInfo).toMatchObject({ toplevel: wtDir, commonDir: join(repo.dir, '.git'), gitDir: captured.gitEnv.GIT_DIR });
    const { ranges } = await resolvePushRanges(wtGit, wtInfo, parseRefLines(captured.stdin), { maxCommits: 100 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/wtb', base: m3, head: w1, commits: [w1] }]);
  });
});

describe('feature branch after merging origin/main', () => {
  it('bases the review on the upstream tip, so upstream changes are not reviewed', async () => {
    const { repo, origin } = setupRepo();
    repo.commit('base', { 'README.md': 'hello\n' });
    repo.git('push', '-q', '--no-verify', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'fm');
    repo.commit('feature 1', { 'feature.txt': 'feature v1\n' });
    repo.git('push', '-q', '--no-verify', 'origin', 'fm');

    // Someone else moves main on.
    const other = new TestRepo(join(dirname(repo.dir), 'other'), repo.env);
    execFileSync('git', ['clone', '-q', origin.dir, other.dir], { env: repo.env });
    const upstreamText = Array.from({ length: 30 }, (_, i) => `upstream line ${i}`).join('\n');
    const u1 = other.commit('upstream work', { 'upstream.txt': `${upstreamText}\n` });
    other.git('push', '-q', 'origin', 'main');

    repo.git('fetch', '-q', 'origin');
    repo.git('merge', '-q', '--no-edit', 'origin/main');
    const merge = repo.head();
    const f2 = repo.commit('feature 2', { 'feature.txt': 'feature v2\n' });

    const { capture } = installCaptureHook(repo);
    const captured = capture(['origin', 'fm']);
    const git = createGit(repo.dir, repo.env);
    const info = await openRepo(git);
    const { ranges } = await resolvePushRanges(git, info, parseRefLines(captured.stdin), { maxCommits: 100 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/fm', base: u1, head: f2, commits: [merge, f2] }]);

    const changeset = await collectChangeset(git, info, ranges, noFilter);
    expect(changeset.files.map((f) => f.path)).toEqual(['feature.txt']);
  });
});

describe('first push to an empty remote', () => {
  let repo: TestRepo;
  let commits: string[];
  let capture: ReturnType<typeof installCaptureHook>['capture'];
  let git: Git;
  let info: RepoInfo;

  beforeAll(async () => {
    ({ repo } = setupRepo());
    commits = [1, 2, 3, 4].map((n) => repo.commit(`c${n}`, { [`f${n}.txt`]: `${n}\n` }));
    ({ capture } = installCaptureHook(repo));
    git = createGit(repo.dir, repo.env);
    info = await openRepo(git);
  });

  it('reviews the whole history against the empty tree', async () => {
    const captured = capture(['origin', 'main']);
    const { ranges, notes } = await resolvePushRanges(git, info, parseRefLines(captured.stdin), { maxCommits: 10 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/main', base: EMPTY_TREE.sha1, head: commits[3], commits }]);
    expect(ranges[0]!.notes).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('caps a long history to the newest maxCommits, based on the parent of the oldest kept', async () => {
    const captured = capture(['origin', 'main']);
    const { ranges } = await resolvePushRanges(git, info, parseRefLines(captured.stdin), { maxCommits: 2 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/main', base: commits[1], head: commits[3], commits: commits.slice(2) }]);
    expect(ranges[0]!.notes.join('\n')).toMatch(/4 commits .* newest 2/);
  });

  it('an orphan branch pushed next to it also starts from the empty tree', async () => {
    repo.git('checkout', '-q', '--orphan', 'orphan');
    repo.git('rm', '-q', '-r', '--cached', '.');
    const o1 = repo.commit('orphan root', { 'only.txt': 'alone\n' });
    repo.git('checkout', '-q', '-f', 'main');
    const captured = capture(['origin', 'orphan']);
    const { ranges } = await resolvePushRanges(git, info, parseRefLines(captured.stdin), { maxCommits: 10 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/orphan', base: EMPTY_TREE.sha1, head: o1, commits: [o1] }]);
  });
});

describe('shallow clone', () => {
  it('uses the remote-tracking tip normally, and the graft as base when nothing else bounds the range', async () => {
    const { repo, origin } = setupRepo();
    repo.commit('one', { 'a.txt': '1\n' });
    repo.commit('two', { 'a.txt': '2\n' });
    const tip = repo.commit('three', { 'a.txt': '3\n' });
    repo.git('push', '-q', '--no-verify', 'origin', 'main');

    const shallowDir = join(dirname(repo.dir), 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, shallowDir], { env: hermeticEnv() });
    const shallow = new TestRepo(shallowDir);
    shallow.git('checkout', '-q', '-b', 'sb');
    const n1 = shallow.commit('new work', { 'b.txt': 'new\n' });
    const { capture } = installCaptureHook(shallow);
    const git = createGit(shallow.dir, shallow.env);
    const info = await openRepo(git);
    expect(info.isShallow).toBe(true);

    const normal = await resolvePushRanges(git, info, parseRefLines(capture(['origin', 'sb']).stdin), { maxCommits: 100 });
    expect(normal.ranges.map(summary)).toEqual([{ ref: 'refs/heads/sb', base: tip, head: n1, commits: [n1] }]);

    // Without tracking refs the grafted commit would look like a root and drag in the whole tree.
    for (const ref of shallow.git('for-each-ref', '--format=%(refname)', 'refs/remotes').split('\n').filter(Boolean)) {
      shallow.git('update-ref', '--no-deref', '-d', ref);
    }
    const empty = join(dirname(repo.dir), 'empty.git');
    execFileSync('git', ['init', '-q', '--bare', empty], { env: hermeticEnv() });
    const grafted = await resolvePushRanges(git, info, parseRefLines(capture([empty, 'sb']).stdin), { maxCommits: 100 });
    expect(grafted.ranges.map(summary)).toEqual([{ ref: 'refs/heads/sb', base: tip, head: n1, commits: [n1] }]);
    expect(grafted.ranges[0]!.notes.join('\n')).toMatch(/shallow/);
  });
});

describe('SHA-256 repository', () => {
  it('handles 64-character oids and the SHA-256 empty tree', async () => {
    const { repo } = setupRepo({ objectFormat: 'sha256' });
    const root = repo.commit('root', { 'a.txt': 'a\n' });
    const { capture } = installCaptureHook(repo);
    const git = createGit(repo.dir, repo.env);
    const info = await openRepo(git);
    expect(info.objectFormat).toBe('sha256');

    const first = capture(['origin', 'main']);
    expect(first.stdin).toContain('0'.repeat(64));
    const initial = await resolvePushRanges(git, info, parseRefLines(first.stdin), { maxCommits: 10 });
    expect(initial.ranges.map(summary)).toEqual([{ ref: 'refs/heads/main', base: EMPTY_TREE.sha256, head: root, commits: [root] }]);
    const changeset = await collectChangeset(git, info, initial.ranges, noFilter);
    expect(changeset.files.map((f) => [f.path, f.status])).toEqual([['a.txt', 'added']]);

    repo.git('push', '-q', '--no-verify', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'topic');
    const t1 = repo.commit('t1', { 'b.txt': 'b\n' });
    const t2 = repo.commit('t2', { 'b.txt': 'bb\n' });
    const { ranges } = await resolvePushRanges(git, info, parseRefLines(capture(['origin', 'topic']).stdin), { maxCommits: 10 });
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/topic', base: root, head: t2, commits: [t1, t2] }]);
  });
});
