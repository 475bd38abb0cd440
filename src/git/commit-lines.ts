// The lines every pushed commit added, for the deterministic checks. The model reviews the net change,
// but a secret added in one commit and removed in the next is still in the pushed history, so the
// checks look at each commit on its own.
//
// Every text file counts, whatever include, exclude or neverSend say: a never-sent `.env` and a
// lockfile can hold a secret too. Binary files are left out (git prints no lines for them).
//
// Merge commits: a merge's diff against its first parent re-adds whatever the other side brought,
// which is either published history or pushed commits already checked on their own. What a merge
// adds by itself is what is in none of its parents: conflict resolutions, edits made while merging,
// and conflict markers committed as they were. That is exactly git's combined diff (`--cc`): a line
// counts when it is added relative to every parent. (`--remerge-diff` would miss markers committed
// verbatim, since they equal the re-merged result.)
import type { AddedLine } from '../checks/types.js';
import type { PushRange } from '../types.js';
import type { Git } from './exec-git.js';
import { parseDiff, unquoteGitPath } from './parse-diff.js';

/** Commits per git call; keeps argv short whatever the push size. */
const CHUNK = 200;

/** Settings in user or repository config that would change the output the parser relies on. */
const PINNED_CONFIG = [
  '-c', 'core.quotePath=false',
  '-c', 'diff.suppressBlankEmpty=false',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.relative=false',
  '-c', 'log.showRoot=true',
  '-c', 'log.showSignature=false',
  '-c', 'color.ui=false',
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
 * Separator before each commit's patch. Patch content lines always start with `+`, `-`, ` ` or `@`,
 * and names with control characters are quoted, so no line of a patch can start with this byte.
 */
const MARK = '\x01';

/** The added lines of every commit in the ranges, oldest commit first, each commit once. */
export async function collectCommitLines(git: Git, ranges: readonly PushRange[]): Promise<AddedLine[]> {
  const oids = [...new Set(ranges.flatMap((r) => r.commits))];
  const out: AddedLine[] = [];
  for (let i = 0; i < oids.length; i += CHUNK) {
    const chunk = oids.slice(i, i + CHUNK);
    const text = await git.run([...PINNED_CONFIG, 'log', ...LOG_FLAGS, `--format=${MARK}%H`, ...chunk, '--']);
    out.push(...parseCommitLog(text));
  }
  return out;
}

/** Parses `git log -p --cc --format=<MARK>%H` output into added lines. Pure. */
export function parseCommitLog(text: string): AddedLine[] {
  const out: AddedLine[] = [];
  const sections = text.split(new RegExp(`(?:^|\\n)${MARK}`));
  for (const section of sections) {
    const newline = section.indexOf('\n');
    const oid = (newline < 0 ? section : section.slice(0, newline)).trim();
    if (!/^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(oid)) continue;
    const patch = newline < 0 ? '' : section.slice(newline + 1);
    out.push(...addedLinesOfPatch(oid, patch));
  }
  return out;
}

function addedLinesOfPatch(commit: string, patch: string): AddedLine[] {
  const out: AddedLine[] = [];
  // Ordinary commits: git's two-way patch, parsed by the same parser as the reviewed diff.
  for (const file of parseDiff(patch)) {
    if (file.binary || file.status === 'deleted') continue;
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.kind === 'add' && line.newLine !== null) out.push({ commit, file: file.path, line: line.newLine, text: line.text });
      }
    }
  }
  // Merges: combined entries, which the two-way parser skips.
  for (const line of parseCombinedDiff(patch)) out.push({ commit, ...line });
  return out;
}

const COMBINED_HUNK = /^(@{3,}) (.*?) \1(?: |$)/;

/**
 * The lines a merge adds relative to every parent, from git's combined diff (`diff --cc` entries).
 * Each content line starts with one column per parent; a line is new to the merge when every column
 * is `+`. Other entries (`diff --git`) are ignored here. Pure.
 */
export function parseCombinedDiff(patch: string): Array<Omit<AddedLine, 'commit'>> {
  const out: Array<Omit<AddedLine, 'commit'>> = [];
  const lines = patch.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let file: string | null = null;
  let inEntry = false;
  let binary = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('diff --git ')) {
      inEntry = false;
      continue;
    }
    if (line.startsWith('diff --cc ') || line.startsWith('diff --combined ')) {
      inEntry = true;
      binary = false;
      file = unquoteGitPath(line.slice(line.indexOf(' ', 'diff --'.length) + 1));
      continue;
    }
    if (!inEntry) continue;
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      const unquoted = name.startsWith('"') ? unquoteGitPath(name) : name.replace(/\t+$/, '');
      file = unquoted === '/dev/null' ? null : unquoted.startsWith('b/') ? unquoted.slice(2) : unquoted;
      continue;
    }
    if (line.startsWith('Binary files ')) {
      binary = true;
      continue;
    }
    const header = COMBINED_HUNK.exec(line);
    if (!header) continue;
    const parents = header[1]!.length - 1;
    const ranges = header[2]!.split(' ');
    const result = /^\+(\d+)(?:,(\d+))?$/.exec(ranges[ranges.length - 1] ?? '');
    if (!result) continue;
    let newNo = Number(result[1]);
    let newLeft = result[2] === undefined ? 1 : Number(result[2]);
    // Old-side counts bound the removed lines, so the hunk's end is known without guessing.
    const oldLeft = ranges.slice(0, -1).map((r) => {
      const m = /^-(\d+)(?:,(\d+))?$/.exec(r);
      return m ? (m[2] === undefined ? 1 : Number(m[2])) : 0;
    });
    let j = i + 1;
    for (; j < lines.length && (newLeft > 0 || oldLeft.some((n) => n > 0)); j++) {
      const content = lines[j]!;
      if (content.startsWith('\\')) continue;
      const columns = content.slice(0, parents);
      if (columns.length < parents || /[^ +-]/.test(columns)) break;
      const text = content.slice(parents);
      if (columns.includes('-')) {
        // Present in some parents only, absent from the result.
        for (let p = 0; p < parents; p++) if (columns[p] === '-') oldLeft[p] = (oldLeft[p] ?? 1) - 1;
        continue;
      }
      for (let p = 0; p < parents; p++) if (columns[p] === ' ') oldLeft[p] = (oldLeft[p] ?? 1) - 1;
      if (file !== null && !binary && /^\++$/.test(columns)) out.push({ file, line: newNo, text });
      newNo++;
      newLeft--;
    }
    i = j - 1;
  }
  return out;
}
