// Collects what will be reviewed: the net diff of each pushed range, filtered by the path settings,
// plus every file left out and why. Deleted files are listed without their old content (git's -D),
// since the reviewer needs to know they are gone, not to read them.
import type { Changeset, FileChange, FileStatus, PushRange, SkippedFile } from '../domain/types.js';
import { readCommits } from './commits.js';
import type { Git } from './exec-git.js';
import { parseDiff } from './parse-diff.js';
import { createPathMatcher, type PathMatcher } from './path-filter.js';
import type { RepoInfo } from './repo.js';
import { DEFAULT_MAX_PUSH_TOKENS, sizeLimits, tooLargeReasons, type SizeLimits } from './size-limits.js';

export interface ChangesetFilter {
  /** Files reviewed must match one of these (an empty list means every file). */
  include: string[];
  exclude: string[];
  /** Never sent anywhere, whatever include says; matched against the old name of a rename too. */
  neverSend: string[];
  /** Sets the size limits (see size-limits.ts); the default's when absent. */
  maxPushTokens?: number;
}

/** Settings user or repository config could change and the parser relies on. */
const PINNED_CONFIG = [
  '-c',
  'core.quotePath=false',
  '-c',
  'diff.suppressBlankEmpty=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'diff.mnemonicPrefix=false',
];
const COMMON_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '-M', '--no-relative', '--ignore-submodules=none'];

/** More reviewed files than this and the patch is fetched whole rather than by pathspec. */
const MAX_PATHSPECS = 1000;

/** One entry of `git diff --raw --numstat -z`. */
export interface SummaryEntry {
  path: string;
  oldPath: string | null;
  status: FileStatus;
  binary: boolean;
  additions: number;
  deletions: number;
}

export async function collectChangeset(
  git: Git,
  _repo: RepoInfo, // ranges already carry the empty-tree base where one is needed
  ranges: PushRange[],
  filter: ChangesetFilter,
): Promise<Changeset> {
  const include = filter.include.length > 0 ? createPathMatcher(filter.include) : null;
  const exclude = createPathMatcher(filter.exclude);
  const neverSend = createPathMatcher(filter.neverSend);

  const files: FileChange[] = [];
  const seenFiles = new Set<string>();
  const skipped: SkippedFile[] = [];
  const seenSkipped = new Set<string>();

  const limits = sizeLimits(filter.maxPushTokens ?? DEFAULT_MAX_PUSH_TOKENS);
  const budget = { left: limits.pushBytes };
  const addSkipped = (file: string, reason: string) => {
    const key = `${file}\0${reason}`;
    if (!seenSkipped.has(key)) {
      seenSkipped.add(key);
      skipped.push({ file, reason });
    }
  };

  for (const range of ranges) {
    const entries = await readSummary(git, range.base, range.head);
    const reviewed: SummaryEntry[] = [];
    for (const entry of entries) {
      const reason = skipReason(entry, { include, exclude, neverSend });
      if (reason === null) {
        reviewed.push(entry);
        continue;
      }
      addSkipped(entry.path, reason);
    }
    const read = await readFiles(git, range.base, range.head, reviewed, limits, budget);
    for (const entry of read.tooLarge) addSkipped(entry.file, entry.reason);
    for (const file of read.files) {
      const key = JSON.stringify([file.path, file.oldPath, file.status, file.hunks]);
      if (seenFiles.has(key)) continue;
      seenFiles.add(key);
      files.push(file);
    }
  }

  const commits = await readCommits(
    git,
    ranges.flatMap((r) => r.commits),
  );
  return { ranges, commits, files, skipped };
}

function skipReason(entry: SummaryEntry, m: { include: PathMatcher | null; exclude: PathMatcher; neverSend: PathMatcher }): string | null {
  const secret = m.neverSend.match(entry.path) ?? (entry.oldPath === null ? null : m.neverSend.match(entry.oldPath));
  if (secret !== null) return `never sent (${secret})`;
  if (m.include && m.include.match(entry.path) === null) return 'not matched by include patterns';
  const excluded = m.exclude.match(entry.path);
  if (excluded !== null) return `excluded by pattern ${excluded}`;
  if (entry.binary) return 'binary';
  return null;
}

