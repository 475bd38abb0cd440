// Turns git's pre-push ref updates into the commits being pushed and the base to diff them against.
//
// The commits a push sends are those reachable from the local oid L and from no remote-tracking ref
// nor the remote ref's current oid R. Never `R..L`: R may be missing locally (force push over
// unfetched work), and relying on one remote's name breaks pushes by URL.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PushRange, RefUpdate } from '../domain/types.js';
import type { Git } from './exec-git.js';
import { isZeroOid } from './ref-lines.js';
import type { RepoInfo } from './repo.js';

export interface RangeOptions {
  /** Most commits kept when a range reaches a root commit (first push to an empty remote). */
  maxCommits: number;
}

export interface ResolvedRanges {
  ranges: PushRange[];
  /** Push-wide notes (refs skipped and why). Per-range notes live on each range. */
  notes: string[];
}

/** What one range is computed from: a tip commit and what the other side already has. */
export interface RangeTarget {
  ref: string;
  /** A commit oid (already peeled). */
  tip: string;
  /** Commit oids known to be on the other side; missing objects are ignored. */
  exclude: string[];
  /** Also treat every remote-tracking ref as already published. */
  excludeRemotes: boolean;
}

/** More boundary candidates than this are not worth a diff each; the first ones win. */
const MAX_BASE_CANDIDATES = 5;

/** The updates that send commits; the others get a note, or none (a deletion sends nothing). */
function pushedUpdates(updates: RefUpdate[]): { wanted: RefUpdate[]; notes: string[] } {
  const notes: string[] = [];
  const wanted: RefUpdate[] = [];
  for (const update of updates) {
    if (isZeroOid(update.localOid)) continue; // deletion: nothing leaves the machine
    if (isMirrorOnlyRef(update.remoteRef) || isMirrorOnlyRef(update.localRef)) {
      notes.push(`${update.remoteRef}: not a branch or tag (mirror push); not reviewed`);
      continue;
    }
    wanted.push(update);
  }
  return { wanted, notes };
}

/**
 * Peels the pushed tips to commits. It needs no repository facts, so the pipeline starts it beside
 * openRepo: a push with nothing new then waits for one git call fewer.
 */
export function peelPushedTips(git: Git, updates: RefUpdate[]): Promise<Map<string, string>> {
  return peelToCommits(
    git,
    pushedUpdates(updates).wanted.map((u) => u.localOid),
  );
}

export async function resolvePushRanges(
  git: Git,
  repo: RepoInfo,
  updates: RefUpdate[],
  options: RangeOptions,
  tips: Promise<Map<string, string>> = peelPushedTips(git, updates),
): Promise<ResolvedRanges> {
  const { wanted, notes } = pushedUpdates(updates);
  const peeled = await tips;
  const ranges: PushRange[] = [];
  for (const update of wanted) {
    const tip = peeled.get(update.localOid);
    if (!tip) {
      const type = await objectType(git, update.localOid);
      notes.push(`${update.remoteRef}: points at a ${type}, not a commit; nothing to review`);
      continue;
    }
    const result = await resolveRange(
      git,
      repo,
      {
        ref: update.remoteRef,
        tip,
        exclude: isZeroOid(update.remoteOid) ? [] : [update.remoteOid],
        excludeRemotes: true,
      },
      options,
    );
    if (result.range) ranges.push(result.range);
    notes.push(...result.notes);
  }
  return { ranges: mergeRanges(ranges), notes };
}

function isMirrorOnlyRef(ref: string): boolean {
  return ref.startsWith('refs/remotes/') || ref.startsWith('refs/notes/');
}

/** Maps each oid to the commit it peels to; non-commits (tags of trees or blobs) are absent. */
async function peelToCommits(git: Git, oids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(oids)];
  const out = new Map<string, string>();
  if (unique.length === 0) return out;
  // One call for the usual case; rev-parse fails wholesale if any one does not peel.
  const batch = await git.tryRun(['rev-parse', ...unique.map((oid) => `${oid}^{commit}`)]);
  const lines = batch.stdout.split('\n').filter(Boolean);
  if (batch.exitCode === 0 && lines.length === unique.length) {
    unique.forEach((oid, i) => {
      out.set(oid, lines[i]!);
    });
    return out;
  }
  for (const oid of unique) {
    const one = await git.tryRun(['rev-parse', '--verify', '--quiet', `${oid}^{commit}`]);
    if (one.exitCode === 0) out.set(oid, one.stdout.trim());
  }
  return out;
}

async function objectType(git: Git, oid: string): Promise<string> {
  const result = await git.tryRun(['cat-file', '-t', `${oid}^{}`]);
  return result.exitCode === 0 ? result.stdout.trim() : 'missing object';
}

export interface RangeResult {
  /** Null when the ref pushes no new commit (a new branch or lightweight tag at a published commit). */
  range: PushRange | null;
  /** Why there is no range, when that is worth saying; empty otherwise (notes go on the range). */
  notes: string[];
}

