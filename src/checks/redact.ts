// Redaction: a copy of what will be sent to the model with every secret replaced by a marker such as
// `[REDACTED github-token]`. Only the secret goes; the rest of its line stays, so the code around it
// is still reviewed.
//
// Two passes, so that neither has to be perfect:
// 1. The same detectors the checks use run over everything that is sent: each file's new side
//    (context and added lines) and old side (context and removed lines), hunk headers (git copies a
//    line of the file into them) and commit messages. What they find is replaced where it is.
// 2. Every secret text found, by that scan or by the checks over each pushed commit, is replaced
//    wherever else it occurs (another file, a commit message, a line the scan saw out of context).
// Allowed or disabled checks change what blocks, never what is sent.
import type { Changeset, CommitInfo, DiffLine, FileChange, Hunk } from '../domain/types.js';
import { type SecretHit, scanManySecrets } from './secret-scan.js';
import { replaceSpans } from './spans.js';
import type { SecretValue } from './types.js';

export interface Redaction {
  /** A copy of the input with secrets replaced; the input is never changed. */
  changeset: Changeset;
  /** How many distinct secret texts were found in what would have been sent. */
  count: number;
  /** Their kinds, sorted, each once. */
  kinds: string[];
}

export function redactionMarker(kind: string): string {
  return `[REDACTED ${kind}]`;
}

/** Shorter texts are only replaced where a detector found them, never everywhere. */
const MIN_GLOBAL_LENGTH = 8;
/** PEM armour lines are not secret, and replacing them everywhere would hide code that handles keys. */
const ARMOUR = /-{4,5} ?(?:BEGIN|END) /;

interface Pending {
  start: number;
  end: number;
  marker: string;
}

/** Lines whose text may be rewritten, scanned together so multi-line secrets (keys) are seen whole. */
class Sheet {
  readonly pending = new Map<number, Pending[]>();
  constructor(readonly lines: string[]) {}

  /** Takes the secrets found in the lines; remembers their text in `found` (for the global pass) and `seen`. */
  take(hits: readonly SecretHit[], found: Map<string, string>, seen: Map<string, string>): void {
    for (const hit of hits) {
      seen.set(hit.value, hit.kind);
      for (const span of hit.spans) {
        const list = this.pending.get(span.line) ?? [];
        list.push({ start: span.start, end: span.end, marker: redactionMarker(hit.kind) });
        this.pending.set(span.line, list);
        rememberValue(found, this.lines[span.line]!.slice(span.start, span.end), hit.kind);
      }
    }
  }

  /** Line `i` with the secrets found in it replaced, then every known secret text. */
  text(i: number, global: GlobalReplacer): string {
    const spans = this.pending.get(i);
    const text = spans ? replaceSpans(this.lines[i]!, spans) : this.lines[i]!;
    return global(text);
  }
}

type GlobalReplacer = (text: string) => string;

interface SheetScan {
  sheet: Sheet;
  filePath: string;
}

/** Scans the sheets together and gives each its hits, in order. */
async function scanSheets(scans: readonly SheetScan[], found: Map<string, string>, seen: Map<string, string>): Promise<void> {
  const hits = await scanManySecrets(scans.map(({ sheet, filePath }) => ({ lines: sheet.lines, filePath })));
  for (const [i, { sheet }] of scans.entries()) sheet.take(hits[i]!, found, seen);
}

function rememberValue(found: Map<string, string>, value: string, kind: string): void {
  for (const piece of value.split('\n')) {
    const text = piece.trim();
    if (text.length < MIN_GLOBAL_LENGTH || ARMOUR.test(text) || found.has(text)) continue;
    found.set(text, kind);
  }
}

function globalReplacer(found: Map<string, string>): GlobalReplacer {
  // Longest first, so a secret that contains another is replaced whole.
  const values = [...found.entries()].sort((a, b) => b[0].length - a[0].length);
  return (text) => {
    let out = text;
    for (const [value, kind] of values) {
      if (out.includes(value)) out = out.split(value).join(redactionMarker(kind));
    }
    return out;
  };
}

