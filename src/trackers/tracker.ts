// The tracker interface: where the task a push implements is read from. Each tracker lives in its own
// folder beside this file and is listed once in registry.ts; the task-context stage
// (src/context/gather-task-context.ts) asks the first one the config turns on and formats what it found.
import type { ReviewConfig } from '../config/types.js';
import type { Env } from '../domain/env.js';
import type { Changeset, TaskRef } from '../domain/types.js';
import type { Git } from '../git/exec-git.js';
import type { RepoInfo } from '../git/repo.js';
import type { SelectedIssue, TouchedIssue } from '../context/format-context.js';
import type { IdSource } from '../context/issue-ids.js';
import type { TrackerIssue } from '../context/tracker-issue.js';

export interface TrackerInput {
  git: Git;
  repo: RepoInfo;
  changeset: Changeset;
  config: ReviewConfig;
  /** Ids given with --issue, in order. */
  issueIds: string[];
  /** The pushed branch's short name (hook) or the current branch (manual); null when there is none. */
  branch: string | null;
  env: Env;
}

export interface TrackerOutcome {
  selected: SelectedIssue[];
  /** Records the push changes that are not the task (bookkeeping, or outside an --issue task). */
  touched: TouchedIssue[];
  lookup: (id: string) => TrackerIssue | null;
  /** Output of the context command, which is the task context as it stands. */
  commandText: string | null;
  issues: string[];
  task: TaskRef[];
}

export interface Tracker {
  /** For messages and the registry. */
  name: string;
  /** Whether the config turns this tracker on. */
  enabled(config: ReviewConfig): boolean;
  /** The task; problems are pushed onto `warnings`, never thrown for what a push can cause. */
  find(input: TrackerInput, warnings: string[]): Promise<TrackerOutcome>;
}

export const NOTHING: TrackerOutcome = { selected: [], touched: [], lookup: () => null, commandText: null, issues: [], task: [] };

/** Most issues in one prompt (the primary and two related ones). */
export const MAX_ISSUES = 3;
/** Most ids tried with a program (bd, the context command) before giving up: each costs a process. */
export const MAX_ATTEMPTS = 6;

/** How a task issue was found, in the reports' words. */
export const FOUND_BY: Record<IdSource, string> = {
  flag: '--issue',
  changed: 'edited record',
  trailer: 'trailer',
  subject: 'subject',
  branch: 'branch',
  body: 'commit message',
};

export function warnUnknownFlags(flags: readonly string[], used: readonly string[], warnings: string[]): void {
  for (const flag of flags.flatMap((f) => f.split(/[\s,]+/)).filter(Boolean)) {
    if (!used.some((id) => id === flag || id.endsWith(`-${flag}`))) warnings.push(`--issue ${flag}: no such issue in the tracker`);
  }
}

/** Ids handed to a program as an argument: never an option, never whitespace or control characters. */
export function isSafeArgument(id: string): boolean {
  return /^[A-Za-z0-9#][\w.#:/-]{0,99}$/.test(id);
}
