// Leftover merge-conflict markers: a push that contains them is broken whatever a model says.
import type { Check } from './types.js';

// Exactly seven marker characters at the start of the line; `=======` alone is also a Markdown
// heading underline, so it only counts next to the other two markers in the same file.
const OPEN = /^<{7}(?: |$)/;
const CLOSE = /^>{7}(?: |$)/;
const MIDDLE = /^={7}$/;

export const conflictMarkers: Check = {
  name: 'conflict-markers',
  description: 'merge-conflict markers left in added lines',
  enabledByDefault: true,
  run(lines) {
    const byFile = new Map<string, typeof lines[number][]>();
    for (const line of lines) {
      const list = byFile.get(line.file) ?? [];
      list.push(line);
      byFile.set(line.file, list);
    }
    const findings = [];
    for (const [file, fileLines] of byFile) {
      const hasOpen = fileLines.some((l) => OPEN.test(l.text));
      const hasClose = fileLines.some((l) => CLOSE.test(l.text));
      const first = fileLines.find(
        (l) => OPEN.test(l.text) || CLOSE.test(l.text) || (hasOpen && hasClose && MIDDLE.test(l.text)),
      );
      if (!first || !(hasOpen || hasClose)) continue;
      findings.push({
        severity: 'critical' as const,
        category: 'correctness' as const,
        file,
        line: first.line,
        endLine: null,
        title: 'Merge-conflict markers left in the file',
        detail: `Line ${first.line} starts with a conflict marker (${first.text.slice(0, 7)}). Resolve the conflict and remove the markers before pushing.`,
      });
    }
    return findings;
  },
};
