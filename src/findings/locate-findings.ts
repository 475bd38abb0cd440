// Checks that what the model cites exists in the reviewed change, and corrects line numbers with
// the model's quote of the offending line. An unlocated finding is kept but marked, so a
// hallucinated file:line can never block a push on its own.
//
// A finding is located when its file is one of the reviewed files and its line exists in the new
// file. When the cited line does not hold the quoted code but another line does (models often
// miscount by a few lines, or cite the old side), the finding moves to the nearest such line: in
// the diff first (what the model saw), then anywhere in the file at the pushed head.
import type { FileChange, Finding, ModelReview } from '../domain/types.js';

/** Reads a file as the push leaves it, or null when it does not exist there. */
export type FileReader = (path: string) => Promise<string | null>;

/** A finding as the model gave it, with its quote of the cited line when it gave one. */
export type CitedFinding = ModelReview['findings'][number] & { quote?: string | null };

/** Quotes shorter than this ("}", "x++") match too many lines to move a finding by. */
const MIN_QUOTE_LENGTH = 4;

/** Models often cite `a/src/x.ts`, `./src/x.ts` or `src/x.ts:12`; reduce to the repository path. */
export function normalizeCitedPath(file: string): string {
  let path = file.trim().replace(/^`|`$/g, '');
  path = path.replace(/:\d+(?:-\d+)?$/, '');
  if (/^[ab]\//.test(path)) path = path.slice(2);
  if (path.startsWith('./')) path = path.slice(2);
  return path;
}

/** The reviewed file a citation means: the exact path, else the one reviewed file with that path as its tail. */
export function resolveCitedFile(cited: string, reviewed: ReadonlyMap<string, FileChange>): string {
  const path = normalizeCitedPath(cited);
  if (reviewed.has(path) || path === '') return path;
  const tails = [...reviewed.keys()].filter((p) => p.endsWith(`/${path}`));
  return tails.length === 1 ? tails[0]! : path;
}

/** Code as compared: whitespace runs folded, and a copied diff prefix ("12 + ", "+ ") removed. */
export function normalizeCode(text: string): string {
  return text
    .replace(/^\s*\d+\s+[+ -]\s/, '')
    .replace(/^[+-]\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The quote's first line worth matching on, and how many lines below the quote's start it is. */
function anchorOf(quote: string | null | undefined): { text: string; offset: number } | null {
  if (typeof quote !== 'string') return null;
  const lines = quote.replace(/^`+|`+$/g, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = normalizeCode(lines[i]!);
    if (text.length >= MIN_QUOTE_LENGTH) return { text, offset: i };
  }
  return null;
}

function holds(lineText: string, anchor: string): boolean {
  return normalizeCode(lineText).includes(anchor);
}

/** New-file lines the diff shows (added and context), by line number. */
function diffLines(change: FileChange): Map<number, string> {
  const lines = new Map<number, string>();
  for (const hunk of change.hunks) {
    for (const line of hunk.lines) if (line.newLine !== null) lines.set(line.newLine, line.text);
  }
  return lines;
}

/** The line among `candidates` nearest to `near` (the earlier on a tie), or null. */
function nearest(candidates: readonly number[], near: number | null): number | null {
  if (candidates.length === 0) return null;
  if (near === null) return candidates.length === 1 ? candidates[0]! : null;
  return [...candidates].sort((a, b) => Math.abs(a - near) - Math.abs(b - near) || a - b)[0]!;
}

export async function locateFindings(
  findings: readonly CitedFinding[],
  reviewedFiles: readonly FileChange[],
  readFile: FileReader,
): Promise<Finding[]> {
  const reviewed = new Map(reviewedFiles.map((f) => [f.path, f]));
  const contents = new Map<string, Promise<string[] | null>>();
  const linesAtHead = (path: string): Promise<string[] | null> => {
    let lines = contents.get(path);
    if (!lines) {
      lines = readFile(path).then((text) => (text === null ? null : splitLines(text)));
      contents.set(path, lines);
    }
    return lines;
  };

  const located: Finding[] = [];
  for (const cited of findings) {
    // The quote helps locate and names the code for the fingerprint; it is not part of the report.
    const { quote, ...finding } = cited;
    const base = { ...finding, id: '', source: 'llm' as const, code: quoteText(quote) };
    if (finding.file === null || finding.file.trim() === '') {
      located.push({ ...base, file: null, line: null, endLine: null, located: true });
      continue;
    }
    const path = resolveCitedFile(finding.file, reviewed);
    const change = reviewed.get(path);
    const shown = change ? diffLines(change) : new Map<number, string>();
    if (!change || impossibleCitation(cited, (await linesAtHead(path))?.length ?? null)) {
      located.push({ ...base, file: path, located: false });
      continue;
    }
    // The code a located finding is about is its first cited line as the push leaves it: the same
    // text whichever words the model quoted it with.
    const codeAt = async (line: number | null): Promise<string | null> => {
      if (line === null) return base.code;
      const text = shown.get(line) ?? (await linesAtHead(path))?.[line - 1];
      return text === undefined ? base.code : text;
    };

    const anchor = anchorOf(quote);
    const cite = finding.line;
    const citedText = cite === null ? undefined : (shown.get(cite) ?? (await linesAtHead(path))?.[cite - 1]);
    const exists = cite !== null && citedText !== undefined;

    if (anchor === null || (exists && holds(citedText, anchor.text))) {
      located.push({ ...base, file: path, located: cite === null || exists, code: exists ? citedText : base.code });
      continue;
    }

    // The quote is not on the cited line: look for it where the model saw code, then in the file.
    const inDiff = [...shown].filter(([, text]) => holds(text, anchor.text)).map(([n]) => n);
    let found = nearest(inDiff, cite);
    if (found === null && inDiff.length === 0) {
      const all = (await linesAtHead(path)) ?? [];
      found = nearest(
        all.flatMap((text, i) => (holds(text, anchor.text) ? [i + 1] : [])),
        cite,
      );
    }
    if (found === null) {
      located.push({ ...base, file: path, located: cite === null || exists, code: exists ? citedText : base.code });
      continue;
    }
    const line = Math.max(1, found - anchor.offset);
    const endLine = finding.endLine !== null && cite !== null ? Math.max(line, finding.endLine + (line - cite)) : finding.endLine;
    located.push({ ...base, file: path, line, endLine: endLine === line ? null : endLine, located: true, code: await codeAt(line) });
  }
  return located;
}

/** Lines a citation may span; a model citing more is not pointing at anything. */
export const MAX_CITED_SPAN = 1000;

/**
 * A citation no file can hold: a line the answer gave as zero, negative or not a whole number
 * (marked by coerce-review), an end past the file's last line, or an absurd range.
 */
function impossibleCitation(cited: CitedFinding, fileLines: number | null): boolean {
  if ((cited as { impossibleLine?: boolean }).impossibleLine === true) return true;
  const { line, endLine } = cited;
  if (line === null) return false;
  if (endLine !== null && endLine - line > MAX_CITED_SPAN) return true;
  return fileLines !== null && endLine !== null && endLine > fileLines;
}

function quoteText(quote: string | null | undefined): string | null {
  return typeof quote === 'string' && quote.trim() !== '' ? quote : null;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((l) => l.replace(/\r$/, ''));
}
