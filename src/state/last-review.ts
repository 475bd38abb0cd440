// The latest report, kept under the common git dir for `cat`, editors and agents to read later.
import { mkdir } from 'node:fs/promises';
import { statePaths } from './paths.js';
import { writeAtomically } from '../atomic-write.js';
import { ReviewHookError } from '../errors.js';
import type { Report } from '../domain/types.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';

/** Writes last-review.json and last-review.md; each file is either the old one or the whole new one. */
export async function writeLastReview(commonDir: string, report: Report): Promise<void> {
  const paths = statePaths(commonDir);
  try {
    await mkdir(paths.dir, { recursive: true });
    // Side by side: each write waits for its flush to reach the disk.
    await Promise.all([
      writeAtomically(paths.lastReviewJson, renderJson(report, { color: false })),
      writeAtomically(paths.lastReviewMarkdown, renderMarkdown(report, { color: false })),
    ]);
  } catch (error) {
    throw new ReviewHookError('INTERNAL', `could not save the report under ${paths.dir}`, { cause: error });
  }
}