/** Names, status and line counts, straight from git (NUL-separated, never quoted). */
async function readSummary(git: Git, base: string, head: string): Promise<SummaryEntry[]> {
  const out = await git.run([...PINNED_CONFIG, 'diff', ...COMMON_FLAGS, '--raw', '--numstat', '-z', base, head, '--']);
  return parseRawNumstat(out);
}

/** Parses `git diff --raw --numstat -z` output: all raw records, then all numstat records. */
export function parseRawNumstat(out: string): SummaryEntry[] {
  const tokens = out.split('\0');
  const entries: SummaryEntry[] = [];
  let i = 0;
  while (i < tokens.length && tokens[i]!.startsWith(':')) {
    const meta = tokens[i]!.slice(1).split(' ');
    const letter = (meta[4] ?? 'M')[0]!;
    if (letter === 'R' || letter === 'C') {
      entries.push({
        path: tokens[i + 2] ?? '',
        oldPath: tokens[i + 1] ?? null,
        status: letter === 'R' ? 'renamed' : 'copied',
        binary: false,
        additions: 0,
        deletions: 0,
      });
      i += 3;
    } else {
      const status: FileStatus = letter === 'A' ? 'added' : letter === 'D' ? 'deleted' : letter === 'T' ? 'type-changed' : 'modified';
      entries.push({ path: tokens[i + 1] ?? '', oldPath: null, status, binary: false, additions: 0, deletions: 0 });
      i += 2;
    }
  }
  let n = 0;
  while (i < tokens.length) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(tokens[i]!);
    if (!m) {
      i++;
      continue;
    }
    let path = m[3]!;
    if (path === '') {
      path = tokens[i + 2] ?? '';
      i += 3;
    } else {
      i += 1;
    }
    // Same order as the raw records; look the path up only if that ever disagrees.
    const entry = entries[n]?.path === path ? entries[n] : entries.find((e) => e.path === path);
    n++;
    if (!entry) continue;
    entry.binary = m[1] === '-' && m[2] === '-';
    entry.additions = entry.binary ? 0 : Number(m[1]);
    entry.deletions = entry.binary ? 0 : Number(m[2]);
  }
  return entries;
}

/**
 * The patch of the reviewed files, parsed; git's summary stays authoritative for names and status.
 * Streamed file by file: a file over the size limits is dropped as it arrives (only its header is
 * kept, to name it), so memory holds one file's patch beyond what will be sent.
 */
