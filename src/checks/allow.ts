// The `checks.<name>.allow` lists: findings a project has accepted, each with a reason. A path glob
// (same gitignore-like rules as include/exclude) matches the finding's file; a pattern (regular
// expression) matches the offending text or its line. An entry with both needs both.
import type { CheckAllow } from '../config/types.js';
import { createPathMatcher } from '../git/path-filter.js';
import type { CheckFinding } from './types.js';

export type AllowMatcher = (finding: CheckFinding) => CheckAllow | null;

export function createAllowMatcher(entries: readonly CheckAllow[]): AllowMatcher {
  const compiled = entries.map((entry) => ({
    entry,
    path: entry.path === undefined ? null : createPathMatcher([entry.path]),
    pattern: entry.pattern === undefined ? null : new RegExp(entry.pattern),
  }));
  return (finding) => {
    for (const { entry, path, pattern } of compiled) {
      if (path && (finding.file === null || path.match(finding.file) === null)) continue;
      if (pattern && !(finding.evidence ?? []).some((text) => pattern.test(text))) continue;
      if (!path && !pattern) continue;
      return entry;
    }
    return null;
  };
}
