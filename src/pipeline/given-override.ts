// An override given before the review (environment, `git -c`, Review-Override trailers), checked
// against the blocked review each trailer answers.
import type { Finding, Override, PushRange } from '../domain/types.js';
import { readCommitTime, readConfigScoped, readTrailer } from '../git/commits.js';
import type { Git } from '../git/exec-git.js';
import { trailerStanding } from '../overrides/trailer-standing.js';
import { resolveOverride as resolveGivenOverride } from '../policy/overrides.js';
import { findingFingerprint, readBlockedRefs } from '../state/blocked-refs.js';
import type { RunContext } from '../cli/run-context.js';

/**
 * An override given before the review: environment, `git -c` for this push, or trailers on every
 * blocked ref that answer that ref's last blocked review.
 */
export async function givenOverride(input: {
  git: Git;
  env: RunContext['env'];
  ranges: PushRange[];
  commonDir: string;
  blocking: readonly Finding[];
  warn: (message: string) => void;
}): Promise<Override | null> {
  const { git, env, ranges, warn } = input;
  const blocked = await readBlockedRefs(input.commonDir);
  const blocking = input.blocking.map((f) => ({
    id: f.id,
    fingerprint: findingFingerprint(f),
    label: `${f.id} ${f.file === null ? '(no file)' : `${f.file}${f.line === null ? '' : `:${f.line}`}`} ${f.title}`,
  }));
  const trailers = await Promise.all(
    ranges.map(async (r) => {
      const reason = await readTrailer(git, r.head, 'Review-Override');
      if (reason === null) return { ref: r.ref, reason };
      const commit = { oid: r.head, newInPush: r.commits.includes(r.head), committedAt: await readCommitTime(git, r.head) };
      return { ref: r.ref, reason, stale: trailerStanding({ ref: r.ref, commit, blocked: blocked[r.ref] ?? null, blocking }) };
    }),
  );
  const scoped = await readConfigScoped(git, 'review-hook.allow');
  const given = scoped.filter((entry) => entry.scope === 'command');
  const { override, refused } = resolveGivenOverride({
    env,
    gitConfigAllow: given.at(-1)?.value ?? null,
    savedGitConfigAllow: scoped.filter((entry) => entry.scope !== 'command'),
    trailers,
    blockingRefs: ranges.map((r) => r.ref),
  });
  for (const message of refused) warn(message);
  return override;
}
