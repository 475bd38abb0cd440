// The only module that runs git. Always an argv array, always an explicit cwd, and an environment
// passed in by the caller rather than read from the process.
import { GitError } from '../errors.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Variables that locate the user's repository. git exports GIT_DIR to hooks in linked worktrees and
 * when the caller set it; dropping them would point git at the wrong repository (or none).
 * GIT_CONFIG_PARAMETERS carries `git -c key=value push`, which is how one override arrives.
 */
const REPO_LOCATION_VARS = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_NAMESPACE',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DEFAULT_HASH',
  // Where the user keeps config, and who they are: needed to read settings and name the user.
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
] as const;

export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Git {
  readonly cwd: string;
  /** Runs git and returns stdout; throws GitError on a non-zero exit. */
  run(args: readonly string[]): Promise<string>;
  /** Runs git and returns the exit code too, for commands whose exit code is the answer. */
  tryRun(args: readonly string[]): Promise<GitResult>;
}

interface ExitFailure extends Error {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Keeps the variables that locate the user's repository and everything that is not git's. */
export function gitEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  const allowed = new Set<string>(REPO_LOCATION_VARS);
  const configCount = Number(env.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; i < configCount; i++) {
    allowed.add(`GIT_CONFIG_KEY_${i}`);
    allowed.add(`GIT_CONFIG_VALUE_${i}`);
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    // simple-git refuses some of these outright (pager, editor, askpass) and we never want them.
    if (key.startsWith('GIT_') && !allowed.has(key)) continue;
    if (['EDITOR', 'VISUAL', 'PAGER', 'SSH_ASKPASS', 'PREFIX'].includes(key)) continue;
    out[key] = value;
  }
  // Keeps output stable whatever the user's locale and terminal are.
  out.LC_ALL = 'C';
  out.GIT_TERMINAL_PROMPT = '0';
  allowed.add('GIT_TERMINAL_PROMPT');
  return out;
}

/** Creates a git runner bound to one directory and environment. simple-git is loaded on first use. */
export function createGit(cwd: string, env: Env): Git {
  const childEnv = gitEnv(env);
  const allowEnvironment = Object.keys(childEnv).filter((k) => k.startsWith('GIT_'));
  let instance: Promise<import('simple-git').SimpleGit> | undefined;

  const load = () =>
    (instance ??= import('simple-git').then(({ simpleGit, GitError: SimpleGitError }) =>
      simpleGit({
        baseDir: cwd,
        // quotePath=false keeps non-ASCII names readable; names with control characters are still
        // quoted and the diff parser unquotes them.
        config: ['core.quotePath=false'],
        allowEnvironment,
        // `git -c review-hook.allow=… push` reaches the hook as GIT_CONFIG_PARAMETERS, and a user
        // may point GIT_CONFIG_GLOBAL elsewhere; simple-git refuses both unless told they are
        // expected. They come from the user's own environment, not from anything we parse.
        unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeConfigPaths: true },
        maxConcurrentProcesses: 6,
        trimmed: false,
        // Treat any non-zero exit as failure, and keep the exit code so callers can ask questions.
        errors: (error, result) => {
          if (result.exitCode === 0) return error;
          // Must be simple-git's own error class, or it is re-wrapped and the exit code lost.
          const message = Buffer.concat(result.stdErr).toString('utf8').trim();
          const failure = new SimpleGitError(undefined, message) as unknown as ExitFailure;
          failure.exitCode = result.exitCode;
          failure.stdout = Buffer.concat(result.stdOut).toString('utf8');
          failure.stderr = message;
          return failure;
        },
      }).env(childEnv),
    ));

  const tryRun = async (args: readonly string[]): Promise<GitResult> => {
    const git = await load();
    try {
      const stdout = await git.raw([...args]);
      return { stdout, stderr: '', exitCode: 0 };
    } catch (error) {
      const failure = error as Partial<ExitFailure>;
      if (typeof failure.exitCode === 'number') {
        return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', exitCode: failure.exitCode };
      }
      throw new GitError(`git ${args[0] ?? ''} could not run: ${(error as Error).message}`, args, { cause: error });
    }
  };

  return {
    cwd,
    tryRun,
    async run(args) {
      const result = await tryRun(args);
      if (result.exitCode !== 0) {
        throw new GitError(
          `git ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr || 'no message'}`,
          args,
        );
      }
      return result.stdout;
    },
  };
}
