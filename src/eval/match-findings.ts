// How a finding is scored against a case's expected findings. Pure.
//
// A finding matches an expected finding when
//   - its file is the expected file (a file-less expectation, such as a missing requirement, takes a
//     finding of its category in any file or none),
//   - its lines [line, endLine] overlap the expected lines widened by LINE_TOLERANCE on each side
//     (the model often cites the statement next to the defect), and
//   - its severity is at or above the expected one.
// Category is not required to match a finding with a file: models reasonably file a race under
// correctness or security. How often they agree is reported separately.
// A finding that verification rejected never blocks, so it neither finds a defect nor counts
// against precision: it is counted apart (and, when it matches a planted defect, as a verifier miss).
import { SEVERITY_RANK } from '../domain/lists.js';
import type { Finding, Severity } from '../domain/types.js';
import type { ExpectedFinding, MatchResult, ScoredFinding } from './types.js';

export const LINE_TOLERANCE = 2;
/** Minor findings are style notes: listed, never counted for or against precision. */
export const COUNTED_SEVERITIES: readonly Severity[] = ['critical', 'important'];

export function atOrAbove(severity: Severity, lowest: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[lowest];
}

type Located = Pick<Finding, 'file' | 'line' | 'endLine' | 'severity' | 'category'>;
/** What verification said of a finding, when it was asked (see src/verify/). */
type Verified = { verification?: { status: string } | null };

export function rejectedByVerification(finding: Verified): boolean {
  return finding.verification?.status === 'rejected';
}

function inFileAtSeverity(finding: Located, expected: ExpectedFinding): boolean {
  if (!atOrAbove(finding.severity, expected.severity)) return false;
  if (expected.file === null) return finding.category === expected.category;
  return finding.file === expected.file;
}

function linesOverlap(finding: Located, expected: ExpectedFinding): boolean {
  if (expected.file === null || expected.startLine === null) return true;
  if (finding.line === null) return false;
  const start = expected.startLine - LINE_TOLERANCE;
  const end = (expected.endLine ?? expected.startLine) + LINE_TOLERANCE;
  const last = finding.endLine !== null && finding.endLine >= finding.line ? finding.endLine : finding.line;
  return finding.line <= end && last >= start;
}

export function matches(finding: Located, expected: ExpectedFinding): boolean {
  return inFileAtSeverity(finding, expected) && linesOverlap(finding, expected);
}

/**
 * Scores one review's findings. Several findings may match the same expected finding (each is
 * correct; recall counts the expected finding once), and one finding may match several.
 */
export function scoreFindings(findings: ReadonlyArray<Finding & Verified>, expected: readonly ExpectedFinding[]): MatchResult {
  const matched = new Set<number>();
  let counted = 0;
  let correct = 0;
  let inExpectedFile = 0;
  let locatedInRange = 0;
  let categoryAgreed = 0;
  let rejected = 0;
  let rejectedMatching = 0;
  const scored: ScoredFinding[] = [];
  for (const finding of findings) {
    const isCounted = COUNTED_SEVERITIES.includes(finding.severity);
    const hits = expected.flatMap((e, index) => (matches(finding, e) ? [index] : []));
    const listed = {
      id: finding.id,
      severity: finding.severity,
      category: finding.category,
      file: finding.file,
      line: finding.line,
      title: finding.title,
    };
    if (rejectedByVerification(finding)) {
      rejected++;
      if (hits.length > 0) rejectedMatching++;
      scored.push({ ...listed, score: 'rejected' });
      continue;
    }
    // Recall: any finding at the expected severity counts, minor ones included when the case asks for minor.
    for (const index of hits) matched.add(index);
    if (isCounted) {
      counted++;
      if (hits.length > 0) correct++;
      // Location accuracy: of the findings that name an expected file (with a line to judge), how many are on target.
      const sameFile = expected.filter((e) => e.file !== null && e.startLine !== null && inFileAtSeverity(finding, e));
      if (sameFile.length > 0) {
        inExpectedFile++;
        if (sameFile.some((e) => linesOverlap(finding, e))) locatedInRange++;
      }
      if (hits.some((index) => expected[index]?.category === null || expected[index]?.category === finding.category)) categoryAgreed++;
    }
    scored.push({
      ...listed,
      score: !isCounted ? (hits.length > 0 ? 'match' : 'not-counted') : hits.length > 0 ? 'match' : 'false-positive',
    });
  }
  return {
    matchedExpected: [...matched].sort((a, b) => a - b),
    counted,
    correct,
    inExpectedFile,
    locatedInRange,
    categoryAgreed,
    rejected,
    rejectedMatching,
    findings: scored,
  };
}