/** Returns a redacted copy of the changeset: everything the prompt is built from. */
export async function redactChangeset(changeset: Changeset, known: readonly SecretValue[]): Promise<Redaction> {
  const found = new Map<string, string>();
  for (const secret of known) rememberValue(found, secret.value, secret.kind);
  // Distinct secrets in what would have been sent, for the count.
  const seen = new Map<string, string>();

  // Pass 1: scan what is sent, file by file, side by side, all in one go (see scanManySecrets).
  const scans: SheetScan[] = [];
  const fileSheets: Array<{ file: FileChange; headers: Sheet; index: Map<DiffLine, { side: Sheet; i: number }> }> = [];
  for (const file of changeset.files) {
    const newLines: string[] = [];
    const oldLines: string[] = [];
    const index = new Map<DiffLine, { side: Sheet; i: number }>();
    const newSide = new Sheet(newLines);
    const oldSide = new Sheet(oldLines);
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.kind !== 'del') {
          index.set(line, { side: newSide, i: newLines.length });
          newLines.push(line.text);
        }
        if (line.kind !== 'add') {
          // Context lines are in both sides; the new side's copy is the one rewritten, and what the
          // old side finds in them is replaced through the global pass.
          if (line.kind === 'del') index.set(line, { side: oldSide, i: oldLines.length });
          oldLines.push(line.text);
        }
      }
    }
    const headers = new Sheet(file.hunks.map((h) => h.header));
    scans.push({ sheet: newSide, filePath: file.path }, { sheet: oldSide, filePath: file.path }, { sheet: headers, filePath: file.path });
    fileSheets.push({ file, headers, index });
  }
  const messageSheets: Sheet[] = [];
  for (const commit of changeset.commits) {
    const sheet = new Sheet([commit.subject, ...commit.body.split('\n')]);
    scans.push({ sheet, filePath: 'COMMIT_EDITMSG' });
    messageSheets.push(sheet);
  }
  await scanSheets(scans, found, seen);
  const global = globalReplacer(found);

  // Pass 2: rebuild with spans replaced and every known secret text replaced everywhere.
  const files: FileChange[] = fileSheets.map(({ file, headers, index }) => ({
    ...file,
    hunks: file.hunks.map(
      (hunk, h): Hunk => ({
        ...hunk,
        header: headers.text(h, global),
        lines: hunk.lines.map((line): DiffLine => {
          const at = index.get(line)!;
          return { ...line, text: at.side.text(at.i, global) };
        }),
      }),
    ),
  }));
  const commits: CommitInfo[] = changeset.commits.map((commit, c) => {
    const sheet = messageSheets[c]!;
    return {
      ...commit,
      subject: sheet.text(0, global),
      body: commit.body
        .split('\n')
        .map((_, i) => sheet.text(i + 1, global))
        .join('\n'),
    };
  });

  // Secrets the checks found in some commit count too when they are in what was going to be sent.
  for (const secret of known) if (!seen.has(secret.value) && appearsIn(changeset, secret.value)) seen.set(secret.value, secret.kind);
  return { changeset: { ...changeset, files, commits }, count: seen.size, kinds: [...new Set(seen.values())].sort() };
}

function appearsIn(changeset: Changeset, value: string): boolean {
  return (
    changeset.files.some((f) => f.hunks.some((h) => h.header.includes(value) || h.lines.some((l) => l.text.includes(value)))) ||
    changeset.commits.some((c) => c.subject.includes(value) || c.body.includes(value))
  );
}

/** Redacts one piece of text (tracker text, a document) the same way: its own scan plus known secrets. */
export async function redactText(text: string, known: readonly SecretValue[], filePath = 'context.txt'): Promise<string> {
  const found = new Map<string, string>();
  for (const secret of known) rememberValue(found, secret.value, secret.kind);
  const sheet = new Sheet(text.split('\n'));
  await scanSheets([{ sheet, filePath }], found, new Map());
  const global = globalReplacer(found);
  return sheet.lines.map((_, i) => sheet.text(i, global)).join('\n');
}

/**
 * Redacts several texts at once (the task context: tracker text, plan excerpts, the author's claims,
 * the previous round), keeping nulls; returns a copy of the same shape.
 */
export async function redactTexts<T extends Record<string, string | null>>(texts: T, known: readonly SecretValue[]): Promise<T> {
  const out: Record<string, string | null> = {};
  for (const [key, text] of Object.entries(texts)) out[key] = text === null ? null : await redactText(text, known);
  return out as T;
}
