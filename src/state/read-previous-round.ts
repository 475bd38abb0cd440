// Reads the last review (written by every run) to see whether this push is a second round.
import { statePaths } from './paths.js';
import { readFile } from 'node:fs/promises';
import type { Git } from '../git/exec-git.js';
import type { PushRange } from '../domain/types.js';
import { previousFindings, sameChange, savedRangeEnds, type PreviousFinding, type RangeEnds } from '../findings/previous-round.js';
import { readRoundState } from './round-state.js';

/**
 * The previous blocked round's findings for these ranges, or null (no file, unreadable, not blocked,
 * other refs). When the push changes exactly what the last review reviewed (compared by trees when
 * `git` is given), it is that review's round again: the previous round it was given, if any.
 */
export async function readPreviousRound(commonDir: string, ranges: readonly PushRange[], git?: Git): Promise<PreviousFinding[] | null> {
  let saved: unknown;
  try {
    saved = JSON.parse(await readFile(statePaths(commonDir).lastReviewJson, 'utf8')) as unknown;
  } catch {
    return null;
  }
  const ends = savedRangeEnds(saved);
  if (git && ends !== null && (await sameContent(git, ends, ranges))) return readRoundState(commonDir, ends);
  return previousFindings(saved, ranges);
}

/** Whether two sets of ranges change the same trees; commits git cannot resolve are compared by id. */
async function sameContent(git: Git, a: readonly RangeEnds[], b: readonly RangeEnds[]): Promise<boolean> {
  if (a.length !== b.length) return false;
  if (sameChange(a, b)) return true;
  const oids = [...new Set([...a, ...b].flatMap((r) => [r.base, r.head]))];
  // The saved file is read back from disk: only object ids go to git's command line.
  if (!oids.every((oid) => /^[0-9a-f]{40,64}$/.test(oid))) return false;
  const result = await git.tryRun(['rev-parse', ...oids.map((oid) => `${oid}^{tree}`)]);
  const trees = result.stdout.trim().split('\n');
  if (result.exitCode !== 0 || trees.length !== oids.length) return false;
  const treeOf = new Map(oids.map((oid, i) => [oid, trees[i]!]));
  return sameChange(a, b, (oid) => treeOf.get(oid) ?? oid);
}
