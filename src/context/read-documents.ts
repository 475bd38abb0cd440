// Reads the plan and design documents a task or its commits refer to, at the pushed head: the code
// is reviewed as it will be, so the plan is read as it will be too.
import type { Git } from '../git/exec-git.js';
import { createPathMatcher } from '../git/path-filter.js';
import type { DocumentExcerpt } from './format-context.js';
import { excerptDocument, type DocReference } from './markdown.js';

/** Documents beyond this many are left out: the first ones named are the ones that matter. */
export const MAX_DOCUMENTS = 4;

/**
 * The excerpts of the references that exist at one of the heads (the first head that has the file).
 * A document matching `neverSend` is not read: the rule is about what leaves the machine, whatever
 * the route.
 */
export async function readDocuments(
  git: Git,
  heads: readonly string[],
  references: readonly DocReference[],
  neverSend: readonly string[] = [],
): Promise<DocumentExcerpt[]> {
  const out: DocumentExcerpt[] = [];
  const private_ = createPathMatcher(neverSend);
  for (const reference of references) {
    if (out.length >= MAX_DOCUMENTS) break;
    if (private_.match(reference.path) !== null) continue;
    for (const rev of heads) {
      const result = await git.tryRun(['cat-file', 'blob', `${rev}:${reference.path}`]);
      if (result.exitCode !== 0) continue;
      out.push({ ...excerptDocument(result.stdout, reference.sections), path: reference.path, rev });
      break;
    }
  }
  return out;
}
