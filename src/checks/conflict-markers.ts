// Leftover merge-conflict markers: a push that contains them is broken whatever a model says.
import { groupByCommitAndFile, inCommit } from './group-lines.js';
import type { Check, CheckFinding } from './types.js';

// Exactly seven marker characters at the start of the line; `=======` alone is also a Markdown
// heading underline, so it only counts next to the other two markers in the same file.
export const OPEN = /^<{7}(?: |$)/;
export const CLOSE = /^>{7}(?: |$)/;
const MIDDLE = /^={7}$/;

export const conflictMarkers: Check = {
  name: 'conflict-markers',
  description: 'merge-conflict markers left in added lines',
  enabledByDefault: true,
  run(lines) {
    const findings: CheckFinding[] = [];
    // One finding per file, at the first commit that added markers to it.
    const reported = new Set<string>();
    for (const group of groupByCommitAndFile(lines)) {
      // A commit message quoting markers breaks nothing.
      if (group.inMessage || reported.has(group.file)) continue;
      const fileLines = group.lines;
      const hasOpen = fileLines.some((l) => OPEN.test(l.text));
      const hasClose = fileLines.some((l) => CLOSE.test(l.text));
      const first = fileLines.find((l) => OPEN.test(l.text) || CLOSE.test(l.text) || (hasOpen && hasClose && MIDDLE.test(l.text)));
      if (!first || !(hasOpen || hasClose)) continue;
      reported.add(group.file);
      findings.push({
        severity: 'critical',
        category: 'correctness',
        file: group.file,
        line: first.line,
        endLine: null,
        commit: first.commit,
        title: 'Merge-conflict markers left in the file',
        detail: `Line ${first.line} starts with a conflict marker (${first.text.slice(0, 7)})${inCommit(first.commit)}. Resolve the conflict and remove the markers before pushing.`,
        evidence: [first.text],
      });
    }
    return findings;
  },
};
