// The range for a manual run (`review-hook [<range>]`, `--base/--head`). Revisions come from the
// user, so each one is checked and resolved to an oid before anything else sees it.
import { UsageError } from '../errors.js';
import type { PushRange } from '../domain/types.js';
import type { Git } from './exec-git.js';
import { resolveRange, type RangeOptions, type ResolvedRanges } from './push-ranges.js';
import type { RepoInfo } from './repo.js';

export interface CliRangeSpec {
  /** `A..B`, `A...B` or a single commit. */
  range?: string;
  base?: string;
  head?: string;
}

/**
 * - no spec: the commits of HEAD not on its upstream (or, without one, on no remote-tracking ref)
 * - `A..B`: base A, the commits reachable from B and not from A; empty sides mean HEAD
 * - `A...B`: base is the merge base of A and B
 * - `X`: that one commit, against its first parent (the empty tree for a root)
 * - `--base A [--head B]`: like `A..B` (B defaults to HEAD); `--head B` alone: like the default for B
 */
export async function resolveCliRange(git: Git, repo: RepoInfo, spec: CliRangeSpec, options: RangeOptions): Promise<ResolvedRanges> {
  if (spec.range !== undefined && (spec.base !== undefined || spec.head !== undefined)) {
    throw new UsageError('give either a range or --base/--head, not both');
  }
  if (spec.range !== undefined) {
    const text = spec.range;
    const three = text.indexOf('...');
    if (three >= 0) {
      const [left, right] = await verifyCommits(git, text.slice(0, three) || 'HEAD', text.slice(three + 3) || 'HEAD');
      const mergeBase = await git.tryRun(['merge-base', left, right]);
      if (mergeBase.exitCode !== 0) {
        throw new UsageError(`${text}: the two sides have no common ancestor`, {
          hint: 'Use A..B to diff them directly.',
        });
      }
      return explicitRange(git, text, mergeBase.stdout.trim(), right);
    }
    const two = text.indexOf('..');
    if (two >= 0) {
      const [base, head] = await verifyCommits(git, text.slice(0, two) || 'HEAD', text.slice(two + 2) || 'HEAD');
      return explicitRange(git, text, base, head);
    }
    return singleCommit(git, repo, text, await verifyCommit(git, text));
  }
  if (spec.base !== undefined) {
    const [base, head] = await verifyCommits(git, spec.base, spec.head ?? 'HEAD');
    return explicitRange(git, `${spec.base}..${spec.head ?? 'HEAD'}`, base, head);
  }
  if (spec.head !== undefined) {
    const head = await verifyCommit(git, spec.head);
    return unpublished(git, repo, spec.head, head, null, options);
  }

  // Four independent questions, asked at once: each is a git process of its own.
  const [head, branch, upstream, upstreamOid] = await Promise.all([
    git.tryRun(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']),
    git.tryRun(['symbolic-ref', '--quiet', 'HEAD']),
    git.tryRun(['rev-parse', '--symbolic-full-name', '--verify', '--quiet', '@{upstream}']),
    git.tryRun(['rev-parse', '--verify', '--quiet', '@{upstream}^{commit}']),
  ]);
  if (head.exitCode !== 0) return { ranges: [], notes: ['nothing to review: the repository has no commits yet'] };
  const label = branch.exitCode === 0 ? branch.stdout.trim() : 'HEAD';
  const upstreamInfo =
    upstream.exitCode === 0 && upstream.stdout.trim() && upstreamOid.exitCode === 0
      ? { name: upstream.stdout.trim(), oid: upstreamOid.stdout.trim() }
      : null;
  return unpublished(git, repo, label, head.stdout.trim(), upstreamInfo, options);
}

/** The push algorithm for a synthetic ref: against the upstream only, or else every remote. */
async function unpublished(
  git: Git,
  repo: RepoInfo,
  label: string,
  tip: string,
  upstream: { name: string; oid: string } | null,
  options: RangeOptions,
): Promise<ResolvedRanges> {
  const result = await resolveRange(
    git,
    repo,
    { ref: label, tip, exclude: upstream ? [upstream.oid] : [], excludeRemotes: upstream === null },
    options,
  );
  if (result.range) return { ranges: [result.range], notes: result.notes };
  const where = upstream ? upstream.name : 'a remote-tracking branch';
  return { ranges: [], notes: [...result.notes, `nothing to review: every commit of ${label} is already on ${where}`] };
}

async function explicitRange(git: Git, label: string, base: string, head: string): Promise<ResolvedRanges> {
  if (base === head) return { ranges: [], notes: [`nothing to review: ${label} is empty`] };
  const out = await git.run(['rev-list', '--topo-order', '--reverse', head, '--not', base]);
  const commits = out
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const range: PushRange = { ref: label, base, head, commits, notes: [] };
  if (commits.length === 0) range.notes.push(`${label}: the head is behind the base; the diff shows what it lacks`);
  return { ranges: [range], notes: [] };
}

async function singleCommit(git: Git, repo: RepoInfo, label: string, oid: string): Promise<ResolvedRanges> {
  const out = await git.run(['rev-list', '--parents', '--max-count=1', oid]);
  const [, firstParent] = out.trim().split(' ');
  return { ranges: [{ ref: label, base: firstParent ?? repo.emptyTree, head: oid, commits: [oid], notes: [] }], notes: [] };
}

/** Both revisions resolved at once; when both are wrong, the error names the first, as one by one would. */
async function verifyCommits(git: Git, first: string, second: string): Promise<[string, string]> {
  const [a, b] = await Promise.allSettled([verifyCommit(git, first), verifyCommit(git, second)]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

/** Resolves a user-supplied revision to a commit oid, refusing anything git could read as an option. */
export async function verifyCommit(git: Git, rev: string): Promise<string> {
  if (rev.trim() === '' || rev.startsWith('-') || /[\0\n\r]/.test(rev)) {
    throw new UsageError(`"${rev}" is not a valid revision`, { hint: 'Give a branch, tag or commit, e.g. main or HEAD~3.' });
  }
  const result = await git.tryRun(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
  const oid = result.stdout.trim();
  if (result.exitCode !== 0 || !oid) {
    throw new UsageError(`"${rev}" is not a commit in this repository`, {
      hint: 'Check the name with `git log --oneline -1 <rev>`; fetch first if it is a remote branch.',
      cause: new Error(result.stderr),
    });
  }
  return oid;
}
