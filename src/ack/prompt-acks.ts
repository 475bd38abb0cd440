// What the model is told about acknowledged findings in the files one request reviews, so it does
// not raise them again. Pure. The text comes from the repository and goes inside the fence.
import type { AckEntry } from './ack-file.js';

/** The live entries about these files (or about no file, which every request sees); null when none. */
export function describeAcknowledged(
  entries: readonly Pick<AckEntry, 'file' | 'category' | 'severity' | 'title' | 'reason'>[],
  files: readonly string[],
): string | null {
  const paths = new Set(files);
  const relevant = entries.filter((e) => e.file === null || paths.has(e.file));
  if (relevant.length === 0) return null;
  return relevant
    .map(
      (e) =>
        `- ${e.file ?? '(no file)'} [${e.severity}, ${e.category}] ${e.title.replace(/\s+/g, ' ').trim()}\n  Acknowledged because: ${e.reason.replace(/\s+/g, ' ').trim()}`,
    )
    .join('\n');
}
