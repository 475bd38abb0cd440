// Judges what the checks found in pushed commits against the tree being pushed, and says where.
//
// - Conflict markers break the code only if the pushed head still has them: markers an intermediate
//   commit added and a later one removed become a note that names the commit, never a finding.
// - Secrets and private keys block wherever they are (the history is published too), but a finding
//   is placed on the head's line only when the head still has that text; otherwise it keeps the
//   commit's file and line and names the commit (Finding.commit), so no report puts it on an
//   unrelated line of the head. The advice gives the git commands that remove it from history.
import type { Git } from '../git/exec-git.js';
import type { PushRange } from '../domain/types.js';
import { CLOSE, OPEN } from './conflict-markers.js';
import { historyOnlyAdvice, messageAdvice, stillPresentAdvice } from './history-advice.js';
import type { RawFinding } from './registry.js';

/** Longest piece of a head file's line looked at once; longer lines are read in overlapping pieces. */
const MAX_LINE_CHARS = 64 * 1024;
const OVERLAP = 1024;

export interface Placed {
  findings: RawFinding[];
  notes: string[];
}

export async function placeInHistory(git: Git, ranges: readonly PushRange[], raw: readonly RawFinding[]): Promise<Placed> {
  const out: RawFinding[] = [];
  const notes: string[] = [];
  const roots = new Map<string, Promise<boolean>>();
  const isRoot = (commit: string) => {
    let known = roots.get(commit);
    if (!known) {
      known = git.run(['rev-list', '--parents', '-n', '1', commit, '--']).then((line) => line.trim().split(' ').length === 1);
      roots.set(commit, known);
    }
    return known;
  };
  const sets = ranges.map((r) => ({ range: r, commits: new Set(r.everyCommit ?? r.commits) }));
  const rangeOf = (commit: string) => sets.find((s) => s.commits.has(commit))?.range ?? null;

  for (const item of raw) {
    const { found } = item;
    const commit = found.commit ?? null;
    const range = commit === null ? null : rangeOf(commit);
    if (commit === null || range === null) {
      out.push({ check: item.check, found: { ...found, commit: null } });
      continue;
    }
    if (found.file === null) {
      // In a commit message: nothing to place, but say how to change a message already committed.
      out.push({
        check: item.check,
        found: { ...found, commit: null, detail: `${found.detail} ${messageAdvice(commit, await isRoot(commit))}` },
      });
      continue;
    }
    if (item.check === 'conflict-markers') {
      const line = await firstLineAt(git, range.head, found.file, (text) => OPEN.test(text) || CLOSE.test(text));
      if (line === null) {
        notes.push(
          `${found.file}: commit ${commit.slice(0, 12)} added merge-conflict markers that a later pushed commit removed; ` +
            `the pushed head has none, so they do not block`,
        );
        continue;
      }
      out.push({
        check: item.check,
        found: {
          ...found,
          line,
          endLine: null,
          commit: null,
          detail: `Line ${line} starts with a conflict marker (first added in commit ${commit.slice(0, 12)}). Resolve the conflict and remove the markers before pushing.`,
        },
      });
      continue;
    }
    const needle = (found.secrets?.[0]?.value ?? '').split('\n')[0] ?? '';
    if (needle === '') {
      out.push({ check: item.check, found: { ...found, commit: null } });
      continue;
    }
    const root = await isRoot(commit);
    const line = await firstLineAt(git, range.head, found.file, (text) => text.includes(needle));
    if (line === null) {
      out.push({ check: item.check, found: { ...found, commit, detail: `${found.detail} ${historyOnlyAdvice(commit, root)}` } });
      continue;
    }
    // The finding starts where the detector put it (a key's armour line), which may be above the
    // searched text: keep that distance, measured in the commit's own version of the file.
    const inCommit = found.line === null ? null : await firstLineAt(git, commit, found.file, (text) => text.includes(needle));
    const offset = inCommit === null || found.line === null ? 0 : Math.max(0, inCommit - found.line);
    const start = Math.max(1, line - offset);
    const span = found.line !== null && found.endLine !== null ? found.endLine - found.line : null;
    out.push({
      check: item.check,
      found: {
        ...found,
        line: start,
        endLine: span === null ? null : start + span,
        commit: null,
        detail: `${found.detail} ${stillPresentAdvice(commit, root)}`,
      },
    });
  }
  return { findings: out, notes };
}

/** The first line (1-based) of `path` at `rev` that `test` accepts; null when none does or the file is not there. Streamed. */
export async function firstLineAt(git: Git, rev: string, path: string, test: (text: string) => boolean): Promise<number | null> {
  const spec = `${rev}:${path}`;
  const exists = await git.tryRun(['cat-file', '-e', spec]);
  if (exists.exitCode !== 0) return null;
  let lineNo = 0;
  let tail = '';
  let found: number | null = null;
  const stop = new Error('found');
  try {
    await git.stream(
      ['cat-file', 'blob', spec],
      (piece, continued) => {
        const text = piece.endsWith('\r') ? piece.slice(0, -1) : piece;
        if (!continued) {
          lineNo++;
          tail = '';
        }
        if (test(tail + text)) {
          found = lineNo;
          throw stop;
        }
        tail = text.slice(-OVERLAP);
      },
      { maxLineChars: MAX_LINE_CHARS },
    );
  } catch (error) {
    if (error !== stop) throw error;
  }
  return found;
}
