// Makes sure a CI checkout holds what the review needs: the request's head, its target, and the
// merge base of the two. CI clones are usually shallow (depth 1 or 50), so the history is deepened
// step by step through the git module, and when that is not possible the error says which fetch
// depth the job needs.
import { UsageError } from '../errors.js';
import type { Git } from '../git/exec-git.js';
import type { CiRequest } from './ci-range.js';

/** Depths tried in turn on a shallow clone before the whole history is fetched. */
export const DEEPEN_STEPS = [50, 200, 1000] as const;

export interface CiRange {
  /** The merge base: the review is base..head, the change the request brings. */
  base: string;
  head: string;
  /** What was fetched, for the progress lines. */
  notes: string[];
}

export interface FetchOptions {
  remote: string;
  /** false: never fetch (--no-fetch); a missing commit is an error that says what to fetch. */
  fetch: boolean;
}

async function hasCommit(git: Git, oid: string): Promise<boolean> {
  return (await git.tryRun(['cat-file', '-e', `${oid}^{commit}`])).exitCode === 0;
}

async function isShallow(git: Git): Promise<boolean> {
  return (await git.tryRun(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true';
}

async function mergeBase(git: Git, base: string, head: string, baseIsMergeBase: boolean): Promise<string | null> {
  if (!(await hasCommit(git, base)) || !(await hasCommit(git, head))) return null;
  if (baseIsMergeBase) return (await git.tryRun(['merge-base', '--is-ancestor', base, head])).exitCode === 0 ? base : null;
  const found = await git.tryRun(['merge-base', base, head]);
  return found.exitCode === 0 && found.stdout.trim() !== '' ? found.stdout.trim() : null;
}

function depthHint(request: CiRequest): string {
  const github = 'in GitHub Actions, give actions/checkout `fetch-depth: 0`';
  const gitlab = 'in GitLab CI, set the variable `GIT_DEPTH: 0`';
  const which = request.ci === 'github' ? github : request.ci === 'gitlab' ? gitlab : `${github}; ${gitlab}`;
  return `Check out with the full history (${which}), or a depth of at least the request's commits plus the commits its target gained since the branch was made.`;
}

export async function resolveCiRange(git: Git, request: CiRequest, options: FetchOptions): Promise<CiRange> {
  const notes: string[] = [];
  const targetRef = request.targetBranch === null ? null : `refs/remotes/${options.remote}/${request.targetBranch}`;
  // What to fetch to get the base side: its commit, else the target branch into its remote-tracking ref.
  const baseSpecs =
    request.base !== null ? [request.base] : request.targetBranch === null ? [] : [`+refs/heads/${request.targetBranch}:${targetRef}`];
  const specs = [request.head, ...baseSpecs];

  const baseOid = async (): Promise<string | null> => {
    if (request.base !== null) return request.base;
    if (targetRef === null) return null;
    const resolved = await git.tryRun(['rev-parse', '--verify', '--quiet', `${targetRef}^{commit}`]);
    return resolved.exitCode === 0 ? resolved.stdout.trim() : null;
  };
  const attempt = async (): Promise<string | null> => {
    const base = await baseOid();
    return base === null ? null : mergeBase(git, base, request.head, request.baseIsMergeBase);
  };

  let found = await attempt();
  if (found !== null) return { base: found, head: request.head, notes };

  const shallow = await isShallow(git);
  const missing = async (): Promise<string[]> => {
    const base = await baseOid();
    const out: string[] = [];
    if (!(await hasCommit(git, request.head))) out.push(`the head ${request.head.slice(0, 12)}`);
    if (base === null || !(await hasCommit(git, base))) out.push(`the target ${request.targetBranch ?? base?.slice(0, 12) ?? '(unknown)'}`);
    return out;
  };
  if (!options.fetch) {
    const absent = await missing();
    throw new UsageError(
      absent.length > 0
        ? `${request.label}: ${absent.join(' and ')} ${absent.length > 1 ? 'are' : 'is'} not in this clone (--no-fetch)`
        : `${request.label}: the clone${shallow ? ' is shallow and' : ''} does not hold the merge base of the target and the head (--no-fetch)`,
      { hint: depthHint(request) },
    );
  }

  const fetch = async (extra: string[]): Promise<void> => {
    const result = await git.tryRun(['fetch', '--no-tags', '--quiet', ...extra, options.remote, ...specs]);
    if (result.exitCode !== 0) {
      throw new UsageError(
        `${request.label}: could not fetch ${specs.map((s) => s.replace(/^\+refs\/heads\/([^:]+):.*/, '$1').slice(0, 40)).join(' and ')} from ${options.remote}: ${result.stderr || `exit ${result.exitCode}`}`,
        {
          hint: depthHint(request),
        },
      );
    }
  };

  if (!shallow) {
    await fetch([]);
    notes.push(`fetched ${request.label}'s commits from ${options.remote}`);
  } else {
    for (const depth of DEEPEN_STEPS) {
      await fetch([`--depth=${depth}`]);
      found = await attempt();
      if (found !== null) {
        notes.push(`the clone was shallow: fetched ${depth} commits of history from ${options.remote} to find the merge base`);
        return { base: found, head: request.head, notes };
      }
    }
    // The last depth may already have reached the root commits; then there is nothing left to fetch.
    if (await isShallow(git)) await fetch(['--unshallow']);
    notes.push(`the clone was shallow: fetched the whole history from ${options.remote} to find the merge base`);
  }
  found = await attempt();
  if (found !== null) return { base: found, head: request.head, notes };
  const absent = await missing();
  throw new UsageError(
    absent.length > 0
      ? `${request.label}: ${absent.join(' and ')} could not be found, even after fetching from ${options.remote}`
      : `${request.label}: the target and the head have no common history`,
    { hint: absent.length > 0 ? depthHint(request) : 'Review the range directly with review-hook ci --base <rev> --head <rev>.' },
  );
}
