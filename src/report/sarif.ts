// SARIF 2.1.0, for code-scanning views in editors and CI. One run; each finding a result whose rule
// is its source and category (llm/security, check:secrets …).
import { fingerprintOf } from '../findings/fingerprint.js';
import type { Finding, Report, Severity } from '../domain/types.js';
import { allowedLine, type ReporterOptions } from './format.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  important: 'warning',
  minor: 'note',
};

function ruleId(finding: Finding): string {
  return finding.source === 'llm' ? `llm/${finding.category}` : finding.source;
}

/**
 * A repository-relative path: not absolute, no drive letter or URI scheme, no `..` segment. Anything
 * else (a model's "/etc/passwd", "../../x") is never a located result: code-scanning views would
 * resolve it outside the repository.
 */
export function insideRepository(path: string): boolean {
  if (path === '' || /[\u0000-\u001f]/.test(path)) return false;
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path)) return false;
  return !path.split(/[\\/]/).some((segment) => segment === '..');
}

function location(finding: Finding) {
  if (!finding.file || !insideRepository(finding.file)) return [];
  // A line of an earlier commit, not of the head: name the file, but no region a viewer would put
  // on an unrelated line of the head. The commit and its line are in the message and properties.
  if (finding.commit) return [{ physicalLocation: { artifactLocation: { uri: encodeURI(finding.file) } } }];
  const region =
    finding.line !== null && finding.line >= 1
      ? { region: { startLine: finding.line, ...(finding.endLine && finding.endLine >= finding.line ? { endLine: finding.endLine } : {}) } }
      : {};
  return [{ physicalLocation: { artifactLocation: { uri: encodeURI(finding.file) }, ...region } }];
}

function messageText(finding: Finding): string {
  const allowed = allowedLine(finding);
  const text = [finding.title, finding.detail, allowed ?? ''].filter((part) => part !== '').join('\n\n');
  const verification = finding.verification;
  if (verification?.status === 'rejected') return `${text}\n\nNot confirmed: ${verification.reason}`;
  if (verification?.status === 'unverified') return `${text}\n\nNot confirmed, still blocking: ${verification.reason}`;
  return text;
}

export function renderSarif(report: Report, _options: ReporterOptions): string {
  const rules = [...new Set(report.findings.map(ruleId))].sort();
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'review-hook',
            rules: rules.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: report.findings.map((finding) => ({
          ruleId: ruleId(finding),
          ruleIndex: rules.indexOf(ruleId(finding)),
          level: LEVEL[finding.severity],
          message: { text: messageText(finding) },
          locations: location(finding),
          // Survives line moves, so code-scanning tools track one alert across pushes.
          partialFingerprints: { 'reviewHookFinding/v1': fingerprintOf(finding) },
          // Verification rejected it, the team acknowledged it in the committed acknowledgements file, or
          // a checks allow-list entry accepted it: reported, never blocking, so code-scanning views show it as suppressed.
          ...(finding.acknowledgement
            ? { suppressions: [{ kind: 'external', status: 'accepted', justification: finding.acknowledgement.reason }] }
            : finding.allowedByConfig !== undefined
              ? { suppressions: [{ kind: 'external', status: 'accepted', justification: allowedLine(finding) }] }
              : finding.verification?.status === 'rejected'
                ? {
                    suppressions: [
                      { kind: 'external', status: 'accepted', justification: `Not confirmed: ${finding.verification.reason}` },
                    ],
                  }
                : {}),
          properties: {
            id: finding.id,
            severity: finding.severity,
            category: finding.category,
            // A location the change does not contain is the model's claim, not a verified fact.
            located: finding.located && (finding.file === null || insideRepository(finding.file)),
            ...(finding.file !== null && !insideRepository(finding.file) ? { citedOutsideRepository: finding.file } : {}),
            verification: finding.verification ? { status: finding.verification.status, reason: finding.verification.reason } : null,
            ...(finding.allowedByConfig === undefined ? {} : { allowedByConfig: finding.allowedByConfig }),
            ...(finding.commit ? { commit: finding.commit, commitLine: finding.line } : {}),
          },
        })),
        // The task context the review used, so a code-scanning view can tell whether the tracker lookup worked.
        properties: { verdict: report.verdict, override: report.override, usage: report.usage, task: report.task, plans: report.plans },
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
