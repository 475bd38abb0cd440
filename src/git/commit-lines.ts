// The lines every pushed commit added, for the deterministic checks. The model reviews the net change,
// but a secret added in one commit and removed in the next is still in the pushed history, so the
// checks look at each commit on its own.
//
// Every text file counts, whatever include, exclude or neverSend say: a never-sent `.env` and a
// lockfile can hold a secret too. Binary files are left out (git prints no lines for them).
//
// One `git log -p` streams every commit, whatever their number: the oids go in on stdin, the patch
// comes out line by line and is parsed as it arrives, so memory holds one batch of lines, never the
// history. A line longer than MAX_LINE_CHARS arrives in pieces, each with the end of the previous
// one in front, so a secret across a cut is still seen whole.
//
// Merge commits: a merge's diff against its first parent re-adds whatever the other side brought,
// which is either published history or pushed commits already checked on their own. What a merge
// adds by itself is what is in none of its parents: conflict resolutions, edits made while merging,
// and conflict markers committed as they were. That is exactly git's combined diff (`--cc`): a line
// counts when it is added relative to every parent. (`--remerge-diff` would miss markers committed
// verbatim, since they equal the re-merged result.)
import type { AddedLine } from '../domain/types.js';
import type { PushRange } from '../domain/types.js';
import type { Git } from './exec-git.js';
import { unquoteGitPath } from './parse-diff.js';

/** Longest piece of a line handed to the checks at once; longer lines come in overlapping pieces. */
export const MAX_LINE_CHARS = 64 * 1024;
/** Characters of a long line's previous piece repeated in front of the next. */
const OVERLAP = 1024;

/** Settings in user or repository config that would change the output the parser relies on. */
const PINNED_CONFIG = [
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.suppressBlankEmpty=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
  '-c',
  'diff.relative=false',
  '-c',
  'log.showRoot=true',
  '-c',
  'log.showSignature=false',
  '-c',
  'color.ui=false',
];

const LOG_FLAGS = [
  '--no-walk=unsorted',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--src-prefix=a/',
  '--dst-prefix=b/',
  '--no-relative',
  // Only the changed lines are needed; no context keeps the output small.
  '--unified=0',
  // A moved file is not new content; a copied one is (copies are not detected).
  '-M',
  '--cc',
  '--ignore-submodules=all',
  '--no-notes',
];

/**
 * Separator before each commit's patch, and after its message. Patch content lines always start
 * with `+`, `-`, ` ` or `@`, and names with control characters are quoted, so no line of a patch
 * can start with these bytes.
 */
const MARK = '\x01';
const END_OF_MESSAGE = '\x02';

export interface StreamCommitLinesOptions {
  /** Also hand over each commit's message lines (`inMessage`), subject first. */
  messages: boolean;
}

/** Oids of every commit the ranges push, oldest first, each once; `everyCommit` when maxCommits capped a range. */
export function pushedCommits(ranges: readonly PushRange[]): string[] {
  const seen = new Set<string>();
  for (const range of ranges) for (const oid of range.everyCommit ?? range.commits) seen.add(oid);
  return [...seen];
}

/**
 * Streams the added lines of the given commits, oldest first, to `onLine` as git prints them. One
 * git process whatever the number of commits. `onLine` may return a promise (reading waits).
 */
