// Every deterministic check, by name. Adding a check is one file plus one line here.
import type { ReviewConfig } from '../config/types.js';
import type { Finding } from '../domain/types.js';
import { createAllowMatcher } from './allow.js';
import { conflictMarkers } from './conflict-markers.js';
import { privateKey } from './private-key.js';
import { secrets } from './secrets.js';
import type { Check, CheckFinding, SecretValue } from './types.js';
import type { AddedLine } from '../domain/types.js';

export const checks: ReadonlyMap<string, Check> = new Map(
  [secrets, privateKey, conflictMarkers].map((check) => [check.name, check] as const),
);

export interface ChecksResult {
  /** Findings that count toward the verdict. */
  findings: Finding[];
  /**
   * Findings an allow-list entry accepted. They are reported (severity minor, the entry's reason in
   * allowedByConfig, which the reports show) and never block: see isAllowedFinding.
   */
  allowed: Finding[];
  /** The text of every secret found, allowed or not: allowing a secret never lets it be sent. */
  secrets: SecretValue[];
  /** Warnings about the `checks` setting itself (a name that is no check). */
  notes: string[];
}

/** Whether a finding is a check finding that an allow-list accepted (so policy must not count it). */
export function isAllowedFinding(finding: Finding): boolean {
  return finding.allowedByConfig !== undefined;
}

/** Whether a check runs under this config (its own setting, else its default). */
export function isCheckEnabled(config: ReviewConfig, name: string): boolean {
  return config.checks[name]?.enabled ?? checks.get(name)?.enabledByDefault ?? false;
}

/** A check's raw finding, before its allow-list and the report's shape are applied. */
export interface RawFinding {
  check: string;
  found: CheckFinding;
}

/** Runs the enabled checks, applies each one's allow-list and tags findings with their source. Ids are assigned later. */
export async function runChecks(lines: readonly AddedLine[], config: ReviewConfig): Promise<ChecksResult> {
  return settleFindings(await findInLines(lines, config), config);
}

/** What the enabled checks find in the lines, as they found it. */
export async function findInLines(lines: readonly AddedLine[], config: ReviewConfig): Promise<RawFinding[]> {
  const out: RawFinding[] = [];
  for (const check of checks.values()) {
    if (!isCheckEnabled(config, check.name)) continue;
    const settings = config.checks[check.name] ?? { enabled: true, allow: [] };
    for (const found of await check.run(lines, settings)) out.push({ check: check.name, found });
  }
  return out;
}

/** Applies each check's allow-list to what it found and gives the findings the report's shape. */
export function settleFindings(raw: readonly RawFinding[], config: ReviewConfig): ChecksResult {
  const result: ChecksResult = { findings: [], allowed: [], secrets: [], notes: [] };
  for (const name of Object.keys(config.checks)) {
    if (!checks.has(name)) {
      result.notes.push(`checks.${name} names no check, so it has no effect (checks: ${[...checks.keys()].join(', ')})`);
    }
  }
  const allowFor = new Map<string, ReturnType<typeof createAllowMatcher>>();
  for (const { check, found } of raw) {
    for (const secret of found.secrets ?? []) result.secrets.push(secret);
    let allow = allowFor.get(check);
    if (!allow) {
      allow = createAllowMatcher(config.checks[check]?.allow ?? []);
      allowFor.set(check, allow);
    }
    const entry = allow(found);
    const finding = toFinding(found, check);
    if (entry === null) {
      result.findings.push(finding);
      continue;
    }
    result.allowed.push({ ...finding, severity: 'minor', allowedByConfig: entry.reason });
  }
  return result;
}

function toFinding(found: CheckFinding, name: string): Omit<Finding, 'id'> & { id: '' } {
  // Only the report's fields: evidence and secret text stay here.
  return {
    id: '',
    severity: found.severity,
    category: found.category,
    file: found.file,
    line: found.line,
    endLine: found.endLine,
    title: found.title,
    detail: found.detail,
    source: `check:${name}`,
    located: true,
    ...(found.commit ? { commit: found.commit } : {}),
  };
}
