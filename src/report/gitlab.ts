// GitLab's code-quality report: a JSON array of issues with description, check_name, fingerprint,
// severity and location.path / location.lines.begin, shown in the merge request's widget.
import { fingerprintOf } from '../findings/fingerprint.js';
import type { Finding, Report, Severity } from '../domain/types.js';
import { allowedLine, oneLine } from './format.js';
import type { ReporterOptions } from './format.js';

const SEVERITY: Record<Severity, 'critical' | 'major' | 'minor'> = {
  critical: 'critical',
  important: 'major',
  minor: 'minor',
};

/**
 * Where a finding about no file (a missing requirement, a commit message, the change as a whole) is
 * put. GitLab needs a string: it builds each finding's link from the path, and an entry it cannot
 * read stops it reading the rest. No file of the repository declares such a finding, and a real one
 * (the config, the first changed file) would put a false marker on it in the merge request's diff
 * and send the link to unrelated code. So the path says what the other reports say, "(no file)":
 * the widget lists the finding with that text, and no file of the diff is marked.
 */
const NO_FILE = '(no file)';

/**
 * GitLab compares fingerprints between the target branch's report and the merge request's to say
 * what is new, so it is the finding's own fingerprint (never its line or per-run id); GitLab needs
 * them unique, so a second finding with the same one gets a suffix.
 */
function fingerprint(finding: Finding, seen: Map<string, number>): string {
  const base = fingerprintOf(finding);
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  return n === 0 ? base : `${base}-${n + 1}`;
}

export function renderGitlab(report: Report, _options: ReporterOptions): string {
  const seen = new Map<string, number>();
  const issues = report.findings.map((finding) => ({
    type: 'issue',
    description: [`${finding.id} ${oneLine(finding.title)}`, allowedLine(finding), finding.detail ? oneLine(finding.detail) : null]
      .filter((part) => part !== null)
      .join(' — '),
    check_name: finding.source === 'llm' ? `review-hook/${finding.category}` : `review-hook/${finding.source}`,
    fingerprint: fingerprint(finding, seen),
    severity: SEVERITY[finding.severity],
    location: {
      path: finding.file ?? NO_FILE,
      lines: { begin: finding.located && finding.line !== null && finding.line >= 1 ? finding.line : 1 },
    },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
}
