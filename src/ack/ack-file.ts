// The acknowledgements file: committed in the repository, reviewed like code, shared by the team.
// Pure: text in, entries and problems out, and back.
//
// One JSON object per line, sorted by fingerprint, keys in a fixed order. One line per entry keeps
// a diff readable in review, and lets git merge two branches that each added entries: `ack` marks
// the file `merge=union` in .gitattributes, so both sides' lines are kept. A merge can leave lines
// out of order or the same fingerprint twice; reading accepts both and the next write tidies up.
import { CATEGORIES, isOneOf, SEVERITIES } from '../domain/lists.js';
import type { Category, Severity } from '../domain/types.js';

/** At the repository root. */
export const ACK_FILE = '.review-acks.jsonl';

export interface AckEntry {
  /** fingerprintOf the finding (src/findings/fingerprint.ts). */
  fingerprint: string;
  /** Enough of the finding for a reviewer of the file to know what was acknowledged. */
  file: string | null;
  category: Category;
  severity: Severity;
  title: string;
  reason: string;
  /** git's committer identity when it was acknowledged: "Name <email>". */
  by: string;
  /** ISO 8601 time of the acknowledgement. */
  at: string;
  /** YYYY-MM-DD: the entry stops applying at the start of that day (UTC); null never expires. */
  expires: string | null;
}

export interface ParsedAcks {
  entries: AckEntry[];
  /** One sentence per line that could not be read, naming the line and how to fix it. */
  problems: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseAckFile(text: string): ParsedAcks {
  const entries: AckEntry[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const problem = (what: string): void => {
      problems.push(`${ACK_FILE} line ${index + 1}: ${what}; fix or delete that line`);
    };
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // A merge conflict left unresolved is the likely cause; say so.
      problem(/^(<{7}|={7}|>{7})/.test(line) ? 'an unresolved merge conflict marker' : 'not a JSON object');
      return;
    }
    const entry = readEntry(value);
    if (typeof entry === 'string') {
      problem(entry);
      return;
    }
    entries.push(entry);
  });
  return { entries: latestPerFingerprint(entries), problems };
}

/** The entry, or what is wrong with it. */
function readEntry(value: unknown): AckEntry | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const v = value as Record<string, unknown>;
  if (typeof v.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(v.fingerprint)) return '"fingerprint" must be 16 hex digits';
  if (v.file !== null && typeof v.file !== 'string') return '"file" must be a path or null';
  if (typeof v.file === 'string') {
    const problem = pathProblem(v.file);
    if (problem !== null) return `"file" ${problem}`;
  }
  if (!isOneOf(CATEGORIES, v.category)) return `"category" must be one of ${CATEGORIES.join(', ')}`;
  if (!isOneOf(SEVERITIES, v.severity)) return `"severity" must be one of ${SEVERITIES.join(', ')}`;
  if (typeof v.title !== 'string') return '"title" must be a string';
  if (typeof v.reason !== 'string' || v.reason.trim() === '') return '"reason" must say why the finding is acknowledged';
  if (typeof v.by !== 'string') return '"by" must be a string';
  if (typeof v.at !== 'string' || Number.isNaN(Date.parse(v.at))) return '"at" must be an ISO 8601 time';
  if (v.expires !== null && (typeof v.expires !== 'string' || !isDate(v.expires))) return '"expires" must be a date (YYYY-MM-DD) or null';
  return {
    fingerprint: v.fingerprint,
    file: v.file,
    category: v.category as Category,
    severity: v.severity as Severity,
    title: v.title,
    reason: v.reason,
    by: v.by,
    at: v.at,
    expires: v.expires,
  };
}

/** Paths are repository-relative with forward slashes, so the file means the same on every clone. */
export function pathProblem(path: string): string | null {
  if (path.trim() === '') return 'must not be empty';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.startsWith('~'))
    return 'must be relative to the repository root, not a path on one machine';
  if (path.includes('\\')) return 'must use forward slashes';
  if (path.split('/').includes('..')) return 'must not leave the repository (..)';
  return null;
}

export function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** A merge can bring the same fingerprint from both sides: the latest acknowledgement speaks. */
function latestPerFingerprint(entries: readonly AckEntry[]): AckEntry[] {
  const byFingerprint = new Map<string, AckEntry>();
  for (const entry of entries) {
    const kept = byFingerprint.get(entry.fingerprint);
    if (!kept || Date.parse(entry.at) >= Date.parse(kept.at)) byFingerprint.set(entry.fingerprint, entry);
  }
  return [...byFingerprint.values()];
}

/** One line per entry, sorted by fingerprint, keys in a fixed order, a newline at the end. */
export function serializeAcks(entries: readonly AckEntry[]): string {
  const lines = latestPerFingerprint(entries)
    .sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0))
    .map((e) =>
      JSON.stringify({
        fingerprint: e.fingerprint,
        file: e.file,
        category: e.category,
        severity: e.severity,
        title: e.title,
        reason: e.reason,
        by: e.by,
        at: e.at,
        expires: e.expires,
      }),
    );
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Whether the entry has stopped applying at `now`: from the start (UTC) of its expiry date. */
export function isExpired(entry: Pick<AckEntry, 'expires'>, now: Date): boolean {
  return entry.expires !== null && now.getTime() >= Date.parse(`${entry.expires}T00:00:00Z`);
}
