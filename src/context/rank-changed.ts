// Which issues a push works on, read from the tracker records it changes: a push that rewrites an
// issue's description, notes or acceptance criteria, or moves it to in_progress or closed, is
// working on that issue. Pure.
import type { TrackerIssue } from './tracker-issue.js';

export interface ChangedIssue {
  id: string;
  /** Fields that changed, for the record and for ranking. */
  fields: string[];
  score: number;
}

const TEXT_FIELDS = [
  ['description', 'description'],
  ['acceptanceCriteria', 'acceptance_criteria'],
  ['design', 'design'],
  ['notes', 'notes'],
  ['closeReason', 'close_reason'],
] as const;

/** Statuses that mean someone is doing or has done the work. */
const WORKING = new Set(['in_progress', 'closed']);

/**
 * Ranks the issues whose records differ between before and after, most changed first: each edited
 * text field counts 1, a move into in_progress/closed counts 2; ties go to the larger edit. An issue
 * created by the push counts only for what says work happened on it (status, notes, close reason),
 * since filing a follow-up is not working on it. Edits that say nothing about work (labels,
 * priority, timestamps) do not count.
 */
export function rankChangedIssues(before: ReadonlyMap<string, TrackerIssue>, after: ReadonlyMap<string, TrackerIssue>): ChangedIssue[] {
  const ranked: Array<ChangedIssue & { size: number }> = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    const fields: string[] = [];
    let score = 0;
    let size = 0;
    if (then === undefined) {
      if (WORKING.has(now.status)) {
        fields.push(`status ${now.status}`);
        score += 2;
      }
      for (const key of ['notes', 'closeReason'] as const) {
        if (now[key].trim() !== '') {
          fields.push(key === 'notes' ? 'notes' : 'close_reason');
          score += 1;
          size += now[key].length;
        }
      }
    } else {
      if (now.status !== then.status && WORKING.has(now.status)) {
        fields.push(`status ${then.status} → ${now.status}`);
        score += 2;
      }
      for (const [key, name] of TEXT_FIELDS) {
        if (now[key].trim() === then[key].trim()) continue;
        fields.push(name);
        score += 1;
        size += Math.abs(now[key].length - then[key].length) + 1;
      }
    }
    if (score > 0) ranked.push({ id, fields, score, size });
  }
  ranked.sort((a, b) => b.score - a.score || b.size - a.size || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return ranked.map(({ id, fields, score }) => ({ id, fields, score }));
}
