// One line in the audit log for an override or a skip, signed with who is pushing.
import type { Git } from '../git/exec-git.js';
import { appendAudit, buildAuditEntry, type AuditEntryInput } from './audit.js';
import type { Env } from '../domain/env.js';

export async function recordAudit(
  git: Git,
  commonDir: string,
  ctx: { env: Env; now: () => Date },
  entry: Pick<AuditEntryInput, 'ranges' | 'override' | 'findings' | 'verdictWithoutOverride'>,
): Promise<void> {
  await appendAudit(commonDir, buildAuditEntry({ now: ctx.now(), ...(await userIdentity(git)), env: ctx.env, ...entry }));
}

/** Who is pushing, as git would sign a commit now: honours config and GIT_COMMITTER_* alike. */
export async function userIdentity(git: Git): Promise<{ userName: string | null; userEmail: string | null }> {
  const result = await git.tryRun(['var', 'GIT_COMMITTER_IDENT']);
  const match = /^(.*?)\s*<([^>]*)>/.exec(result.exitCode === 0 ? result.stdout : '');
  return { userName: match?.[1]?.trim() || null, userEmail: match?.[2]?.trim() || null };
}
