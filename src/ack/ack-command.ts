// `review-hook ack`: acknowledge findings of the last review, list the acknowledgements, prune expired ones.
import { statePaths } from '../state/paths.js';
import { readFile } from 'node:fs/promises';
import { ReviewHookError, UsageError } from '../errors.js';
import type { Git } from '../git/exec-git.js';
import { openRepo, type RepoInfo } from '../git/repo.js';
import type { Env } from '../domain/env.js';
import { reasonProblem } from '../policy/overrides.js';
import { ACK_FILE, isExpired, type AckEntry } from './ack-file.js';
import { acknowledge, type AckTarget } from './acknowledge.js';
import { readAckStore, writeAckStore } from './ack-store.js';
import { parseExpiry } from './expiry.js';

export interface AckCommandInput {
  git: Git;
  env: Env;
  now: Date;
  ids: readonly string[];
  reason?: string;
  expires?: string;
  list?: boolean;
  prune?: boolean;
}

/** Runs the command; returns the lines to print. */
export async function runAckCommand(input: AckCommandInput): Promise<string[]> {
  const modes = [input.ids.length > 0, Boolean(input.list), Boolean(input.prune)].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError('give finding ids to acknowledge, or --list, or --prune (one of them)', {
      hint: 'review-hook ack C1 --reason "why it is not a problem"   |   review-hook ack --list   |   review-hook ack --prune',
    });
  }
  const repo = await openRepo(input.git);
  const toplevel = requireWorkTree(repo);
  if (input.list) return listAcks(await readAckStore(toplevel), input.now);
  if (input.prune) return pruneAcks(toplevel, input.now);
  return ackIds(input, repo);
}

function requireWorkTree(repo: RepoInfo): string {
  if (repo.toplevel === null) {
    throw new UsageError(`acknowledgements live in ${ACK_FILE} in the work tree, and this repository has none`, {
      hint: 'run review-hook ack from a checkout of the repository',
    });
  }
  return repo.toplevel;
}

async function ackIds(input: AckCommandInput, repo: RepoInfo): Promise<string[]> {
  const reason = input.reason ?? '';
  const problem = reasonProblem(reason);
  if (problem !== null) {
    throw new UsageError(`--reason: ${problem}`, {
      hint: 'say why the finding is not a problem: review-hook ack C1 --reason "id is validated by the router"',
    });
  }
  const expires = parseExpiry(input.expires, input.now);
  const last = await readLastReview(repo.commonDir);
  const targets = pickTargets(last.findings, input.ids);

  const result = await acknowledge({
    git: input.git,
    repo,
    env: input.env,
    now: input.now,
    targets,
    reason: reason.trim(),
    expires,
    ranges: last.ranges,
  });
  const lines = targets.map(
    (t) =>
      `review-hook: acknowledged ${t.id} ${t.file ?? '(no file)'}${t.line === null ? '' : `:${t.line}`} ${t.title} (${expires ? `until ${expires}` : 'no expiry'})`,
  );
  lines.push(`review-hook: written to ${ACK_FILE}; recorded in the audit log`);
  if (result.attributesAdded)
    lines.push(`review-hook: added "/${ACK_FILE} merge=union" to .gitattributes, so branches that each add acknowledgements merge cleanly`);
  lines.push(
    `review-hook: commit ${ACK_FILE}${result.attributesAdded ? ' and .gitattributes' : ''}: acknowledgements apply to a push from the commit that contains them, and your team reviews them like code`,
  );
  return lines;
}

interface LastReview {
  ranges: Array<{ ref: string; base: string; head: string }>;
  findings: AckTarget[];
}

async function readLastReview(commonDir: string): Promise<LastReview> {
  const path = statePaths(commonDir).lastReviewJson;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UsageError('there is no review to acknowledge findings of yet', {
        hint: 'push (or run review-hook) first; ack takes ids from the last review',
      });
    }
    throw new ReviewHookError('INTERNAL', `could not read ${path}`, { cause: error });
  }
  let parsed: { ranges?: unknown; findings?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch (error) {
    throw new ReviewHookError('USAGE', `the last review (${path}) is not valid JSON`, {
      cause: error,
      hint: 'run the review again (review-hook, or git push)',
    });
  }
  const findings = Array.isArray(parsed.findings) ? (parsed.findings as AckTarget[]) : [];
  const ranges = Array.isArray(parsed.ranges) ? (parsed.ranges as LastReview['ranges']) : [];
  return { ranges, findings };
}

function pickTargets(findings: readonly AckTarget[], ids: readonly string[]): AckTarget[] {
  const targets: AckTarget[] = [];
  for (const id of new Set(ids.map((i) => i.trim().toUpperCase()))) {
    const finding = findings.find((f) => typeof f.id === 'string' && f.id.toUpperCase() === id);
    if (!finding) {
      const known = findings.map((f) => f.id).join(', ');
      throw new UsageError(`the last review has no finding ${id}`, {
        hint:
          known === ''
            ? 'the last review had no findings'
            : `its findings are ${known}; see them with cat "$(git rev-parse --git-common-dir)/review-hook/last-review.md"`,
      });
    }
    if (typeof finding.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(finding.fingerprint)) {
      throw new UsageError(`finding ${id} in the last review has no fingerprint (the report was written by an older version)`, {
        hint: 'run the review again, then ack',
      });
    }
    targets.push(finding);
  }
  return targets;
}

export function describeEntry(entry: AckEntry, now: Date): string {
  const state = isExpired(entry, now) ? `EXPIRED on ${entry.expires}` : entry.expires === null ? 'no expiry' : `until ${entry.expires}`;
  return `${entry.fingerprint}  ${entry.severity} ${entry.category}  ${entry.file ?? '(no file)'}: ${entry.title}\n    ${entry.reason} (by ${entry.by} on ${entry.at.slice(0, 10)}; ${state})`;
}

function listAcks(entries: readonly AckEntry[], now: Date): string[] {
  if (entries.length === 0) return [`review-hook: no acknowledgements in ${ACK_FILE}`];
  const expired = entries.filter((e) => isExpired(e, now)).length;
  return [
    `review-hook: ${entries.length} acknowledgement${entries.length === 1 ? '' : 's'} in ${ACK_FILE}${expired > 0 ? ` (${expired} expired; review-hook ack --prune drops them)` : ''}`,
    ...[...entries].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)).map((e) => describeEntry(e, now)),
  ];
}

async function pruneAcks(toplevel: string, now: Date): Promise<string[]> {
  const entries = await readAckStore(toplevel);
  const expired = entries.filter((e) => isExpired(e, now));
  if (expired.length === 0) return [`review-hook: no expired acknowledgements in ${ACK_FILE}`];
  await writeAckStore(
    toplevel,
    entries.filter((e) => !isExpired(e, now)),
  );
  return [
    `review-hook: dropped ${expired.length} expired acknowledgement${expired.length === 1 ? '' : 's'} from ${ACK_FILE}; commit the file`,
    ...expired.map((e) => describeEntry(e, now)),
  ];
}
