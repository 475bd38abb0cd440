// The latest report, kept under the common git dir for `cat`, editors and agents to read later.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReviewHookError } from '../errors.js';
import type { Report } from '../types.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

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

/**
 * Writes a temp file in the same directory (rename is atomic only within a filesystem), flushes it,
 * then renames it over the target; a failure removes the temp file.
 */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(content, 'utf8');
      // Without the flush a crash after the rename can leave an empty file on some filesystems.
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
