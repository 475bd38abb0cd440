// Tracker issues for the context tests, built through the same reader the code uses.
import { toTrackerIssue, type TrackerIssue } from '../../../src/context/tracker-issue.js';

export function issue(record: Record<string, unknown>): TrackerIssue {
  const parsed = toTrackerIssue({ title: `Title of ${String(record.id)}`, created_at: 'x', updated_at: '2026-01-01T00:00:00Z', ...record });
  if (parsed === null) throw new Error(`not an issue: ${JSON.stringify(record)}`);
  return parsed;
}

export function store(...issues: TrackerIssue[]): Map<string, TrackerIssue> {
  return new Map(issues.map((i) => [i.id, i]));
}
