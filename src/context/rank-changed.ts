// Which issues a push works on, read from the tracker records it changes. Beads writes every change
// into the export, so a push routinely edits records only to close them, relabel them or bump a
// timestamp: that bookkeeping says nothing about what the push implements. Rewriting an issue's
// description, acceptance criteria, notes or design does: that issue is the strongest candidate for
// the task. Pure.
import type { TrackerIssue } from './tracker-issue.js';

export interface ChangedIssue {
  id: string;
  /** What changed, in words for one line: `description`, `status open → closed`, `labels`. */
  fields: string[];
  /** The push rewrites the issue's own text (description, acceptance criteria, notes, design). */
  rewritten: boolean;
  score: number;
}

/** Text fields whose rewrite means the push works on the issue. */
const TEXT_FIELDS = [
  ['description', 'description'],
  ['acceptanceCriteria', 'acceptance_criteria'],
  ['design', 'design'],
  ['notes', 'notes'],
] as const;

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Bookkeeping changes, named for the one line an issue touched only this way gets. */
function bookkeeping(then: TrackerIssue, now: TrackerIssue): string[] {
  const fields: string[] = [];
  if (now.status !== then.status) fields.push(`status ${then.status} → ${now.status}`);
  if (now.closeReason.trim() !== then.closeReason.trim()) fields.push('close_reason');
  if (now.priority !== then.priority) fields.push(`priority P${then.priority} → P${now.priority}`);
  if (!sameList(now.labels, then.labels)) fields.push('labels');
  if (now.assignee !== then.assignee) fields.push('assignee');
  if (now.closedAt !== then.closedAt && now.status === then.status) fields.push('closed_at');
  return fields;
}

/**
 * Every issue whose record differs between before and after: those whose text the push rewrites
 * first (each rewritten field counts 1; ties go to the larger edit), then those it only bookkeeps.
 * An issue created by the push counts as rewritten only when it carries notes (work reported on
 * it); filing a follow-up is not working on it. A change of `updated_at` alone is not listed.
 */
export function rankChangedIssues(before: ReadonlyMap<string, TrackerIssue>, after: ReadonlyMap<string, TrackerIssue>): ChangedIssue[] {
  const ranked: Array<ChangedIssue & { size: number }> = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    const fields: string[] = [];
    let score = 0;
    let size = 0;
    if (then === undefined) {
      fields.push(`created (${now.status})`);
      if (now.notes.trim() !== '') {
        fields.push('notes');
        score += 1;
        size += now.notes.length;
      }
    } else {
      for (const [key, name] of TEXT_FIELDS) {
        if (now[key].trim() === then[key].trim()) continue;
        fields.push(name);
        score += 1;
        size += Math.abs(now[key].length - then[key].length) + 1;
      }
      fields.push(...bookkeeping(then, now));
    }
    if (fields.length > 0) ranked.push({ id, fields, rewritten: score > 0, score, size });
  }
  ranked.sort((a, b) => b.score - a.score || b.size - a.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.map(({ id, fields, rewritten, score }) => ({ id, fields, rewritten, score }));
}
