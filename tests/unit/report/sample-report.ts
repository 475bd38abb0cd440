// A report with something in every section, for the reporter tests.
import type { Finding, Report } from '../../../src/domain/types.js';
import { fingerprintOf } from '../../../src/findings/fingerprint.js';

export function finding(overrides: Partial<Finding>): Finding {
  return {
    id: 'C1',
    severity: 'critical',
    category: 'security',
    file: 'src/db.ts',
    line: 42,
    endLine: null,
    title: 'SQL built by string concatenation',
    detail: 'The user id is pasted into the query.\nUse a parameter.',
    source: 'llm',
    located: true,
    verification: null,
    ...overrides,
  };
}

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    version: 1,
    verdict: 'block',
    override: null,
    ranges: [
      { ref: 'refs/heads/feature', base: 'a'.repeat(40), head: 'b'.repeat(40), commits: ['1'.repeat(40), 'b'.repeat(40)] },
      { ref: 'refs/heads/other', base: 'c'.repeat(40), head: 'd'.repeat(40), commits: ['d'.repeat(40)] },
    ],
    findings: [
      finding({}),
      finding({
        id: 'C2',
        file: '.env.test',
        line: 1,
        title: 'AWS key added',
        detail: 'AKIA… on line 1',
        source: 'check:secrets',
        category: 'security',
      }),
      finding({
        id: 'I1',
        severity: 'important',
        file: 'src/api.ts',
        line: 10,
        endLine: 14,
        title: 'Errors swallowed',
        category: 'correctness',
      }),
      finding({
        id: 'I2',
        severity: 'important',
        file: 'src/ghost.ts',
        line: 999,
        located: false,
        title: 'Cites a line that does not exist',
      }),
      finding({
        id: 'I3',
        severity: 'important',
        file: null,
        line: null,
        title: 'Acceptance criterion 2 not implemented',
        category: 'task',
        located: false,
      }),
    ],
    strengths: ['Small focused commits'],
    requirements: [
      { requirement: 'Users can log in', status: 'met', evidence: 'src/auth.ts:5' },
      { requirement: 'Rate limiting', status: 'partial', evidence: 'only on /login' },
      { requirement: 'Audit trail', status: 'missing', evidence: '' },
      { requirement: 'Works offline', status: 'unclear', evidence: 'not covered by the diff' },
    ],
    coverage: {
      reviewed: ['src/db.ts', 'src/api.ts', '.env.test'],
      skipped: [{ file: 'package-lock.json', reason: 'lockfile' }],
    },
    usage: { requests: 2, promptTokens: 12345, completionTokens: 678, cached: false, estimatedCostUSD: 0.0123 },
    errors: ['chunk 2 of 2 was retried after HTTP 429'],
    summary: 'Adds login; one injection bug.',
    modelReview: 'done',
    task: [{ id: 'bd-a1b2', title: 'Add login', foundBy: 'trailer' }],
    plans: [{ path: 'docs/plans/login.md', sections: ['Testing'] }],
    ...overrides,
  };
}

/** The report as `--format json` gives it back: each finding also carries its acknowledgement (null when none) and fingerprint. */
export function asJson(report: Report): unknown {
  return {
    ...report,
    findings: report.findings.map((f) => ({ ...f, acknowledgement: f.acknowledgement ?? null, fingerprint: fingerprintOf(f) })),
  };
}
