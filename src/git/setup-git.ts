// The git layer of the setup commands (install, uninstall, doctor, init, config): simple-git's
// high-level API, configured here and nowhere else. The review path (the hook on every push, review,
// ci, ack, eval) keeps exec-git.ts, which costs less per call; the README ("Two git layers") has the
// measurements. Only setup commands import this module, and only lazily, so a push never loads
// simple-git.
import { GitPluginError, type SimpleGit, GitError as SimpleGitError, simpleGit } from 'simple-git';
import type { Env } from '../domain/env.js';
import { ReviewHookError } from '../errors.js';
import { gitEnv, keptGitVariables } from './exec-git.js';

export interface SetupGit {
  /** The directory git runs in; relative paths git prints are relative to it. */
  readonly cwd: string;
  readonly git: SimpleGit;
}

/**
 * git ran and exited non-zero, or could not start (a negative code, e.g. -2 when git is not on
 * PATH). simple-git's own errors keep only the message, and none at all when git exits non-zero
 * without printing (an unset key): this keeps the code, so a caller can tell "not a repository"
 * (128) or "no such key" (1) from a real failure. It extends simple-git's GitError because
 * simple-git wraps any other error in one and drops its fields.
 */
export class GitExit extends SimpleGitError {
  readonly exitCode: number;
  /** git's stderr, trimmed. */
  readonly stderr: string;

  constructor(exitCode: number, stderr: string, cause: unknown) {
    // The message carries stderr: simple-git's checkIsRepo reads "not a git repository" from it.
    super(undefined, `git exited ${exitCode}: ${stderr || 'no message'}`);
    this.name = 'GitExit';
    this.exitCode = exitCode;
    this.stderr = stderr;
    if (cause !== undefined) this.cause = cause;
  }
}

function keepExitCode(error: Buffer | Error | undefined, result: { exitCode: number; stdErr: Buffer[] }): Buffer | Error | undefined {
  // A guard refused the command before git ran: that message is the one to show.
  if (result.exitCode === 0 || error instanceof GitPluginError) return error;
  return new GitExit(result.exitCode, Buffer.concat(result.stdErr).toString('utf8').trim(), error);
}

/** The exit of a failed call through this layer, or null when git did not get to exit (a guard refused it). */
export function gitExitOf(error: unknown): GitExit | null {
  return error instanceof GitExit ? error : null;
}

export function createSetupGit(cwd: string, env: Env): SetupGit {
  let git: SimpleGit;
  try {
    git = simpleGit({
      baseDir: cwd,
      // Settle when the process closes; the default also waits 50 ms after its exit event.
      completion: { onClose: true, onExit: false },
      // simple-git drops every GIT_* variable it is not told to keep, and rejects a command whose
      // environment holds one it does not allow. These are exactly the ones gitEnv keeps, so a
      // linked worktree's GIT_DIR or `git -c` settings reach git here as on the review path.
      allowEnvironment: keptGitVariables(env),
      // The user's own config arrives through GIT_CONFIG_COUNT / GIT_CONFIG_PARAMETERS and
      // GIT_CONFIG_GLOBAL / GIT_CONFIG_SYSTEM; everything else simple-git guards stays refused.
      unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeConfigPaths: true },
      errors: keepExitCode,
    }).env(gitEnv(env));
  } catch (error) {
    // simple-git checks that the directory exists before anything runs.
    throw new ReviewHookError('GIT', `cannot run git in ${cwd}: ${(error as Error).message}`, {
      cause: error,
      hint: 'Run review-hook from a directory that exists, inside the repository.',
    });
  }
  return { cwd, git };
}

/** A failure of a setup git call as one of the project's typed errors, saying what was being done. */
export function setupGitError(doing: string, error: unknown): ReviewHookError {
  if (error instanceof ReviewHookError) return error;
  const exit = gitExitOf(error);
  if (exit !== null && exit.exitCode < 0) {
    return new ReviewHookError('GIT', `${doing}: git could not run (${exit.stderr.split('\n')[0] || `code ${exit.exitCode}`})`, {
      cause: error,
      hint: 'Install git and make sure it is on PATH.',
    });
  }
  if (error instanceof GitPluginError && error.plugin === 'unsafe') {
    // simple-git names the key ("Configuring core.sshCommand is not permitted without enabling
    // allowUnsafeSshCommand"); the option it names is not one the user can set.
    const key = /Configuring (\S+) is not permitted/.exec(error.message)?.[1];
    const what = key ? `the environment sets ${key} for git (GIT_CONFIG_COUNT and GIT_CONFIG_KEY_n)` : `git was refused: ${error.message}`;
    return new ReviewHookError('GIT', `${doing}: ${what}, which can run a program, and the setup commands do not pass that on`, {
      cause: error,
      hint: 'Run the command without that setting, e.g. env -u GIT_CONFIG_COUNT npx review-hook …',
    });
  }
  const message = exit !== null ? exit.stderr || `git exited ${exit.exitCode}` : (error as Error).message;
  return new ReviewHookError('GIT', `${doing}: ${message}`, { cause: error });
}