export async function streamCommitLines(
  git: Git,
  commits: readonly string[],
  onLine: (line: AddedLine) => void | Promise<void>,
  options: StreamCommitLinesOptions,
): Promise<void> {
  if (commits.length === 0) return;
  let pending: AddedLine[] = [];
  const parser = createCommitLogParser((line) => pending.push(line), { messages: options.messages });
  // Awaits the reader, then hands over the rest of the lines one git line produced.
  const finish = async (first: Promise<void>, lines: readonly AddedLine[], from: number): Promise<void> => {
    await first;
    for (let i = from; i < lines.length; i++) {
      const result = onLine(lines[i]!);
      if (result) await result;
    }
  };
  const format = options.messages ? `--format=${MARK}%H%n%B${END_OF_MESSAGE}` : `--format=${MARK}%H`;
  await git.stream(
    [...PINNED_CONFIG, 'log', ...LOG_FLAGS, format, '--stdin', '--'],
    (text, continued) => {
      parser.line(text, continued);
      if (pending.length === 0) return undefined;
      const ready = pending;
      pending = [];
      // Synchronous unless the reader asks to wait: most lines must not cost a promise.
      for (let i = 0; i < ready.length; i++) {
        const result = onLine(ready[i]!);
        if (result) return finish(result, ready, i + 1);
      }
      return undefined;
    },
    { maxLineChars: MAX_LINE_CHARS, input: `${commits.join('\n')}\n` },
  );
}

/** Parses `git log -p --cc --format=<MARK>%H` output into added lines. Pure. */
export function parseCommitLog(text: string): AddedLine[] {
  const out: AddedLine[] = [];
  const parser = createCommitLogParser((line) => out.push(line), { messages: false });
  for (const line of text.split('\n')) parser.line(line, false);
  return out;
}

/**
 * The lines a merge adds relative to every parent, from git's combined diff (`diff --cc` entries).
 * Each content line starts with one column per parent; a line is new to the merge when every column
 * is `+`. Other entries (`diff --git`) are ignored here. Pure.
 */
export function parseCombinedDiff(patch: string): Array<Omit<AddedLine, 'commit'>> {
  const out: Array<Omit<AddedLine, 'commit'>> = [];
  const parser = createCommitLogParser(({ commit: _commit, ...line }) => out.push(line), { messages: false, combinedOnly: true });
  parser.line(`${MARK}${'0'.repeat(40)}`, false);
  for (const line of patch.split('\n')) parser.line(line, false);
  return out;
}

interface ParserOptions {
  messages: boolean;
  /** Ignore two-way (`diff --git`) entries: for parseCombinedDiff. */
  combinedOnly?: boolean;
}

interface OpenHunk {
  /** Parents of a combined hunk; 1 for a two-way hunk. */
  parents: number;
  newNo: number;
  newLeft: number;
  oldLeft: number[];
}

const OID = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/;
const TWO_WAY_HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
const COMBINED_HUNK = /^(@{3,}) (.*?) \1(?: |$)/;

/**
 * A line-at-a-time parser of `git log -p --cc` output: feed it each line (or piece of a long line)
 * and it calls `emit` with every added line. Hunks are read by their line counts, so content that
 * looks like a header is never mistaken for one. Pure.
 */
