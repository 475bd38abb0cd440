// Reads the last review (written by every run) to see whether this push is a second round.
import { readFile } from 'node:fs/promises';
import { lastReviewPaths } from '../report/last-review.js';
import type { PushRange } from '../types.js';
import { previousFindings, type PreviousFinding } from './previous-round.js';

/** The previous blocked round's findings for these ranges, or null (no file, unreadable, not blocked, other refs). */
export async function readPreviousRound(commonDir: string, ranges: readonly PushRange[]): Promise<PreviousFinding[] | null> {
  let text: string;
  try {
    text = await readFile(lastReviewPaths(commonDir).json, 'utf8');
  } catch {
    return null;
  }
  try {
    return previousFindings(JSON.parse(text) as unknown, ranges);
  } catch {
    return null;
  }
}
