// The branch whose name may carry the issue id: the pushed branch in a hook, the checked-out one
// in a manual run.
import type { Git } from '../git/exec-git.js';
import type { PushRange } from '../domain/types.js';

/** The short name of the first pushed branch (`refs/heads/x` → `x`); tags and other refs have none. */
export function pushedBranch(ranges: readonly Pick<PushRange, 'ref'>[]): string | null {
  const ref = ranges.find((r) => r.ref.startsWith('refs/heads/'))?.ref;
  return ref === undefined ? null : ref.slice('refs/heads/'.length);
}

/** The checked-out branch's short name, or null when HEAD is detached. */
export async function currentBranch(git: Git): Promise<string | null> {
  const result = await git.tryRun(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const name = result.stdout.trim();
  return result.exitCode === 0 && name !== '' ? name : null;
}