export function createCommitLogParser(emit: (line: AddedLine) => void, options: ParserOptions) {
  let commit: string | null = null;
  let mode: 'none' | 'message' | 'patch' = 'none';
  let messageNo = 0;
  let file: string | null = null;
  let combined = false;
  let binary = false;
  let hunk: OpenHunk | null = null;
  // The last line handed over, so the pieces of a long line continue it.
  let last: { file: string; line: number; inMessage: boolean; tail: string } | null = null;

  const hand = (fileName: string, lineNo: number, text: string, inMessage: boolean) => {
    emit(inMessage ? { commit, file: '', line: lineNo, text, inMessage: true } : { commit, file: fileName, line: lineNo, text });
    last = { file: fileName, line: lineNo, inMessage, tail: text.slice(-OVERLAP) };
  };

  const content = (line: string): boolean => {
    const h = hunk!;
    if (line.startsWith('\\')) return true;
    const columns = line.slice(0, h.parents);
    if (columns.length < h.parents || /[^ +-]/.test(columns)) return false;
    if (h.parents === 1) {
      const tag = columns;
      if (tag === '+' && h.newLeft > 0) {
        if (file !== null && !binary) hand(file, h.newNo, line.slice(1), false);
        h.newNo++;
        h.newLeft--;
      } else if (tag === '-' && h.oldLeft[0]! > 0) {
        h.oldLeft[0]!--;
      } else if (tag === ' ' && h.oldLeft[0]! > 0 && h.newLeft > 0) {
        h.oldLeft[0]!--;
        h.newNo++;
        h.newLeft--;
      } else {
        return false;
      }
      return true;
    }
    if (columns.includes('-')) {
      // Present in some parents only, absent from the result.
      for (let p = 0; p < h.parents; p++) if (columns[p] === '-') h.oldLeft[p] = (h.oldLeft[p] ?? 1) - 1;
      return true;
    }
    for (let p = 0; p < h.parents; p++) if (columns[p] === ' ') h.oldLeft[p] = (h.oldLeft[p] ?? 1) - 1;
    if (file !== null && !binary && /^\++$/.test(columns)) hand(file, h.newNo, line.slice(h.parents), false);
    h.newNo++;
    h.newLeft--;
    return true;
  };

  const header = (line: string) => {
    if (line.startsWith('diff --git ')) {
      combined = false;
      binary = false;
      file = null;
      return;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      combined = true;
      binary = false;
      file = unquoteGitPath(line.slice(line.indexOf(' ', 'diff --'.length) + 1));
      return;
    }
    if (options.combinedOnly && !combined) return;
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      const unquoted = name.startsWith('"') ? unquoteGitPath(name) : name.replace(/\t+$/, '');
      file = unquoted === '/dev/null' ? null : unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
      return;
    }
    if (line.startsWith('Binary files ')) {
      binary = true;
      return;
    }
    if (!combined) {
      const m = TWO_WAY_HUNK.exec(line);
      if (m)
        hunk = {
          parents: 1,
          newNo: Number(m[2]),
          newLeft: m[3] === undefined ? 1 : Number(m[3]),
          oldLeft: [m[1] === undefined ? 1 : Number(m[1])],
        };
      return;
    }
    const m = COMBINED_HUNK.exec(line);
    if (!m) return;
    const ranges = m[2]!.split(' ');
    const result = /^\+(\d+)(?:,(\d+))?$/.exec(ranges[ranges.length - 1] ?? '');
    if (!result) return;
    // Old-side counts bound the removed lines, so the hunk's end is known without guessing.
    const oldLeft = ranges.slice(0, -1).map((r) => {
      const o = /^-(\d+)(?:,(\d+))?$/.exec(r);
      return o ? (o[2] === undefined ? 1 : Number(o[2])) : 0;
    });
    hunk = { parents: m[1]!.length - 1, newNo: Number(result[1]), newLeft: result[2] === undefined ? 1 : Number(result[2]), oldLeft };
  };

  return {
    line(raw: string, continued: boolean): void {
      if (continued) {
        // The rest of a long line: only an added line's (or message line's) pieces matter.
        if (last !== null && raw !== '') {
          const text = last.tail + (raw.endsWith('\r') ? raw.slice(0, -1) : raw);
          hand(last.file, last.line, text, last.inMessage);
        }
        return;
      }
      last = null;
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.startsWith(MARK)) {
        const oid = line.slice(1).trim();
        commit = OID.test(oid) ? oid : null;
        mode = commit === null ? 'none' : options.messages ? 'message' : 'patch';
        messageNo = 0;
        file = null;
        hunk = null;
        return;
      }
      if (mode === 'none') return;
      if (mode === 'message') {
        const end = line.indexOf(END_OF_MESSAGE);
        const text = end < 0 ? line : line.slice(0, end);
        messageNo++;
        if (end < 0 || text !== '') hand('', messageNo, text, true);
        if (end >= 0) mode = 'patch';
        return;
      }
      if (hunk !== null) {
        if (content(line)) {
          const h: OpenHunk = hunk;
          if (h.newLeft <= 0 && h.oldLeft.every((n) => n <= 0)) hunk = null;
          return;
        }
        hunk = null; // counts do not match the text: keep what was read
      }
      header(line);
    },
  };
}
