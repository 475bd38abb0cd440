// Records acknowledgements: entries in the work tree's acknowledgements file, and a line per
// acknowledgement in the audit log with each finding in full.
import type { Git } from '../git/exec-git.js';
import type { RepoInfo } from '../git/repo.js';
import { ReviewHookError } from '../errors.js';
import { appendAudit, buildAuditEntry } from '../state/audit.js';
import type { Env } from '../domain/env.js';
import { userIdentity } from '../state/record-audit.js';
import type { Finding, PushRange } from '../domain/types.js';
import { ACK_FILE, pathProblem, type AckEntry } from './ack-file.js';
import { ensureUnionMerge, readAckStore, writeAckStore } from './ack-store.js';

/** A finding to acknowledge, as the last report or the running review has it. */
export type AckTarget = Pick<
  Finding,
  'id' | 'severity' | 'category' | 'file' | 'line' | 'endLine' | 'title' | 'detail' | 'source' | 'located' | 'verification'
> & {
  fingerprint: string;
};

export interface AcknowledgeInput {
  git: Git;
  repo: RepoInfo;
  env: Env;
  now: Date;
  targets: readonly AckTarget[];
  reason: string;
  expires: string | null;
  /** The ranges of the review the findings came from, for the audit line. */
  ranges: ReadonlyArray<Pick<PushRange, 'ref' | 'base' | 'head'>>;
}

export interface AcknowledgeResult {
  entries: AckEntry[];
  /** Whether .gitattributes got the union-merge line. */
  attributesAdded: boolean;
}

export async function acknowledge(input: AcknowledgeInput): Promise<AcknowledgeResult> {
  const toplevel = input.repo.toplevel;
  if (toplevel === null) {
    throw new ReviewHookError(
      'USAGE',
      `acknowledgements live in ${ACK_FILE} in the work tree, and this repository has none (bare, or run inside .git)`,
      {
        hint: 'run review-hook ack from a checkout of the repository',
      },
    );
  }
  const { userName, userEmail } = await userIdentity(input.git);
  if (userName === null && userEmail === null) {
    throw new ReviewHookError('USAGE', 'git does not know who you are, and every acknowledgement records who made it', {
      hint: 'set it with git config user.name "Your Name" and git config user.email you@example.com',
    });
  }
  const by = userName !== null && userEmail !== null ? `${userName} <${userEmail}>` : (userEmail ?? userName)!;
  const at = input.now.toISOString().replace(/\.\d{3}Z$/, 'Z');

  const entries = input.targets.map((t): AckEntry => {
    const problem = t.file === null ? null : pathProblem(t.file);
    if (problem !== null) throw new ReviewHookError('USAGE', `${t.id} cannot be acknowledged: its file ${t.file} ${problem}`);
    return {
      fingerprint: t.fingerprint,
      file: t.file,
      category: t.category,
      severity: t.severity,
      title: t.title,
      reason: input.reason,
      by,
      at,
      expires: input.expires,
    };
  });

  // Read first: a file with unreadable lines is refused before anything is written.
  const existing = await readAckStore(toplevel);
  const replaced = new Set(entries.map((e) => e.fingerprint));
  await writeAckStore(toplevel, [...existing.filter((e) => !replaced.has(e.fingerprint)), ...entries]);
  const attributesAdded = await ensureUnionMerge(toplevel);

  await appendAudit(
    input.repo.commonDir,
    buildAuditEntry({
      now: input.now,
      userName,
      userEmail,
      env: input.env,
      ranges: input.ranges,
      override: { source: 'ack', reason: input.reason },
      findings: input.targets.map(fullFinding),
      verdictWithoutOverride: null,
    }),
  );
  return { entries, attributesAdded };
}

/** What the audit log keeps of a finding, so the line means something after the report is gone. */
function fullFinding(t: AckTarget): Finding {
  return {
    id: t.id,
    severity: t.severity,
    category: t.category,
    file: t.file,
    line: t.line,
    endLine: t.endLine,
    title: t.title,
    detail: t.detail,
    source: t.source,
    located: t.located,
    verification: t.verification ?? null,
  };
}
