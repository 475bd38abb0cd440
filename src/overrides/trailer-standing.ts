// Whether a `Review-Override:` trailer may answer the block in front of it. Pure.
//
// A trailer waives only what its author saw: it must sit on a commit that is new in this push and
// was written after the last blocked review of that ref, and every finding that blocks now must be
// one of that review's (by fingerprint). A commit amended or cherry-picked with an old trailer
// therefore never waives a finding its author was not shown.
import type { BlockedReview } from '../state/blocked-refs.js';

export interface TrailerCommit {
  oid: string;
  /** The commit is among those this push sends for the ref. */
  newInPush: boolean;
  /** Committer time, seconds since the epoch (amend and cherry-pick set it anew). */
  committedAt: number;
}

export interface BlockingFinding {
  id: string;
  fingerprint: string;
  /** "C2 src/a.js:3 SQL built from input", for the message. */
  label: string;
}

/** Null when the trailer stands; otherwise why it does not, in words. */
export function trailerStanding(input: {
  ref: string;
  commit: TrailerCommit;
  blocked: BlockedReview | null;
  blocking: readonly BlockingFinding[];
}): string | null {
  const { ref, commit, blocked } = input;
  const short = commit.oid.slice(0, 12);
  if (!commit.newInPush) return `the commit carrying it (${short}) is not new in this push`;
  if (blocked === null) {
    return `no push of ${ref} was blocked before it, so it answers no review; push without it to see the findings, then add it with git commit --amend`;
  }
  const blockedSeconds = Math.floor(Date.parse(blocked.at) / 1000);
  // Same commit as the blocked push: it was written before that review, whatever the clock says.
  if (commit.oid === blocked.head || !(commit.committedAt >= blockedSeconds)) {
    return `commit ${short} was written before the last blocked review of ${ref} (${blocked.at}), so its author had not seen those findings; add the trailer with git commit --amend`;
  }
  const seen = new Set(blocked.fingerprints);
  const uncovered = input.blocking.filter((finding) => !seen.has(finding.fingerprint));
  if (uncovered.length > 0) {
    const listed = uncovered
      .slice(0, 5)
      .map((f) => f.label)
      .join('; ');
    const more = uncovered.length > 5 ? `; and ${uncovered.length - 5} more` : '';
    return `it does not cover ${listed}${more}: ${uncovered.length === 1 ? 'that finding was' : 'those findings were'} not in the blocked review it answers`;
  }
  return null;
}
