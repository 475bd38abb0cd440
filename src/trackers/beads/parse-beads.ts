// Parsers for what Beads writes: the JSONL export (one issue per line, any version since 0.2x) and
// the output of `bd show <id> --json` (an array, a single object, or the {schema_version, data}
// envelope, depending on version and BD_JSON_ENVELOPE). Pure; nothing here can throw on bad input.
import { isTombstone, toTrackerIssue, type TrackerIssue } from '../../context/tracker-issue.js';

export interface ParsedStore {
  issues: Map<string, TrackerIssue>;
  warnings: string[];
}

/**
 * Reads a JSONL export. The last line per id wins (exports append, and a merge can leave two);
 * a tombstone deletes; memories and other non-issue lines are skipped quietly; a line that is not
 * JSON (a conflict marker, a truncated write) is skipped with one warning naming the lines.
 */
export function parseBeadsJsonl(content: string, source: string): ParsedStore {
  const reader = createExportReader(source);
  const lines = content.split('\n');
  for (let index = 0; index < lines.length; index++) reader.line(lines[index] as string, index + 1);
  return reader.finish();
}

/** parseBeadsJsonl one line at a time, for an export read as a stream: `line` with its 1-based number, then `finish`. */
export function createExportReader(source: string): { line(text: string, number: number): void; finish(): ParsedStore } {
  const issues = new Map<string, TrackerIssue>();
  const malformed: number[] = [];
  return {
    line(text, number) {
      const line = text.replace(/^\uFEFF/, '').trim();
      if (line === '') return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        malformed.push(number);
        return;
      }
      const deleted = isTombstone(record);
      if (deleted !== null) {
        issues.delete(deleted);
        return;
      }
      const issue = toTrackerIssue(record);
      if (issue === null) return;
      // Re-inserting moves the id to the end, so iteration order is "last written".
      issues.delete(issue.id);
      issues.set(issue.id, issue);
    },
    finish() {
      const warnings: string[] = [];
      if (malformed.length > 0) {
        const shown = malformed.slice(0, 5).join(', ') + (malformed.length > 5 ? ', …' : '');
        warnings.push(`${source}: skipped ${malformed.length} malformed line${malformed.length === 1 ? '' : 's'} (line ${shown})`);
      }
      return { issues, warnings };
    },
  };
}

/** Ids listed in a `deletions.jsonl` ({"id","ts","by","reason"} per line), which some versions kept beside the export. */
export function parseDeletions(content: string): Set<string> {
  const ids = new Set<string>();
  for (const line of content.split('\n')) {
    try {
      const record = JSON.parse(line) as unknown;
      if (record !== null && typeof record === 'object' && typeof (record as { id?: unknown }).id === 'string') {
        ids.add((record as { id: string }).id.trim());
      }
    } catch {
      // Not a record; nothing to delete.
    }
  }
  return ids;
}

/** Issues from `bd show --json` output in any of its shapes; [] when it is not JSON or holds none. */
export function parseBdShow(stdout: string): TrackerIssue[] {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim());
  } catch {
    return [];
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'data' in value && 'schema_version' in value) {
    value = (value as { data: unknown }).data;
  }
  const items = Array.isArray(value) ? value : [value];
  return items.map(toTrackerIssue).filter((issue): issue is TrackerIssue => issue !== null);
}

/** The JSONL file name `.beads/metadata.json` names (`jsonl_export`), or null. */
export function exportNameFromMetadata(content: string): string | null {
  try {
    const value = JSON.parse(content) as { jsonl_export?: unknown };
    const name = typeof value.jsonl_export === 'string' ? value.jsonl_export.trim() : '';
    // A bare file name inside .beads/: anything with a path in it is not ours to follow.
    return /^[\w.-]+\.jsonl$/.test(name) ? name : null;
  } catch {
    return null;
  }
}

/** `issue-prefix:` from `.beads/config.yaml` (the only line we need, so no YAML parser). */
export function prefixFromConfigYaml(content: string): string | null {
  const match = /^issue-prefix:\s*["']?([A-Za-z][A-Za-z0-9_-]{0,19})["']?\s*(?:#.*)?$/m.exec(content);
  return match ? (match[1] as string) : null;
}
