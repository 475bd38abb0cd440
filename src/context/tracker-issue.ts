// One tracker issue in the shape the rest of src/context/ works with, whatever produced it: a line of
// a Beads JSONL export (any version) or an element of `bd show --json`. Pure.

export interface IssueLink {
  id: string;
  /** Beads dependency type: blocks, parent-child, related, discovered-from, … */
  type: string;
  /** Known when the source carried the linked issue itself (`bd show`); otherwise looked up later. */
  title: string | null;
  status: string | null;
}

export interface IssueComment {
  author: string;
  text: string;
  createdAt: string | null;
}

export interface TrackerIssue {
  id: string;
  title: string;
  status: string;
  /** 0..4; a missing priority is 0 (Go's zero value, which some exporters omitted). */
  priority: number;
  type: string | null;
  labels: string[];
  description: string;
  design: string;
  acceptanceCriteria: string;
  notes: string;
  closeReason: string;
  specId: string | null;
  updatedAt: string | null;
  closedAt: string | null;
  assignee: string | null;
  /** What this issue depends on, parent-child edges included. */
  dependencies: IssueLink[];
  /** The parent's id when the source names it directly (`bd show`'s `parent`). */
  parent: string | null;
  comments: IssueComment[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Priority as a number: 2, "2" and "P2" all read as 2; anything else (or nothing) as 0. */
function readPriority(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    const match = /^\s*[Pp]?(\d+)\s*$/.exec(value);
    if (match) return Number(match[1]);
  }
  return 0;
}

/**
 * Links from either shape: JSONL edges `{issue_id, depends_on_id, type}`, or `bd show`'s whole issue
 * objects with `dependency_type`. Edges owned by another issue are ignored.
 */
function readLinks(value: unknown, ownId: string): IssueLink[] {
  if (!Array.isArray(value)) return [];
  const links: IssueLink[] = [];
  for (const item of value) {
    if (typeof item === 'string' && item !== '') {
      links.push({ id: item, type: 'blocks', title: null, status: null });
      continue;
    }
    if (!isObject(item)) continue;
    if (typeof item.depends_on_id === 'string') {
      if (typeof item.issue_id === 'string' && item.issue_id !== ownId) continue;
      links.push({ id: item.depends_on_id, type: text(item.type) || 'blocks', title: null, status: null });
    } else if (typeof item.id === 'string') {
      links.push({
        id: item.id,
        type: text(item.dependency_type) || text(item.type) || 'blocks',
        title: boundTitleOrNull(textOrNull(item.title)),
        status: textOrNull(item.status),
      });
    }
  }
  return links;
}

function readComments(value: unknown): IssueComment[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).flatMap((c) => {
    const body = text(c.text);
    return body === '' ? [] : [{ author: text(c.author), text: body, createdAt: textOrNull(c.created_at) }];
  });
}

/** Longest title kept: a title is a line; a huge one would crowd the diff out of every request. */
export const MAX_TITLE_CHARS = 300;

function boundTitleOrNull(title: string | null): string | null {
  return title === null ? null : boundTitle(title);
}

function boundTitle(title: string): string {
  return title.length <= MAX_TITLE_CHARS ? title : `${title.slice(0, MAX_TITLE_CHARS)}… (title cut: ${title.length} characters)`;
}

/**
 * An issue from one parsed record, or null when the record is not an issue: no id or title, a
 * non-issue `_type` (memories), or a tombstone. Unknown fields are ignored.
 */
export function toTrackerIssue(record: unknown): TrackerIssue | null {
  if (!isObject(record)) return null;
  if (record._type !== undefined && record._type !== 'issue') return null;
  const id = typeof record.id === 'string' ? record.id.trim() : '';
  if (id === '' || typeof record.title !== 'string') return null;
  const status = text(record.status) || 'open';
  if (status === 'tombstone' || typeof record.deleted_at === 'string') return null;
  const parent = record.parent;
  return {
    id,
    title: boundTitle(record.title),
    status,
    priority: readPriority(record.priority),
    type: textOrNull(record.issue_type) ?? textOrNull(record.type),
    labels: Array.isArray(record.labels) ? record.labels.filter((l): l is string => typeof l === 'string') : [],
    description: text(record.description),
    design: text(record.design),
    acceptanceCriteria: text(record.acceptance_criteria),
    notes: text(record.notes),
    closeReason: text(record.close_reason),
    specId: textOrNull(record.spec_id),
    updatedAt: textOrNull(record.updated_at),
    closedAt: textOrNull(record.closed_at),
    assignee: textOrNull(record.assignee),
    dependencies: readLinks(record.dependencies, id),
    parent: typeof parent === 'string' && parent !== '' ? parent : isObject(parent) && typeof parent.id === 'string' ? parent.id : null,
    comments: readComments(record.comments),
  };
}

/** Whether a record marks its id as deleted (a tombstone line), so an earlier line for it no longer counts. */
export function isTombstone(record: unknown): string | null {
  if (!isObject(record) || typeof record.id !== 'string') return null;
  if (record._type !== undefined && record._type !== 'issue') return null;
  return record.status === 'tombstone' || typeof record.deleted_at === 'string' ? record.id.trim() : null;
}
