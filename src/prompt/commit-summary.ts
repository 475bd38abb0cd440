// The pushed commits as the prompt shows them, once: short ids and subjects, newest first, with the
// bodies that say something (trailers removed: they are bookkeeping, not claims), all within a
// character budget. A long range keeps its newest commits and counts the rest, so a 200-commit push
// does not spend its requests on history. Pure.
import { stripTrailers } from '../context/trailers.js';
import type { CommitInfo } from '../domain/types.js';

/** About 450 tokens: what the commit list may take in every request. */
export const COMMIT_BUDGET_CHARS = 1800;
/** Share of the budget the subjects may take before any body is added. */
const SUBJECT_SHARE = 0.6;
/** Longest body shown for one commit. */
const MAX_BODY_CHARS = 400;
const SHORT_OID = 10;

function subjectLine(commit: CommitInfo): string {
  return `- ${commit.oid.slice(0, SHORT_OID)} ${commit.subject.trim()}`;
}

function bodyText(commit: CommitInfo): string {
  const body = stripTrailers(commit.body)
    .trim()
    .replace(/\n{3,}/g, '\n\n');
  if (body === '') return '';
  const cut = body.length > MAX_BODY_CHARS ? `${body.slice(0, MAX_BODY_CHARS).trimEnd()} […]` : body;
  return cut.replace(/^/gm, '  ');
}

/** The commit list, newest first, within `budget` characters (a single subject is always shown). */
export function summariseCommits(commits: readonly CommitInfo[], budget = COMMIT_BUDGET_CHARS): string {
  if (commits.length === 0) return '(no commits)';
  const newest = [...commits].reverse();
  const shown: Array<{ commit: CommitInfo; body: string }> = [];
  let used = 0;
  for (const commit of newest) {
    const cost = subjectLine(commit).length + 1;
    if (shown.length > 0 && used + cost > budget * SUBJECT_SHARE) break;
    shown.push({ commit, body: '' });
    used += cost;
  }
  for (const entry of shown) {
    const body = bodyText(entry.commit);
    if (body === '' || used + body.length + 1 > budget) continue;
    entry.body = body;
    used += body.length + 1;
  }
  const lines = shown.map(({ commit, body }) => (body === '' ? subjectLine(commit) : `${subjectLine(commit)}\n${body}`));
  const left = commits.length - shown.length;
  if (left > 0) lines.push(`- …and ${left} older ${left === 1 ? 'commit' : 'commits'} not listed (${commits.length} in all)`);
  return lines.join('\n');
}
