// Renders the change for the prompt: a diffstat and the diff with new-file line numbers beside
// added and context lines, so the model can cite path:line exactly. Compact on purpose: every
// character is paid for in tokens.
import type { FileChange, SkippedFile } from '../domain/types.js';

/** A file, or a piece of one that was split across requests (its hunks are the piece's). */
export type DiffFile = FileChange & {
  /** Said in the file's header, e.g. "piece 2 of 3 of this file". */
  pieceNote?: string | null;
};

export function renderDiff(files: readonly DiffFile[]): string {
  return files.map(renderFile).join('\n');
}

function describe(file: DiffFile): string {
  const parts: string[] = [file.status];
  if (file.oldPath !== null && file.oldPath !== file.path) parts[0] = `${file.status} from ${file.oldPath}`;
  if (file.binary) parts.push('binary, content not shown');
  if (file.pieceNote) parts.push(file.pieceNote);
  return parts.join(', ');
}

function renderFile(file: DiffFile): string {
  if (file.status === 'deleted') {
    // A deleted file's old text costs tokens and has no new lines to cite.
    return `=== ${file.path} (deleted, -${file.deletions} lines, content not shown)`;
  }
  const out = [`=== ${file.path} (${describe(file)})`];
  if (!file.binary && file.hunks.length === 0) out.push('(no content change)');
  const width = String(Math.max(1, ...file.hunks.map((h) => h.newStart + h.newLines))).length;
  const blank = ' '.repeat(width);
  for (const hunk of file.hunks) {
    out.push(hunk.header.trim());
    for (const line of hunk.lines) {
      if (line.kind === 'del') out.push(`${blank} - ${line.text}`);
      else {
        const number = String(line.newLine ?? '').padStart(width);
        out.push(`${number} ${line.kind === 'add' ? '+' : ' '} ${line.text}`);
      }
    }
  }
  return out.join('\n');
}

export function renderDiffstat(files: readonly FileChange[], skipped: readonly SkippedFile[]): string {
  const width = Math.max(0, ...files.map((f) => f.path.length));
  const rows = files.map((f) => `${f.path.padEnd(width)} | ${f.binary ? 'binary' : `+${f.additions} -${f.deletions}`}`);
  const adds = files.reduce((sum, f) => sum + f.additions, 0);
  const dels = files.reduce((sum, f) => sum + f.deletions, 0);
  rows.push(`${files.length} file${files.length === 1 ? '' : 's'} changed, +${adds} -${dels}`);
  if (skipped.length > 0) rows.push(renderSkipped(skipped));
  return rows.join('\n');
}

/** Most file names listed per reason; the rest are counted (the report lists every one). */
const MAX_SKIPPED_NAMES = 20;

/** Files not sent, one line per reason: a lockfile's reason is not worth repeating per file. */
export function renderSkipped(skipped: readonly SkippedFile[]): string {
  const byReason = new Map<string, string[]>();
  for (const s of skipped) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s.file]);
  const rows = ['Not sent to review:'];
  for (const [reason, files] of byReason) {
    const names = files.slice(0, MAX_SKIPPED_NAMES).join(', ');
    const more = files.length > MAX_SKIPPED_NAMES ? ` and ${files.length - MAX_SKIPPED_NAMES} more` : '';
    rows.push(`- ${reason}: ${names}${more}`);
  }
  return rows.join('\n');
}
