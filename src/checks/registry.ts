// Every deterministic check, by name. Adding a check is one file plus one line here.
import type { ReviewConfig } from '../config/types.js';
import type { Finding } from '../types.js';
import { conflictMarkers } from './conflict-markers.js';
import type { AddedLine, Check } from './types.js';

export const checks: ReadonlyMap<string, Check> = new Map([[conflictMarkers.name, conflictMarkers]]);

/** Runs the enabled checks and tags each finding with its source. Ids are assigned later. */
export async function runChecks(lines: readonly AddedLine[], config: ReviewConfig): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const check of checks.values()) {
    const settings = config.checks[check.name] ?? { enabled: check.enabledByDefault, allow: [] };
    if (!settings.enabled) continue;
    for (const finding of await check.run(lines, settings)) {
      findings.push({ ...finding, id: '', source: `check:${check.name}`, located: true });
    }
  }
  return findings;
}

/** The added lines of the net change, for checks when per-commit lines are not collected. */
export function addedLinesOf(files: ReadonlyArray<{ path: string; hunks: ReadonlyArray<{ lines: ReadonlyArray<{ kind: string; text: string; newLine: number | null }> }> }>): AddedLine[] {
  const out: AddedLine[] = [];
  for (const file of files) {
    for (const hunk of file.hunks) {
      for (const line of hunk.lines) {
        if (line.kind === 'add' && line.newLine !== null) {
          out.push({ commit: null, file: file.path, line: line.newLine, text: line.text });
        }
      }
    }
  }
  return out;
}
