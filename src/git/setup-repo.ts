// Where the repository is and how it is configured, for the setup commands, through simple-git:
// one rev-parse in the usual case, and its repository checks to say why there is no work tree when
// there is none.
import { resolve } from 'node:path';
import { CheckRepoActions } from 'simple-git';
import { ReviewHookError } from '../errors.js';
import { gitExitOf, type SetupGit, setupGitError } from './setup-git.js';

export type SetupRepo =
  | {
      kind: 'work-tree';
      toplevel: string;
      /** This worktree's git dir (absolute). */
      gitDir: string;
      /** The git dir shared by all worktrees (absolute). */
      commonDir: string;
      /** The folder git runs hooks from: honours core.hooksPath, the common one in a linked worktree. */
      hooksDir: string;
    }
  /** A git dir with no work tree: a bare repository, or the git dir of a checkout. */
  | { kind: 'bare' | 'git-dir'; gitDir: string }
  | { kind: 'none'; stderr: string };

// --show-toplevel goes last: outside a work tree git fails on it (exit 128, "must be run in a work
// tree"), which is how one call tells the usual case from the others. It also answers when
// GIT_WORK_TREE names a work tree the current directory is not in, where --is-inside-work-tree
// (checkIsRepo's default) says false.
const FLAGS = ['--absolute-git-dir', '--git-common-dir', '--git-path', 'hooks', '--show-toplevel'];

export async function locateRepo(setup: SetupGit): Promise<SetupRepo> {
  let printed: string;
  try {
    printed = await setup.git.revparse(FLAGS);
  } catch (error) {
    const exit = gitExitOf(error);
    if (exit?.exitCode === 128 && /not a git repository/i.test(exit.stderr)) return { kind: 'none', stderr: exit.stderr };
    if (exit?.exitCode !== 128 || !/work tree/i.test(exit.stderr)) throw setupGitError('could not inspect the repository', error);
    try {
      const gitDir = await setup.git.revparse(['--absolute-git-dir']);
      return { kind: (await setup.git.checkIsRepo(CheckRepoActions.BARE)) ? 'bare' : 'git-dir', gitDir };
    } catch (inner) {
      throw setupGitError('could not inspect the repository', inner);
    }
  }
  const [gitDir, commonDir, hooksDir, toplevel] = printed.split('\n').map((line) => line.replace(/\r$/, ''));
  if (!gitDir || !commonDir || !hooksDir || !toplevel) {
    throw new ReviewHookError('GIT', `unexpected output from git rev-parse ${FLAGS.join(' ')}: ${JSON.stringify(printed)}`);
  }
  // rev-parse prints these relative to the directory git ran in (even a relative core.hooksPath,
  // which git itself takes relative to the top of the work tree), or absolute.
  return { kind: 'work-tree', toplevel, gitDir, commonDir: resolve(setup.cwd, commonDir), hooksDir: resolve(setup.cwd, hooksDir) };
}

/** The top of the work tree; the current directory in a bare repository (as the review path does). */
export async function setupRepoRoot(setup: SetupGit): Promise<string> {
  const repo = await locateRepo(setup);
  if (repo.kind === 'work-tree') return repo.toplevel;
  if (repo.kind === 'none') {
    throw new ReviewHookError('NOT_A_REPO', `${setup.cwd} is not inside a git repository`, {
      cause: new Error(repo.stderr),
      hint: 'Run review-hook from inside a git repository (or set GIT_DIR).',
    });
  }
  return setup.cwd;
}

/**
 * The value git uses for a `section.name` key (the last one it reads, from any scope, `git -c`
 * included), or null when it is unset or empty. It reads the whole list rather than asking for the
 * key (getConfig): an unset key prints nothing, and simple-git waits 50 ms after any command that
 * prints nothing.
 */
export async function configValue(setup: SetupGit, key: string): Promise<string | null> {
  let all: Record<string, string | string[]>;
  try {
    all = (await setup.git.listConfig()).all;
  } catch (error) {
    throw setupGitError(`could not read ${key}`, error);
  }
  const value = all[canonicalKey(key)];
  const last = Array.isArray(value) ? value[value.length - 1] : value;
  return last ? last : null;
}

/**
 * A key as `git config --list` prints it: section and name in lower case, a subsection (the middle
 * of `remote.Origin.url`) exactly as written, since git compares subsections case-sensitively.
 */
export function canonicalKey(key: string): string {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first < 0 || first === last) return key.toLowerCase();
  return `${key.slice(0, first).toLowerCase()}${key.slice(first, last)}${key.slice(last).toLowerCase()}`;
}
