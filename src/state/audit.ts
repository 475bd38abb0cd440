// The audit log: one JSON line per override or skip, under the common git dir so every worktree of
// the repository shares it and it never lands in the work tree.
import { statePaths } from './paths.js';
import { appendFile, mkdir, open } from 'node:fs/promises';
import { ReviewHookError } from '../errors.js';
import type { Finding, Override, PushRange } from '../domain/types.js';
import type { Env } from '../domain/env.js';

export interface AuditEntry {
  /** ISO 8601. */
  time: string;
  /** "Name <email>", either part alone, or the login name; null when nothing identifies the user. */
  user: string | null;
  refs: string[];
  range: Array<{ ref: string; base: string; head: string }>;
  reason: string;
  source: Override['source'];
  /**
   * Every finding the person was shown when the override let the push through, in full, so the line
   * still says what was waved through after the cache entry and the last report are gone (empty for
   * a skip: nothing was reviewed).
   */
  findings: AuditFinding[];
  /** What the push would have got without the override; null for a skip, which decides before reviewing. */
  verdictWithoutOverride: 'allow' | 'block' | null;
}

/** A finding as the audit log keeps it. */
export interface AuditFinding {
  id: string;
  severity: Finding['severity'];
  category: Finding['category'];
  file: string | null;
  line: number | null;
  title: string;
  /** What verification said of it: 'confirmed' | 'rejected' | 'unverified', or null when it was not verified. */
  verification: NonNullable<Finding['verification']>['status'] | null;
  /** The reason of the checks allow-list entry that accepted it; only on such a finding. */
  allowedByConfig?: string;
}

/** The audit fields of a finding, and nothing else it carries. */
export function auditFinding(finding: AuditFindingInput): AuditFinding {
  return {
    id: finding.id,
    severity: finding.severity,
    category: finding.category,
    file: finding.file,
    line: finding.line,
    title: finding.title,
    verification: finding.verification?.status ?? null,
    ...(finding.allowedByConfig === undefined ? {} : { allowedByConfig: finding.allowedByConfig }),
  };
}

export type AuditFindingInput = Pick<Finding, 'id' | 'severity' | 'category' | 'file' | 'line' | 'title'> &
  Partial<Pick<Finding, 'verification' | 'allowedByConfig'>>;

/**
 * Appends one line. The line is built from the known fields only, so whatever else the caller's
 * object carries (keys, environment) cannot reach the file. One appendFile of one short line is a
 * single O_APPEND write, so concurrent pushes do not interleave.
 */
export async function appendAudit(commonDir: string, entry: AuditEntry): Promise<void> {
  const record: AuditEntry = {
    time: entry.time,
    user: entry.user,
    refs: [...entry.refs],
    range: entry.range.map(({ ref, base, head }) => ({ ref, base, head })),
    reason: entry.reason,
    source: entry.source,
    findings: entry.findings.map(({ id, severity, category, file, line, title, verification, allowedByConfig }) => ({
      id,
      severity,
      category,
      file,
      line,
      title,
      verification,
      ...(allowedByConfig === undefined ? {} : { allowedByConfig }),
    })),
    verdictWithoutOverride: entry.verdictWithoutOverride,
  };
  const file = statePaths(commonDir).audit;
  try {
    await mkdir(statePaths(commonDir).dir, { recursive: true });
    // A last line cut short (a crash, a full disk) must not glue itself to this record.
    const lead = (await endsMidLine(file)) ? '\n' : '';
    await appendFile(file, `${lead}${JSON.stringify(record)}\n`, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    // An override that cannot be recorded must not pass silently; the caller decides what it costs.
    throw new ReviewHookError('INTERNAL', `could not write the audit log ${file}`, { cause: error });
  }
}

/** True when the file exists, is not empty and its last byte is not a line feed. */
async function endsMidLine(file: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

export interface AuditEntryInput {
  now: Date;
  /** `git config user.name` / `user.email`, as read by the caller; null when unset. */
  userName: string | null;
  userEmail: string | null;
  /** Only USER / USERNAME are read, as a fallback identity. */
  env: Env;
  ranges: ReadonlyArray<Pick<PushRange, 'ref' | 'base' | 'head'>>;
  override: Override;
  findings: readonly AuditFindingInput[];
  verdictWithoutOverride: 'allow' | 'block' | null;
}

/** Builds an entry from what the caller has at hand. */
export function buildAuditEntry(input: AuditEntryInput): AuditEntry {
  return {
    time: input.now.toISOString(),
    user: describeUser(input.userName, input.userEmail, input.env),
    refs: [...new Set(input.ranges.map((range) => range.ref))],
    range: input.ranges.map(({ ref, base, head }) => ({ ref, base, head })),
    reason: input.override.reason,
    source: input.override.source,
    findings: input.findings.map(auditFinding),
    verdictWithoutOverride: input.verdictWithoutOverride,
  };
}

function describeUser(name: string | null, email: string | null, env: Env): string | null {
  const cleanName = name?.trim() || null;
  const cleanEmail = email?.trim() || null;
  if (cleanName !== null && cleanEmail !== null) return `${cleanName} <${cleanEmail}>`;
  return cleanEmail ?? cleanName ?? (env['USER']?.trim() || env['USERNAME']?.trim() || null);
}