async function readFiles(
  git: Git,
  base: string,
  head: string,
  reviewed: SummaryEntry[],
  limits: SizeLimits,
  budget: { left: number },
): Promise<{ files: FileChange[]; tooLarge: SkippedFile[] }> {
  if (reviewed.length === 0) return { files: [], tooLarge: [] };
  const args = [
    ...PINNED_CONFIG,
    'diff',
    ...COMMON_FLAGS,
    '--src-prefix=a/',
    '--dst-prefix=b/',
    '--unified=3',
    '--submodule=short',
    '--irreversible-delete',
    base,
    head,
    '--',
  ];
  // Asking only for the reviewed paths keeps excluded lockfiles and never-send files out of memory.
  if (reviewed.length <= MAX_PATHSPECS) {
    const paths = new Set<string>();
    for (const e of reviewed) {
      paths.add(e.path);
      if (e.oldPath !== null) paths.add(e.oldPath);
    }
    // top: pathspecs are otherwise relative to the current directory, even with --no-relative.
    for (const p of paths) args.push(`:(top,literal)${p}`);
  }
  const wanted = new Set(reviewed.map((e) => e.path));
  const byPath = new Map<string, FileChange>();
  const tooLarge = new Map<string, string>();

  // One file's section of the patch: `diff --git` up to the next one.
  let section: string[] = [];
  let bytes = 0;
  let inHunks = false;
  let over: string | null = null;
  const close = () => {
    if (section.length === 0) return;
    const text = section.join('\n');
    section = [];
    if (over !== null) {
      // Only the header was kept: enough to name the file.
      for (const file of parseDiff(text)) if (wanted.has(file.path)) tooLarge.set(file.path, over);
    } else {
      for (const file of parseDiff(text)) {
        if (!wanted.has(file.path)) continue;
        if (bytes > budget.left) {
          tooLarge.set(file.path, tooLargeReasons.push(limits));
          continue;
        }
        budget.left -= bytes;
        byPath.set(file.path, file);
      }
    }
    bytes = 0;
    inHunks = false;
    over = null;
  };
  await git.stream(
    args,
    (line, continued) => {
      if (!continued && line.startsWith('diff --git ')) close();
      if (continued) {
        over ??= tooLargeReasons.line(limits);
        return;
      }
      if (line.startsWith('@@')) inHunks = true;
      bytes += line.length + 1;
      if (over === null && bytes > limits.fileBytes) over = tooLargeReasons.file(limits);
      if (over === null && bytes > budget.left) over = tooLargeReasons.push(limits);
      if (over !== null && inHunks) return;
      section.push(line);
    },
    // A longer line arrives in pieces, which is how it is recognised.
    { maxLineChars: limits.lineChars },
  );
  close();

  const files: FileChange[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of reviewed) {
    const reason = tooLarge.get(entry.path);
    if (reason !== undefined) {
      skipped.push({ file: entry.path, reason });
      continue;
    }
    const patch = byPath.get(entry.path);
    files.push({
      path: entry.path,
      oldPath: entry.oldPath,
      status: entry.status,
      binary: entry.binary,
      additions: entry.additions,
      deletions: entry.deletions,
      hunks: patch?.hunks ?? [],
    });
  }
  return { files, tooLarge: skipped };
}

/** A short `git diff --stat`-like summary of the given files. */
export function diffStat(files: readonly FileChange[]): string {
  if (files.length === 0) return ' 0 files changed\n';
  const names = files.map((f) => (f.oldPath !== null && f.oldPath !== f.path ? `${f.oldPath} => ${f.path}` : f.path));
  // Loops, not Math.max(...list): spreading a list of many thousands of files overflows the stack.
  let nameWidth = 0;
  for (const n of names) nameWidth = Math.max(nameWidth, n.length);
  let maxChange = 1;
  for (const f of files) maxChange = Math.max(maxChange, f.additions + f.deletions);
  const countWidth = String(maxChange).length;
  const barWidth = 40;
  let insertions = 0;
  let deletions = 0;
  const lines = files.map((f, i) => {
    const name = names[i]!.padEnd(nameWidth);
    if (f.binary) return ` ${name} | Bin`;
    insertions += f.additions;
    deletions += f.deletions;
    const total = f.additions + f.deletions;
    const scale = maxChange > barWidth ? barWidth / maxChange : 1;
    let plus = Math.round(f.additions * scale);
    let minus = Math.round(f.deletions * scale);
    // Never hide a change entirely by rounding.
    if (f.additions > 0 && plus === 0) plus = 1;
    if (f.deletions > 0 && minus === 0) minus = 1;
    const bar = '+'.repeat(plus) + '-'.repeat(minus);
    return ` ${name} | ${String(total).padStart(countWidth)}${bar ? ` ${bar}` : ''}`;
  });
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  let summary = ` ${plural(files.length, 'file')} changed`;
  if (insertions > 0 || deletions === 0) summary += `, ${plural(insertions, 'insertion')}(+)`;
  if (deletions > 0) summary += `, ${plural(deletions, 'deletion')}(-)`;
  return `${lines.join('\n')}\n${summary}\n`;
}
