// The state folder: everything review-hook keeps about a repository, under its common git dir
// (`git rev-parse --git-common-dir`), so every worktree shares it and nothing lands in the work tree.
// Every path in it is named here and nowhere else. The modules beside this one read and write them:
// last-review.ts (the latest report), round-state.ts and read-previous-round.ts (second rounds),
// audit.ts and record-audit.ts (overrides and skips), blocked-refs.ts (what a trailer may answer),
// endpoint-memory.ts (what each endpoint accepts), review-cache.ts (reviews and verifications by
// content), write-failure.ts (a write that fails is a warning, never a lost verdict).
import { join } from 'node:path';

export interface StatePaths {
  /** The folder itself: <common git dir>/review-hook. */
  dir: string;
  lastReviewJson: string;
  lastReviewMarkdown: string;
  /** Which previous round the last review was given. */
  lastRound: string;
  audit: string;
  blockedRefs: string;
  endpoints: string;
  /** A folder: one file per cached review or verification. */
  cache: string;
}

export function statePaths(commonDir: string): StatePaths {
  const dir = join(commonDir, 'review-hook');
  return {
    dir,
    lastReviewJson: join(dir, 'last-review.json'),
    lastReviewMarkdown: join(dir, 'last-review.md'),
    lastRound: join(dir, 'last-round.json'),
    audit: join(dir, 'audit.jsonl'),
    blockedRefs: join(dir, 'blocked-refs.json'),
    endpoints: join(dir, 'endpoints.json'),
    cache: join(dir, 'cache'),
  };
}
