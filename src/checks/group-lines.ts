// Helpers the line-based checks share. Pure.
import type { AddedLine } from '../domain/types.js';

export interface LineGroup {
  commit: string | null;
  file: string;
  /** The lines are the commit's message, not a file's. */
  inMessage: boolean;
  lines: AddedLine[];
}

/**
 * The added lines of each file in each commit, in the order given (oldest commit first), so a
 * detector sees one file's new text of one commit as a whole.
 */
export function groupByCommitAndFile(lines: readonly AddedLine[]): LineGroup[] {
  const groups = new Map<string, LineGroup>();
  let current: LineGroup | null = null;
  for (const line of lines) {
    // Lines of one file of one commit come together: only a change of group needs the map.
    if (current !== null && sameGroup(current, line)) {
      current.lines.push(line);
      continue;
    }
    const key = `${line.commit ?? ''}\0${line.inMessage ? 'message' : 'file'}\0${line.file}`;
    let group = groups.get(key);
    if (!group) {
      group = { commit: line.commit, file: line.file, inMessage: line.inMessage === true, lines: [] };
      groups.set(key, group);
    }
    group.lines.push(line);
    current = group;
  }
  return [...groups.values()];
}

/** Whether the line belongs to the group: same commit, same file, both message or both file lines. */
export function sameGroup(group: Pick<LineGroup, 'commit' | 'file' | 'inMessage'>, line: AddedLine): boolean {
  return group.commit === line.commit && group.file === line.file && group.inMessage === (line.inMessage === true);
}

/** " in commit 1a2b3c4d" for a line that came from one commit; "" for the net diff. */
export function inCommit(commit: string | null): string {
  return commit === null ? '' : ` in commit ${commit.slice(0, 8)}`;
}

/** Where a finding is: file and lines, or nowhere in particular for a commit message (its detail names the commit). */
export function at(
  inMessage: boolean,
  file: string,
  line: number,
  lastLine: number,
): { file: string | null; line: number | null; endLine: number | null } {
  if (inMessage) return { file: null, line: null, endLine: null };
  return { file, line, endLine: lastLine !== line ? lastLine : null };
}

/** "added in commit 1a2b3c4d", or "in the message of commit 1a2b3c4d". */
export function howAdded(inMessage: boolean, commit: string | null): string {
  const short = commit === null ? null : commit.slice(0, 8);
  if (inMessage) return short === null ? 'in a commit message' : `in the message of commit ${short}`;
  return short === null ? 'added' : `added in commit ${short}`;
}