/** The range one ref pushes. */
export async function resolveRange(git: Git, repo: RepoInfo, target: RangeTarget, options: RangeOptions): Promise<RangeResult> {
  const notes: string[] = [];
  // --ignore-missing: R may not exist here (force push over work never fetched).
  const args = ['rev-list', '--topo-order', '--parents', '--ignore-missing', target.tip, '--not'];
  if (target.excludeRemotes) args.push('--remotes');
  args.push(...target.exclude);
  const out = await git.run(args);

  const parents = new Map<string, string[]>();
  const newestFirst: string[] = [];
  for (const line of out.split('\n')) {
    const [oid, ...ps] = line.trim().split(' ');
    if (!oid) continue;
    newestFirst.push(oid);
    parents.set(oid, ps);
  }
  if (newestFirst.length === 0) return { range: null, notes: [] };
  let commits = newestFirst.reverse();

  // Parents outside the new set are the published commits the new work grows from.
  const boundarySet = new Set<string>();
  for (const oid of commits) {
    for (const p of parents.get(oid) ?? []) if (!parents.has(p)) boundarySet.add(p);
  }
  const boundaries = [...boundarySet];

  // In a shallow clone the oldest commit we have looks like a root but is not one; diffing it
  // against the empty tree would "review" the whole repository.
  const grafts = await shallowGrafts(
    repo,
    commits.filter((oid) => parents.get(oid)?.length === 0),
  );
  if (grafts.length > 0) {
    const graftSet = new Set(grafts);
    commits = commits.filter((oid) => !graftSet.has(oid));
    boundaries.push(...grafts);
    notes.push(`${target.ref}: the shallow clone's history stops at ${grafts.map(short).join(', ')}; reviewing the changes since then`);
    if (commits.length === 0) {
      return { range: null, notes: [`${target.ref}: only the shallow clone's oldest commit is new; its change cannot be computed`] };
    }
  }

  let base: string;
  let everyCommit: string[] | undefined;
  if (boundaries.length > 0) {
    base = await pickBase(git, boundaries, target.tip);
  } else if (commits.length > options.maxCommits) {
    const kept = commits.slice(commits.length - Math.max(1, options.maxCommits));
    const oldest = kept[0]!;
    base = parents.get(oldest)?.[0] ?? repo.emptyTree;
    notes.push(
      `${target.ref}: ${commits.length} commits reach back to the first commit; the model reviews only the newest ${kept.length} (maxCommits), ` +
        `the secret and private-key checks read all ${commits.length}`,
    );
    everyCommit = commits;
    commits = kept;
  } else {
    base = repo.emptyTree;
  }

  return { range: { ref: target.ref, base, head: target.tip, commits, ...(everyCommit ? { everyCommit } : {}), notes }, notes: [] };
}

async function shallowGrafts(repo: RepoInfo, rootLike: string[]): Promise<string[]> {
  if (!repo.isShallow || rootLike.length === 0) return [];
  let text = '';
  for (const dir of [repo.commonDir, repo.gitDir]) {
    try {
      text = await readFile(join(dir, 'shallow'), 'utf8');
      break;
    } catch {
      // Worktrees keep it in the common dir; try the next location.
    }
  }
  const shallow = new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return rootLike.filter((oid) => shallow.has(oid));
}

/**
 * The base for a range with several boundaries (a branch that merged the upstream): only the
 * maximal ones count, and among several the one closest to the tip, so the net diff shows the
 * branch's own change and not the upstream's.
 */
async function pickBase(git: Git, boundaries: string[], tip: string): Promise<string> {
  if (boundaries.length === 1) return boundaries[0]!;
  const independent = (await git.run(['merge-base', '--independent', ...boundaries]))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  // Keep the boundaries' own order so the choice is stable.
  const maximal = boundaries.filter((b) => independent.includes(b));
  if (maximal.length <= 1) return maximal[0] ?? boundaries[0]!;

  let best = maximal[0]!;
  let bestSize = Number.POSITIVE_INFINITY;
  for (const candidate of maximal.slice(0, MAX_BASE_CANDIDATES)) {
    const stat = await git.run(['diff', '--shortstat', '--no-ext-diff', '--no-textconv', '--no-relative', candidate, tip, '--']);
    const size = [...stat.matchAll(/(\d+) (?:insertion|deletion)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    if (size < bestSize) {
      best = candidate;
      bestSize = size;
    }
  }
  return best;
}

/**
 * Several refs in one push often share commits (--follow-tags, a tag at the branch tip, the same
 * commit pushed to two branches). A range whose commits another range already covers is dropped;
 * on a tie the branch is kept rather than the tag.
 */
export function mergeRanges(ranges: PushRange[]): PushRange[] {
  const kept: Array<{ range: PushRange; set: Set<string> }> = [];
  for (const range of ranges) {
    const set = new Set(range.commits);
    const covering = kept.find((k) => isSubset(set, k.set));
    if (covering) {
      const preferNew = covering.set.size === set.size && isTag(covering.range.ref) && !isTag(range.ref);
      if (!preferNew) {
        covering.range.notes.push(`also pushes ${range.ref}`);
        continue;
      }
    }
    const next = { range: { ...range, notes: [...range.notes] }, set };
    for (let i = kept.length - 1; i >= 0; i--) {
      const other = kept[i]!;
      if (isSubset(other.set, set)) {
        next.range.notes.push(`also pushes ${other.range.ref}`);
        kept.splice(i, 1);
      }
    }
    kept.push(next);
  }
  return kept.map((k) => k.range);
}

function isSubset(a: Set<string>, b: Set<string>): boolean {
  if (a.size > b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function isTag(ref: string): boolean {
  return ref.startsWith('refs/tags/');
}

function short(oid: string): string {
  return oid.slice(0, 12);
}
