// Checks that what the model cites exists in the reviewed change. An unlocated finding is kept but
// marked, so a hallucinated file:line can never block a push on its own.
import type { Changeset, Finding, ModelReview } from '../types.js';

/** Reads the number of lines a file has in the pushed code, or null when it does not exist there. */
export type LineCounter = (path: string) => Promise<number | null>;

/** Models often cite `a/src/x.ts`, `./src/x.ts` or `src/x.ts:12`; reduce to the repository path. */
export function normalizeCitedPath(file: string): string {
  let path = file.trim().replace(/^`|`$/g, '');
  path = path.replace(/:\d+(?:-\d+)?$/, '');
  if (/^[ab]\//.test(path)) path = path.slice(2);
  if (path.startsWith('./')) path = path.slice(2);
  return path;
}

export async function locateFindings(
  findings: ModelReview['findings'],
  changeset: Changeset,
  countLines: LineCounter,
): Promise<Finding[]> {
  const reviewed = new Map(changeset.files.map((f) => [f.path, f]));
  const located: Finding[] = [];
  for (const finding of findings) {
    const base = { ...finding, id: '', source: 'llm' as const };
    if (finding.file === null || finding.file.trim() === '') {
      located.push({ ...base, file: null, line: null, endLine: null, located: true });
      continue;
    }
    const path = normalizeCitedPath(finding.file);
    const change = reviewed.get(path);
    if (!change) {
      located.push({ ...base, file: path, located: false });
      continue;
    }
    if (finding.line === null) {
      located.push({ ...base, file: path, located: true });
      continue;
    }
    const inHunk = change.hunks.some((h) => finding.line! >= h.newStart && finding.line! < h.newStart + Math.max(h.newLines, 1));
    const lines = inHunk ? null : await countLines(path);
    const exists = inHunk || (lines !== null && finding.line >= 1 && finding.line <= lines);
    located.push({ ...base, file: path, located: exists });
  }
  return located;
}
