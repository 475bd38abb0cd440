// Parses `git diff` patch text (a/ and b/ prefixes) into FileChange values. Pure: no git, no I/O.
//
// Hunks are read by their line counts rather than by guessing where they end, so empty context lines
// (diff.suppressBlankEmpty) and content that looks like a header are handled. Content lines lose one
// trailing CR, so CRLF files read like any other. `\ No newline at end of file` markers are dropped.
// Names come from `rename/copy from|to`, then `---`/`+++`, then the `diff --git` line, and are
// C-unquoted. A type change (file to symlink), which git prints as a deletion followed by a
// creation of the same path, becomes one `type-changed` entry.
import type { DiffLine, FileChange, FileStatus, Hunk } from '../domain/types.js';

interface Draft {
  gitLine: string;
  oldName: string | null | undefined;
  newName: string | null | undefined;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  added: boolean;
  deleted: boolean;
  binary: boolean;
  hunks: Hunk[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseDiff(text: string): FileChange[] {
  const lines = text.split('\n').map(stripCr);
  const files: FileChange[] = [];
  let draft: Draft | null = null;
  let inBinaryPatch = false;
  let skipping = false; // inside a combined (--cc) diff, which this parser does not model

  const finish = () => {
    if (draft) files.push(toFileChange(draft));
    draft = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      finish();
      draft = {
        gitLine: line.slice('diff --git '.length),
        oldName: undefined,
        newName: undefined,
        added: false,
        deleted: false,
        binary: false,
        hunks: [],
      };
      inBinaryPatch = false;
      skipping = false;
      continue;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      finish();
      skipping = true;
      continue;
    }
    if (skipping || !draft || inBinaryPatch) continue;
    const d: Draft = draft;

    if (line.startsWith('@@ ')) {
      const parsed = readHunk(lines, i);
      if (parsed) {
        d.hunks.push(parsed.hunk);
        i = parsed.end - 1;
      }
      continue;
    }
    if (d.hunks.length > 0) continue; // stray text after hunks (e.g. a no-newline marker)

    if (line.startsWith('new file mode ')) d.added = true;
    else if (line.startsWith('deleted file mode ')) d.deleted = true;
    else if (line.startsWith('rename from ')) d.renameFrom = unquoteGitPath(line.slice('rename from '.length));
    else if (line.startsWith('rename to ')) d.renameTo = unquoteGitPath(line.slice('rename to '.length));
    else if (line.startsWith('copy from ')) d.copyFrom = unquoteGitPath(line.slice('copy from '.length));
    else if (line.startsWith('copy to ')) d.copyTo = unquoteGitPath(line.slice('copy to '.length));
    else if (line.startsWith('Binary files ') && line.endsWith(' differ')) d.binary = true;
    else if (line === 'GIT binary patch') {
      d.binary = true;
      inBinaryPatch = true;
    } else if (line.startsWith('--- ')) d.oldName = patchName(line.slice(4), 'a/');
    else if (line.startsWith('+++ ')) d.newName = patchName(line.slice(4), 'b/');
  }
  finish();
  return mergeTypeChanges(files);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function readHunk(lines: string[], start: number): { hunk: Hunk; end: number } | null {
  const header = lines[start]!;
  const m = HUNK_HEADER.exec(header);
  if (!m) return null;
  const oldStart = Number(m[1]);
  const oldLines = m[2] === undefined ? 1 : Number(m[2]);
  const newStart = Number(m[3]);
  const newLines = m[4] === undefined ? 1 : Number(m[4]);
  const hunk: Hunk = { header, oldStart, oldLines, newStart, newLines, lines: [] };

  let oldLeft = oldLines;
  let newLeft = newLines;
  let oldNo = oldStart;
  let newNo = newStart;
  let i = start + 1;
  for (; i < lines.length && (oldLeft > 0 || newLeft > 0); i++) {
    const line = lines[i]!;
    const tag = line[0];
    let entry: DiffLine;
    if (tag === '\\') continue;
    if (tag === '+' && newLeft > 0) {
      entry = { kind: 'add', text: line.slice(1), oldLine: null, newLine: newNo++ };
      newLeft--;
    } else if (tag === '-' && oldLeft > 0) {
      entry = { kind: 'del', text: line.slice(1), oldLine: oldNo++, newLine: null };
      oldLeft--;
    } else if ((tag === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
      // An empty line is a context line whose leading space was suppressed.
      entry = { kind: 'context', text: line.slice(1), oldLine: oldNo++, newLine: newNo++ };
      oldLeft--;
      newLeft--;
    } else {
      break; // counts do not match the text: keep what was read
    }
    hunk.lines.push(entry);
  }
  // A marker right after the last line belongs to this hunk.
  while (i < lines.length && lines[i]!.startsWith('\\')) i++;
  return { hunk, end: i };
}

/** A `---`/`+++` name: null for /dev/null, else unquoted with its prefix removed. */
function patchName(raw: string, prefix: string): string | null {
  const name = raw.startsWith('"') ? unquoteGitPath(raw) : raw.replace(/\t+$/, '');
  if (name === '/dev/null') return null;
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

/** The two names on a `diff --git` line, which is ambiguous when names contain spaces. */
function gitLineNames(rest: string): [string, string] | null {
  if (rest.startsWith('"')) {
    const first = readQuoted(rest, 0);
    if (!first) return null;
    const tail = rest.slice(first.end).replace(/^ /, '');
    const second = tail.startsWith('"') ? readQuoted(tail, 0)?.value : tail;
    return second === undefined ? null : [stripPrefix(first.value, 'a/'), stripPrefix(second, 'b/')];
  }
  const quotedSecond = rest.indexOf(' "');
  if (quotedSecond > 0) {
    const second = readQuoted(rest, quotedSecond + 1);
    if (second) return [stripPrefix(rest.slice(0, quotedSecond), 'a/'), stripPrefix(second.value, 'b/')];
  }
  // Without a rename both names are equal: "a/<n> b/<n>".
  if ((rest.length - 1) % 2 === 0) {
    const half = (rest.length - 1) / 2;
    const left = rest.slice(0, half);
    const right = rest.slice(half + 1);
    if (rest[half] === ' ' && stripPrefix(left, 'a/') === stripPrefix(right, 'b/')) {
      return [stripPrefix(left, 'a/'), stripPrefix(right, 'b/')];
    }
  }
  const at = rest.indexOf(' b/');
  if (at > 0) return [stripPrefix(rest.slice(0, at), 'a/'), rest.slice(at + 3)];
  return null;
}

function stripPrefix(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length) : name;
}

function toFileChange(d: Draft): FileChange {
  const fromLine = gitLineNames(d.gitLine);
  let status: FileStatus = 'modified';
  let oldPath: string | null = null;
  let path: string;
  if (d.renameFrom !== undefined || d.renameTo !== undefined) {
    status = 'renamed';
    oldPath = d.renameFrom ?? d.oldName ?? fromLine?.[0] ?? null;
    path = d.renameTo ?? d.newName ?? fromLine?.[1] ?? '';
  } else if (d.copyFrom !== undefined || d.copyTo !== undefined) {
    status = 'copied';
    oldPath = d.copyFrom ?? d.oldName ?? fromLine?.[0] ?? null;
    path = d.copyTo ?? d.newName ?? fromLine?.[1] ?? '';
  } else {
    if (d.added) status = 'added';
    else if (d.deleted) status = 'deleted';
    path = (d.deleted ? d.oldName : d.newName) ?? d.newName ?? d.oldName ?? fromLine?.[d.deleted ? 0 : 1] ?? '';
  }
  let additions = 0;
  let deletions = 0;
  for (const hunk of d.hunks) {
    for (const l of hunk.lines) {
      if (l.kind === 'add') additions++;
      else if (l.kind === 'del') deletions++;
    }
  }
  return { path, oldPath, status, binary: d.binary, additions, deletions, hunks: d.hunks };
}

function mergeTypeChanges(files: FileChange[]): FileChange[] {
  const out: FileChange[] = [];
  for (const file of files) {
    const prev = out[out.length - 1];
    if (prev && prev.status === 'deleted' && file.status === 'added' && prev.path === file.path) {
      out[out.length - 1] = {
        path: file.path,
        oldPath: null,
        status: 'type-changed',
        binary: prev.binary || file.binary,
        additions: prev.additions + file.additions,
        deletions: prev.deletions + file.deletions,
        hunks: [...prev.hunks, ...file.hunks],
      };
      continue;
    }
    out.push(file);
  }
  return out;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Reads a C-quoted string starting at `start` (the opening quote); returns its value and end. */
function readQuoted(text: string, start: number): { value: string; end: number } | null {
  if (text[start] !== '"') return null;
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (ch === '\\') {
      const next = text[i + 1] ?? '';
      const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        bytes.push(parseInt(octal[0], 8));
        i += 4;
        continue;
      }
      const escaped = ESCAPES[next];
      if (escaped !== undefined) {
        bytes.push(escaped);
        i += 2;
        continue;
      }
      bytes.push(92); // unknown escape: keep the backslash literally
      i += 1;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const s = String.fromCodePoint(cp);
    bytes.push(...Buffer.from(s, 'utf8'));
    i += s.length;
  }
  return null; // no closing quote
}

/**
 * Undoes git's C-style quoting of a path (`"t\303\251st \"q\".txt"` → `tést "q".txt`): octal
 * escapes are UTF-8 bytes. Unquoted input is returned as is.
 */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  return readQuoted(raw, 0)?.value ?? raw;
}
