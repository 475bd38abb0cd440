// The three prompt sections built from what was found: the task (as it was asked), what the author
// says was done, and the requirements to check. Plain text; the prompt module fences it. Pure.
import type { CommitInfo } from '../types.js';
import type { IdSource } from './issue-ids.js';
import { cap, checklistItems, type Excerpt } from './markdown.js';
import type { TrackerIssue } from './tracker-issue.js';
import { stripTrailers } from './trailers.js';

export interface SelectedIssue {
  /** The issue after the push (the newest record found). */
  issue: TrackerIssue;
  /** The record before the push, when the tracker had it then. */
  before: TrackerIssue | null;
  source: IdSource;
  /** Where the record was read: `.beads/issues.jsonl at 1a2b3c4d5e6f`, `bd show`. */
  origin: string;
}

export interface DocumentExcerpt extends Excerpt {
  path: string;
  /** The commit it was read at. */
  rev: string;
}

export const SOURCE_WORDS: Record<IdSource, string> = {
  flag: 'given with --issue',
  trailer: 'named in a commit trailer',
  subject: 'named in a commit subject',
  branch: 'named by the branch',
  body: 'mentioned in a commit message',
  changed: 'its tracker record is edited by this push',
};

/** The field as it was asked: the version before the push when the push rewrote it. */
function asAsked(selected: SelectedIssue, key: 'description' | 'acceptanceCriteria'): { text: string; rewritten: boolean } {
  const now = selected.issue[key];
  const then = selected.before?.[key];
  if (then !== undefined && then.trim() !== '' && then.trim() !== now.trim()) return { text: then, rewritten: true };
  return { text: now, rewritten: false };
}

function linkLine(id: string, lookup: (id: string) => TrackerIssue | null, title: string | null, status: string | null, type?: string): string {
  const known = lookup(id);
  const name = title ?? known?.title ?? null;
  const state = status ?? known?.status ?? null;
  return `${id}${name ? ` "${name}"` : ''}${state ? ` [${state}]` : ''}${type ? ` (${type})` : ''}`;
}

/** The parent: named directly, by a parent-child edge, or by the id's own stem (`bd-a1b2.3` → `bd-a1b2`). */
export function parentOf(issue: TrackerIssue, lookup: (id: string) => TrackerIssue | null): string | null {
  if (issue.parent) return issue.parent;
  const edge = issue.dependencies.find((d) => d.type === 'parent-child');
  if (edge) return edge.id;
  const stem = /^(.+)\.\d+$/.exec(issue.id)?.[1];
  return stem !== undefined && lookup(stem) !== null ? stem : null;
}

export function formatTaskContext(selected: readonly SelectedIssue[], lookup: (id: string) => TrackerIssue | null, maxChars: number): string | null {
  if (selected.length === 0) return null;
  return selected
    .map((entry, index) => {
      const { issue, before } = entry;
      const role = index === 0 ? 'Issue' : 'Related issue';
      const lines = [`${role} ${issue.id}: ${issue.title}`];
      const status = before && before.status !== issue.status ? `${issue.status} (was ${before.status} before this push)` : issue.status;
      const facts = [`Status: ${status}`, `Priority: P${issue.priority}`];
      if (issue.type) facts.push(`Type: ${issue.type}`);
      if (issue.labels.length > 0) facts.push(`Labels: ${issue.labels.join(', ')}`);
      lines.push(facts.join(' | '));
      lines.push(`Found: ${SOURCE_WORDS[entry.source]}; read from ${entry.origin}`);
      const description = asAsked(entry, 'description');
      if (description.text.trim() !== '') {
        lines.push('', description.rewritten ? 'Description (as it stood before this push, which rewrites it):' : 'Description:');
        lines.push(cap(description.text.trim(), maxChars));
      }
      const parent = parentOf(issue, lookup);
      if (parent) lines.push('', `Parent: ${linkLine(parent, lookup, null, null)}`);
      const deps = issue.dependencies.filter((d) => d.type !== 'parent-child' && d.id !== parent);
      if (deps.length > 0) {
        // Right under the parent line when there is one, else after a blank line.
        if (!parent) lines.push('');
        lines.push('Depends on:');
        for (const dep of deps.slice(0, 20)) lines.push(`- ${linkLine(dep.id, lookup, dep.title, dep.status, dep.type)}`);
        if (deps.length > 20) lines.push(`- …and ${deps.length - 20} more`);
      }
      return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
    })
    .join('\n\n');
}

/** Commit subjects and bodies without trailers, oldest first. */
export function formatCommits(commits: readonly CommitInfo[], maxChars: number): string {
  const text = commits
    .map((c) => {
      const body = stripTrailers(c.body).trim();
      const head = `- ${c.oid.slice(0, 12)} ${c.subject}`;
      return body === '' ? head : `${head}\n${body.replace(/^/gm, '  ')}`;
    })
    .join('\n');
  return cap(text, maxChars);
}

export function formatImplemented(commits: readonly CommitInfo[], selected: readonly SelectedIssue[], maxChars: number): string | null {
  const parts: string[] = [];
  if (commits.length > 0) parts.push(`Commit messages (oldest first):\n${formatCommits(commits, maxChars)}`);
  for (const { issue } of selected) {
    if (issue.notes.trim() !== '') parts.push(`Progress notes on ${issue.id} in the tracker, after this push:\n${cap(issue.notes.trim(), maxChars)}`);
    if (issue.closeReason.trim() !== '') parts.push(`Close reason of ${issue.id}: ${cap(issue.closeReason.trim(), maxChars)}`);
    const comments = issue.comments.slice(-3);
    if (comments.length > 0) {
      const text = comments.map((c) => `- ${c.author || 'someone'}${c.createdAt ? ` (${c.createdAt})` : ''}: ${c.text.trim()}`).join('\n');
      parts.push(`Latest comments on ${issue.id}:\n${cap(text, maxChars)}`);
    }
  }
  if (parts.length === 0) return null;
  return ['These are the author\'s claims; verify each against the diff.', ...parts].join('\n\n');
}

export function formatRequirements(selected: readonly SelectedIssue[], documents: readonly DocumentExcerpt[], maxChars: number): string | null {
  const parts: string[] = [];
  for (const entry of selected) {
    const { issue } = entry;
    const criteria = asAsked(entry, 'acceptanceCriteria');
    if (criteria.text.trim() !== '') {
      const note = criteria.rewritten ? ' (as it stood before this push, which rewrites it)' : '';
      parts.push(`[beads:${issue.id} acceptance_criteria]${note}\n${cap(criteria.text.trim(), maxChars)}`);
    }
    const checklist = checklistItems(asAsked(entry, 'description').text);
    if (checklist.length > 0) parts.push(`[beads:${issue.id} checklist in the description]\n${cap(checklist.join('\n'), maxChars)}`);
    if (issue.design.trim() !== '') parts.push(`[beads:${issue.id} design]\n${cap(issue.design.trim(), maxChars)}`);
  }
  for (const doc of documents) {
    const where = doc.section !== null ? `, section "${doc.section}"` : doc.missing !== null ? ` (no section "${doc.missing}" found; the start of the document)` : ' (the start of the document)';
    parts.push(`[doc:${doc.path}${where} at ${doc.rev.slice(0, 12)}]\n${cap(doc.text, maxChars)}`);
  }
  return parts.length === 0 ? null : parts.join('\n\n');
}
