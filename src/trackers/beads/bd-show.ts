// Asks the `bd` program for one issue, for trackers whose data lives only in Dolt (Beads 0.50+ with
// no JSONL export). Optional: a missing `bd` is "not available", a slow or failing one a warning.
import type { Env } from '../../domain/env.js';
import { parseBdShow } from './parse-beads.js';
import { isSafeArgument } from '../tracker.js';
import { runCommand } from '../../run-command.js';
import type { TrackerIssue } from '../../context/tracker-issue.js';

export type BdAnswer =
  | { kind: 'issue'; issue: TrackerIssue }
  | { kind: 'none' }
  | { kind: 'unavailable' }
  | { kind: 'failed'; reason: string };

export async function bdShow(id: string, options: { cwd: string; env: Env; timeoutMs: number }): Promise<BdAnswer> {
  if (!isSafeArgument(id)) return { kind: 'none' };
  // Old versions start a background daemon unless told not to; the variable is ignored by newer ones.
  const env = { ...options.env, BEADS_NO_DAEMON: '1' };
  const result = await runCommand(['bd', 'show', id, '--json'], { cwd: options.cwd, env, timeoutMs: options.timeoutMs });
  if (result.notFound) return { kind: 'unavailable' };
  if (result.timedOut) return { kind: 'failed', reason: `bd show ${id} timed out after ${Math.round(options.timeoutMs / 1000)}s` };
  if (!result.ok) return { kind: 'none' };
  const issues = parseBdShow(result.stdout);
  // bd resolves a partial id itself, so the answer's id is the one to use.
  const issue = issues.find((i) => i.id === id) ?? (issues.length === 1 ? issues[0] : undefined);
  return issue ? { kind: 'issue', issue } : { kind: 'none' };
}
