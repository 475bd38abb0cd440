// Locates the repository once, so later stages never guess paths from the working directory.
import { isAbsolute, resolve } from 'node:path';
import { ReviewHookError } from '../errors.js';
import type { Git } from './exec-git.js';

export type ObjectFormat = 'sha1' | 'sha256';

export interface RepoInfo {
  /** The work tree's top directory; null for a bare repository (or when run inside the git dir). */
  toplevel: string | null;
  /** This worktree's git dir (absolute). */
  gitDir: string;
  /** The git dir shared by all worktrees (absolute): where refs, objects and our own files live. */
  commonDir: string;
  objectFormat: ObjectFormat;
  /** The empty tree's oid in this repository's hash; the base of a range that starts at a root. */
  emptyTree: string;
  isShallow: boolean;
}

export const EMPTY_TREE: Readonly<Record<ObjectFormat, string>> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

// --show-toplevel goes last: outside a work tree it fails after printing the others, so one call
// answers both bare and non-bare repositories.
const FLAGS = ['--absolute-git-dir', '--git-common-dir', '--show-object-format', '--is-shallow-repository', '--show-toplevel'] as const;

export async function openRepo(git: Git): Promise<RepoInfo> {
  const result = await git.tryRun(['rev-parse', ...FLAGS]);
  const lines = result.stdout.split('\n').map((l) => l.replace(/\r$/, ''));
  if (result.exitCode !== 0 && !/work tree/i.test(result.stderr)) {
    if (/not a git repository/i.test(result.stderr)) {
      throw new ReviewHookError('NOT_A_REPO', `${git.cwd} is not inside a git repository`, {
        cause: new Error(result.stderr),
        hint: 'Run review-hook from inside a git repository (or set GIT_DIR).',
      });
    }
    throw new ReviewHookError('GIT', `could not inspect the repository: ${result.stderr || `git exited ${result.exitCode}`}`, {
      cause: new Error(result.stderr),
    });
  }
  const [gitDir, commonDirRaw, format, shallow, toplevel] = lines;
  if (!gitDir || !commonDirRaw || !format || !shallow) {
    throw new ReviewHookError('GIT', `unexpected output from git rev-parse: ${JSON.stringify(result.stdout)}`);
  }
  if (format !== 'sha1' && format !== 'sha256') {
    throw new ReviewHookError('GIT', `unsupported object format "${format}"`);
  }
  return {
    toplevel: result.exitCode === 0 && toplevel ? toplevel : null,
    gitDir,
    // git prints the common dir relative to the current directory unless it is elsewhere.
    commonDir: isAbsolute(commonDirRaw) ? commonDirRaw : resolve(git.cwd, commonDirRaw),
    objectFormat: format,
    emptyTree: EMPTY_TREE[format],
    isShallow: shallow === 'true',
  };
}
