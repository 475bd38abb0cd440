import { dirname } from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { resolveCliRange } from '../../../src/git/cli-range.js';
import { createGit, type Git } from '../../../src/git/exec-git.js';
import { EMPTY_TREE, openRepo, type RepoInfo } from '../../../src/git/repo.js';
import type { PushRange } from '../../../src/domain/types.js';
import { createRepo, createRepoWithOrigin, type TestRepo } from '../../helpers/git-repo.js';

const summary = (r: PushRange) => ({ ref: r.ref, base: r.base, head: r.head, commits: r.commits });

describe('resolveCliRange', () => {
  let repo: TestRepo;
  let git: Git;
  let info: RepoInfo;
  let m1: string;
  let m2: string;
  let c1: string;
  let c2: string;
  let c3: string;
  const opts = { maxCommits: 100 };

  beforeAll(async () => {
    ({ repo } = createRepoWithOrigin());
    m1 = repo.commit('m1', { 'a.txt': '1\n' });
    m2 = repo.commit('m2', { 'a.txt': '2\n' });
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'topic');
    c1 = repo.commit('c1', { 'b.txt': '1\n' });
    repo.git('push', '-q', '-u', 'origin', 'topic');
    c2 = repo.commit('c2', { 'b.txt': '2\n' });
    c3 = repo.commit('c3', { 'b.txt': '3\n' });
    git = createGit(repo.dir, repo.env);
    info = await openRepo(git);
  });
  afterAll(() => rmSync(dirname(repo.dir), { recursive: true, force: true }));

  it('default: the commits of HEAD not on its upstream', async () => {
    const { ranges } = await resolveCliRange(git, info, {}, opts);
    expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/topic', base: c1, head: c3, commits: [c2, c3] }]);
  });

  it('default with an upstream excludes only the upstream, not other remote branches', async () => {
    // `side` is published, but not on main; a branch tracking origin/main that merged it must show it.
    repo.git('checkout', '-q', '-b', 'side', 'main');
    const s1 = repo.commit('s1', { 's.txt': 's\n' });
    repo.git('push', '-q', 'origin', 'side');
    repo.git('checkout', '-q', '-b', 'tracks-main', '--track', 'origin/main');
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'side');
    const merge = repo.head();
    try {
      const { ranges } = await resolveCliRange(git, info, {}, opts);
      expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/tracks-main', base: m2, head: merge, commits: [s1, merge] }]);
    } finally {
      repo.git('checkout', '-q', 'topic');
    }
  });

  it('default without an upstream: not on any remote-tracking branch', async () => {
    repo.git('checkout', '-q', '-b', 'loose', c3);
    const l1 = repo.commit('l1', { 'l.txt': 'l\n' });
    try {
      const { ranges } = await resolveCliRange(git, info, {}, opts);
      // c2 and c3 are not on any remote either, so they are part of what would be pushed.
      expect(ranges.map(summary)).toEqual([{ ref: 'refs/heads/loose', base: c1, head: l1, commits: [c2, c3, l1] }]);
    } finally {
      repo.git('checkout', '-q', 'topic');
    }
  });

  it('default on a detached HEAD at a published commit: nothing, with a note', async () => {
    repo.git('checkout', '-q', '--detach', m2);
    try {
      const { ranges, notes } = await resolveCliRange(git, info, {}, opts);
      expect(ranges).toEqual([]);
      expect(notes.join('\n')).toMatch(/nothing to review/);
    } finally {
      repo.git('checkout', '-q', 'topic');
    }
  });

  it('A..B: base A, the commits of B not in A', async () => {
    const { ranges } = await resolveCliRange(git, info, { range: 'main..topic' }, opts);
    expect(ranges.map(summary)).toEqual([{ ref: 'main..topic', base: m2, head: c3, commits: [c1, c2, c3] }]);
  });

  it('A.. and ..B default the missing side to HEAD', async () => {
    const { ranges } = await resolveCliRange(git, info, { range: `${c1}..` }, opts);
    expect(ranges.map(summary)).toEqual([{ ref: `${c1}..`, base: c1, head: c3, commits: [c2, c3] }]);
    // HEAD (topic) is ahead of main: the range exists but has no commits of its own.
    const behind = await resolveCliRange(git, info, { range: '..main' }, opts);
    expect(behind.ranges.map(summary)).toEqual([{ ref: '..main', base: c3, head: m2, commits: [] }]);
    expect(behind.ranges[0]!.notes.join('\n')).toMatch(/behind/);
  });

  it('A...B: based on the merge base', async () => {
    repo.git('branch', 'div', m1);
    repo.git('checkout', '-q', 'div');
    repo.commit('d1', { 'd.txt': 'd\n' });
    repo.git('checkout', '-q', 'topic');
    const { ranges } = await resolveCliRange(git, info, { range: 'div...topic' }, opts);
    expect(ranges.map(summary)).toEqual([{ ref: 'div...topic', base: m1, head: c3, commits: [m2, c1, c2, c3] }]);
  });

  it('a single commit: against its parent, or the empty tree for a root', async () => {
    expect((await resolveCliRange(git, info, { range: 'HEAD~1' }, opts)).ranges.map(summary)).toEqual([
      { ref: 'HEAD~1', base: c1, head: c2, commits: [c2] },
    ]);
    expect((await resolveCliRange(git, info, { range: m1 }, opts)).ranges.map(summary)).toEqual([
      { ref: m1, base: EMPTY_TREE.sha1, head: m1, commits: [m1] },
    ]);
  });

  it('--base/--head, and --base alone up to HEAD', async () => {
    expect((await resolveCliRange(git, info, { base: m1, head: c1 }, opts)).ranges.map(summary)).toEqual([
      { ref: `${m1}..${c1}`, base: m1, head: c1, commits: [m2, c1] },
    ]);
    expect((await resolveCliRange(git, info, { base: 'main' }, opts)).ranges.map(summary)).toEqual([
      { ref: 'main..HEAD', base: m2, head: c3, commits: [c1, c2, c3] },
    ]);
  });

  it('--head alone: what that commit adds over every remote-tracking branch', async () => {
    expect((await resolveCliRange(git, info, { head: 'topic' }, opts)).ranges.map(summary)).toEqual([
      { ref: 'topic', base: c1, head: c3, commits: [c2, c3] },
    ]);
  });

  it('an empty range gives nothing, with a note', async () => {
    const { ranges, notes } = await resolveCliRange(git, info, { range: 'topic..topic' }, opts);
    expect(ranges).toEqual([]);
    expect(notes).toHaveLength(1);
  });

  it.each([
    [{ range: 'nope' }, /"nope" is not a commit/],
    [{ range: 'main..nope' }, /"nope" is not a commit/],
    // Both sides are resolved at once; the error still names the first one wrong, every time.
    [{ range: 'first-bad..second-bad' }, /^"first-bad" is not a commit/],
    [{ range: 'first-bad...second-bad' }, /^"first-bad" is not a commit/],
    [{ base: 'first-bad', head: '--second' }, /^"first-bad" is not a commit/],
    [{ range: '--output=/tmp/x' }, /not a valid revision/],
    [{ base: '-n1' }, /not a valid revision/],
    [{ head: '--all' }, /not a valid revision/],
    [{ range: 'main', base: 'main' }, /either a range or --base/],
    [{ range: `${'f'.repeat(40)}` }, /is not a commit/],
    [{ range: 'HEAD^{tree}' }, /is not a commit/],
  ])('rejects %j', async (spec, message) => {
    const error = await resolveCliRange(git, info, spec, opts).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('in a repository without commits: nothing to review', async () => {
    const empty = createRepo();
    const emptyGit = createGit(empty.dir, empty.env);
    const { ranges, notes } = await resolveCliRange(emptyGit, await openRepo(emptyGit), {}, opts);
    expect(ranges).toEqual([]);
    expect(notes.join('\n')).toMatch(/no commits/);
  });
});
