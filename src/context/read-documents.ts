// Reads the plan and design documents a task or its commits refer to, at the pushed head: the code
// is reviewed as it will be, so the plan is read as it will be too.
import type { Git } from '../git/exec-git.js';
import type { DocumentExcerpt } from './format-context.js';
import { excerptDocument, type DocReference } from './markdown.js';

/** Documents beyond this many are left out: the first ones named are the ones that matter. */
export const MAX_DOCUMENTS = 4;

/** The excerpts of the references that exist at one of the heads (the first head that has the file). */
export async function readDocuments(git: Git, heads: readonly string[], references: readonly DocReference[]): Promise<DocumentExcerpt[]> {
  const out: DocumentExcerpt[] = [];
  for (const reference of references) {
    if (out.length >= MAX_DOCUMENTS) break;
    for (const rev of heads) {
      const result = await git.tryRun(['cat-file', 'blob', `${rev}:${reference.path}`]);
      if (result.exitCode !== 0) continue;
      out.push({ ...excerptDocument(result.stdout, reference.sections), path: reference.path, rev });
      break;
    }
  }
  return out;
}
