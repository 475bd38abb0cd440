// Helpers the line-based checks share. Pure.
import type { AddedLine } from './types.js';

export interface LineGroup {
  commit: string | null;
  file: string;
  lines: AddedLine[];
}

/**
 * The added lines of each file in each commit, in the order given (oldest commit first), so a
 * detector sees one file's new text of one commit as a whole.
 */
export function groupByCommitAndFile(lines: readonly AddedLine[]): LineGroup[] {
  const groups = new Map<string, LineGroup>();
  for (const line of lines) {
    const key = `${line.commit ?? ''}\0${line.file}`;
    let group = groups.get(key);
    if (!group) {
      group = { commit: line.commit, file: line.file, lines: [] };
      groups.set(key, group);
    }
    group.lines.push(line);
  }
  return [...groups.values()];
}

/** " in commit 1a2b3c4d" for a line that came from one commit; "" for the net diff. */
export function inCommit(commit: string | null): string {
  return commit === null ? '' : ` in commit ${commit.slice(0, 8)}`;
}
