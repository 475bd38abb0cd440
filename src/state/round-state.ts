// Which previous round the latest review was given, kept beside last-review.json. A push that changes
// exactly what that review reviewed is the same round again and must get the same previous round,
// or its prompt (and so its review) would differ from the one the person was shown.
import { statePaths } from './paths.js';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { parsePreviousFindings, sameChange, savedRangeEnds, type PreviousFinding, type RangeEnds } from '../findings/previous-round.js';

/**
 * Records the previous round the review of `ranges` was given (empty: it was a first round). Written
 * with last-review.json; throws when it cannot be written, which the caller turns into a warning
 * (it costs a later cache miss, never the review).
 */
export async function writeRoundState(
  commonDir: string,
  ranges: readonly RangeEnds[],
  previous: readonly PreviousFinding[],
): Promise<void> {
  const path = statePaths(commonDir).lastRound;
  const state = { version: 1, ranges: ranges.map((r) => ({ base: r.base, head: r.head })), previous };
  await mkdir(dirname(path), { recursive: true });
  await writeAtomically(path, `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * The previous round the review of exactly these ranges (same commits) was given; null when it was a
 * first round, or the state is about another review (stale, missing or unreadable).
 */
export async function readRoundState(commonDir: string, ranges: readonly RangeEnds[]): Promise<PreviousFinding[] | null> {
  try {
    const state = JSON.parse(await readFile(statePaths(commonDir).lastRound, 'utf8')) as { version?: unknown; previous?: unknown };
    const ends = savedRangeEnds(state);
    if (state.version !== 1 || ends === null || !sameChange(ends, ranges) || !Array.isArray(state.previous)) return null;
    const previous = parsePreviousFindings(state.previous);
    return previous.length === 0 ? null : previous;
  } catch {
    return null;
  }
}
