// Ids users can quote ("override C1", audit lines): severity letter plus position in a fixed order,
// so the same findings get the same ids whatever order the checks and model chunks returned them in.
import { SEVERITY_RANK } from '../domain/lists.js';
import type { Finding, Severity } from '../domain/types.js';

export type UnnumberedFinding = Omit<Finding, 'id'> & { id?: string };

const PREFIX: Record<Severity, string> = { critical: 'C', important: 'I', minor: 'M' };

/** Sorts by severity, then file (file-less findings last), line, and content; numbers each severity from 1. */
export function assignIds(findings: readonly UnnumberedFinding[]): Finding[] {
  const counters: Record<Severity, number> = { critical: 0, important: 0, minor: 0 };
  return [...findings].sort(compareFindings).map((finding) => {
    counters[finding.severity] += 1;
    return { ...finding, id: `${PREFIX[finding.severity]}${counters[finding.severity]}` };
  });
}

export function compareFindings(a: UnnumberedFinding, b: UnnumberedFinding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareNullable(a.file, b.file, compareText) ||
    compareNullable(a.line, b.line, (x, y) => x - y, 'first') ||
    compareNullable(a.endLine, b.endLine, (x, y) => x - y, 'first') ||
    compareText(a.source, b.source) ||
    compareText(a.category, b.category) ||
    compareText(a.title, b.title) ||
    compareText(a.detail, b.detail)
  );
}

// Plain code-unit order, not localeCompare, so ids do not depend on the machine's locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareNullable<T>(a: T | null, b: T | null, compare: (x: T, y: T) => number, nulls: 'first' | 'last' = 'last'): number {
  if (a === null && b === null) return 0;
  if (a === null) return nulls === 'first' ? -1 : 1;
  if (b === null) return nulls === 'first' ? 1 : -1;
  return compare(a, b);
}
