// The latest report, kept under the common git dir for `cat`, editors and agents to read later.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeAtomically } from '../atomic-write.js';
import { ReviewHookError } from '../errors.js';
import type { Report } from '../domain/types.js';
import { renderJson } from '../report/json.js';
import { renderMarkdown } from '../report/markdown.js';

export function lastReviewPaths(commonDir: string): { json: string; markdown: string } {
  const dir = join(commonDir, 'review-hook');
  return { json: join(dir, 'last-review.json'), markdown: join(dir, 'last-review.md') };
}

/** Writes last-review.json and last-review.md; each file is either the old one or the whole new one. */
export async function writeLastReview(commonDir: string, report: Report): Promise<void> {
  const paths = lastReviewPaths(commonDir);
  try {
    await mkdir(dirname(paths.json), { recursive: true });
    await writeAtomically(paths.json, renderJson(report, { color: false }));
    await writeAtomically(paths.markdown, renderMarkdown(report, { color: false }));
  } catch (error) {
    throw new ReviewHookError('INTERNAL', `could not save the report under ${dirname(paths.json)}`, { cause: error });
  }
}
