// The three prompt sections built from what was found: the task (as it was asked), what the author
// says was done, and the requirements to check. Plain text; the prompt module fences it. Pure.
import type { IdSource } from './issue-ids.js';
import { cap, checklistItems, type Excerpt } from './markdown.js';
import type { TrackerIssue } from './tracker-issue.js';

export interface SelectedIssue {
  /** The issue after the push (the newest record found). */
  issue: TrackerIssue;
  /** The record before the push, when the tracker had it then. */
  before: TrackerIssue | null;
  source: IdSource;
  /** Where the record was read: `.beads/issues.jsonl at 1a2b3c4d5e6f`, `bd show`. */
  origin: string;
}

/** A tracker record the push changes that is not part of the task: named in one line, never as requirements. */
export interface TouchedIssue {
  id: string;
  title: string;
  /** What changed: `status open → closed`, `labels`, `created (open)`. */
  fields: string[];
}

/** Most one-line entries for touched records; the rest are counted. */
const MAX_TOUCHED = 10;

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

type RewritableField = 'description' | 'acceptanceCriteria' | 'design' | 'notes';

const FIELD_NAMES: Record<RewritableField, string> = {
  description: 'description',
  acceptanceCriteria: 'acceptance criteria',
  design: 'design',
  notes: 'progress notes',
};

/** The field as it was asked: the version before the push when the push rewrote it. */
function asAsked(selected: SelectedIssue, key: RewritableField): { text: string; rewritten: boolean } {
  const now = selected.issue[key];
  const then = selected.before?.[key];
  if (then !== undefined && then.trim() !== '' && then.trim() !== now.trim()) return { text: then, rewritten: true };
  return { text: now, rewritten: false };
}

function linkLine(
  id: string,
  lookup: (id: string) => TrackerIssue | null,
  title: string | null,
  status: string | null,
  type?: string,
): string {
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

export function formatTaskContext(
  selected: readonly SelectedIssue[],
  lookup: (id: string) => TrackerIssue | null,
  maxChars: number,
): string | null {
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

/**
 * The text this push wrote into a field, or null when it wrote none: only what it appended when the
 * old text is kept at the start (progress notes added under the description), else the whole new text.
 */
function rewrite(entry: SelectedIssue, key: RewritableField): { text: string; appended: boolean } | null {
  const now = entry.issue[key].trim();
  if (entry.before === null) return key === 'notes' && now !== '' ? { text: now, appended: false } : null;
  const then = entry.before[key].trim();
  if (now === then || now === '') return null;
  if (then !== '' && now.startsWith(then)) return { text: now.slice(then.length).trim(), appended: true };
  return { text: now, appended: false };
}

/**
 * The tracker's share of the author's account: what the push wrote into the task's own fields (the
 * text before the push stays the task), its close reason and latest comments, and one line for
 * each other record the push changed. The commit messages are added by the prompt, once.
 */
export function formatImplemented(
  selected: readonly SelectedIssue[],
  maxChars: number,
  touched: readonly TouchedIssue[] = [],
): string | null {
  const parts: string[] = [];
  for (const entry of selected) {
    const { issue } = entry;
    for (const key of ['description', 'acceptanceCriteria', 'design', 'notes'] as const) {
      const written = rewrite(entry, key);
      if (written === null || written.text === '') continue;
      const name = `${FIELD_NAMES[key]} of ${issue.id}`;
      const label = written.appended
        ? `What this push added to the ${name}:`
        : entry.before === null
          ? `The ${name} in the tracker, after this push:`
          : `The ${name} as this push rewrites it:`;
      parts.push(`${label}\n${cap(written.text, maxChars)}`);
    }
    const closing = issue.closeReason.trim();
    if (closing !== '' && closing !== entry.before?.closeReason.trim())
      parts.push(`Close reason of ${issue.id}: ${cap(closing, maxChars)}`);
    const seen = new Set((entry.before?.comments ?? []).map((c) => c.text.trim()));
    const comments = issue.comments.filter((c) => !seen.has(c.text.trim())).slice(-3);
    if (comments.length > 0) {
      const text = comments.map((c) => `- ${c.author || 'someone'}${c.createdAt ? ` (${c.createdAt})` : ''}: ${c.text.trim()}`).join('\n');
      parts.push(`Latest comments on ${issue.id}:\n${cap(text, maxChars)}`);
    }
  }
  if (touched.length > 0) {
    const lines = touched.slice(0, MAX_TOUCHED).map((t) => `- ${t.id}${t.title ? ` "${t.title}"` : ''}: ${t.fields.join(', ')}`);
    if (touched.length > MAX_TOUCHED) lines.push(`- …and ${touched.length - MAX_TOUCHED} more`);
    parts.push(`Other tracker records this push changes (bookkeeping, not part of the task):\n${lines.join('\n')}`);
  }
  return parts.length === 0 ? null : parts.join('\n\n');
}

export function formatRequirements(
  selected: readonly SelectedIssue[],
  documents: readonly DocumentExcerpt[],
  maxChars: number,
): string | null {
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
    const design = asAsked(entry, 'design');
    if (design.text.trim() !== '') {
      const note = design.rewritten ? ' (as it stood before this push, which rewrites it)' : '';
      parts.push(`[beads:${issue.id} design]${note}\n${cap(design.text.trim(), maxChars)}`);
    }
  }
  for (const doc of documents) {
    const where =
      doc.section !== null
        ? `, section "${doc.section}"`
        : doc.missing !== null
          ? ` (no section "${doc.missing}" found; the start of the document)`
          : ' (the start of the document)';
    parts.push(`[doc:${doc.path}${where} at ${doc.rev.slice(0, 12)}]\n${cap(doc.text, maxChars)}`);
  }
  return parts.length === 0 ? null : parts.join('\n\n');
}
