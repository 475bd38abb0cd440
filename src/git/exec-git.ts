// The git layer of the review path (the hook on every push, review, ci, ack, eval): always an argv
// array, always an explicit cwd, and an environment passed in by the caller rather than read from
// the process. The setup commands use simple-git instead, through setup-git.ts.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { Env } from '../domain/env.js';
import { GitError } from '../errors.js';

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
  /**
   * Runs git and hands its stdout to `onLine` line by line as it arrives, so output of any size is
   * never held whole; throws GitError on a non-zero exit. See StreamOptions for long lines.
   */
  stream(args: readonly string[], onLine: OnLine, options: StreamOptions): Promise<void>;
}

/**
 * One line of streamed output, or one piece of a line longer than `maxLineChars`: `continued` is
 * true for every piece after a line's first. May return a promise; reading waits for it.
 */
export type OnLine = (text: string, continued: boolean) => void | Promise<void>;

export interface StreamOptions {
  /** Lines longer than this many characters arrive in pieces of at most this size. */
  maxLineChars: number;
  /** Written to git's stdin (e.g. the oids for `--stdin`); stdin is closed otherwise. */
  input?: string;
}

/**
 * The GIT_* variables gitEnv passes on (or sets): the repository's location, the user's config and
 * identity, and the pairs GIT_CONFIG_COUNT announces. The setup layer (setup-git.ts) allows exactly
 * these, so both layers see the same repository.
 */
export function keptGitVariables(env: Env): string[] {
  const kept: string[] = [...REPO_LOCATION_VARS, 'GIT_TERMINAL_PROMPT'];
  const configCount = Number(env.GIT_CONFIG_COUNT ?? 0);
  // Only the pairs that are there: a bogus count must not make this loop for ever.
  for (const key of Object.keys(env)) {
    const pair = /^GIT_CONFIG_(?:KEY|VALUE)_(0|[1-9]\d*)$/.exec(key);
    if (pair && Number(pair[1]) < configCount) kept.push(key);
  }
  return kept;
}

/** Keeps the variables that locate the user's repository and everything that is not git's. */
export function gitEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  const allowed = new Set<string>(keptGitVariables(env));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    // Pagers, editors and askpass helpers must never start inside a hook.
    if (key.startsWith('GIT_') && !allowed.has(key)) continue;
    if (['EDITOR', 'VISUAL', 'PAGER', 'SSH_ASKPASS', 'PREFIX'].includes(key)) continue;
    out[key] = value;
  }
  // Keeps output stable whatever the user's locale and terminal are.
  out.LC_ALL = 'C';
  out.GIT_TERMINAL_PROMPT = '0';
  return out;
}

/** Git processes running at once; a push of many files must not fork hundreds of them. */
const MAX_CONCURRENT = 6;

/**
 * Creates a git runner bound to one directory and environment.
 *
 * It spawns git directly, because this runs on every push: simple-git (the setup commands' layer)
 * waits 50 ms after every command that prints nothing (a push with nothing new asks such
 * questions), adds about a millisecond per call, holds each command's whole output (diffs here are
 * streamed line by line), and refuses some configuration a hook legitimately receives through the
 * environment (GIT_CONFIG_KEY_n naming core.hooksPath, core.sshCommand and the like).
 */
export function createGit(cwd: string, env: Env): Git {
  const childEnv = gitEnv(env);
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = async () => {
    if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };

  const spawnGit = (args: readonly string[]) =>
    new Promise<GitResult>((resolve, reject) => {
      // quotePath=false keeps non-ASCII names readable; names with control characters are still
      // quoted and the diff parser unquotes them.
      const child = spawn('git', ['-c', 'core.quotePath=false', ...args], {
        cwd,
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        resolve({
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8').trim(),
          exitCode: code ?? (signal ? 128 : 1),
        });
      });
    });

  const tryRun = async (args: readonly string[]): Promise<GitResult> => {
    await acquire();
    try {
      return await spawnGit(args);
    } catch (error) {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'Install git and make sure it is on PATH.' : undefined;
      throw new GitError(`git ${args[0] ?? ''} could not run: ${(error as Error).message}`, args, {
        cause: error,
        ...(hint ? { hint } : {}),
      });
    } finally {
      release();
    }
  };

  const stream = async (args: readonly string[], onLine: OnLine, options: StreamOptions): Promise<void> => {
    await acquire();
    try {
      const child = spawn('git', ['-c', 'core.quotePath=false', ...args], {
        cwd,
        env: childEnv,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
        windowsHide: true,
      });
      const err: Buffer[] = [];
      let errBytes = 0;
      child.stderr!.on('data', (chunk: Buffer) => {
        // git's messages are short; a flood of warnings must not grow without bound.
        if (errBytes < 64 * 1024) err.push(chunk);
        errBytes += chunk.length;
      });
      const closed = new Promise<number>((resolve, reject) => {
        child.on('error', (error) => {
          const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'Install git and make sure it is on PATH.' : undefined;
          reject(new GitError(`git ${args[0] ?? ''} could not run: ${error.message}`, args, { cause: error, ...(hint ? { hint } : {}) }));
        });
        child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
      });
      if (options.input !== undefined && child.stdin) {
        // git may exit before reading everything (a bad argument); its exit code says why.
        child.stdin.on('error', () => undefined);
        child.stdin.end(options.input);
      }
      try {
        await splitLines(child.stdout!, Math.max(16, options.maxLineChars), onLine);
      } catch (error) {
        // The reader gave up (its own error): stop git and report the reader's error.
        child.kill();
        await closed.catch(() => undefined);
        throw error;
      }
      const exitCode = await closed;
      if (exitCode !== 0) {
        const stderr = Buffer.concat(err).toString('utf8').trim();
        throw new GitError(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr || 'no message'}`, args);
      }
    } finally {
      release();
    }
  };

  return {
    cwd,
    tryRun,
    stream,
    async run(args) {
      const result = await tryRun(args);
      if (result.exitCode !== 0) {
        throw new GitError(`git ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr || 'no message'}`, args);
      }
      return result.stdout;
    },
  };
}

/**
 * Splits a byte stream into lines without ever holding more than one line (or one piece of a long
 * line) plus one chunk. A line longer than `max` characters is handed over in pieces of at most `max`.
 */
export async function splitLines(source: AsyncIterable<Buffer>, max: number, onLine: OnLine): Promise<void> {
  // Decodes across chunk boundaries, so a character split between two chunks stays whole.
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let continued = false;
  const take = async (text: string): Promise<void> => {
    let start = 0;
    while (start < text.length) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      // Piece by piece while what is pending of this line is too long.
      while (pending.length + (end - start) > max) {
        const room = max - pending.length;
        const piece = pending + text.slice(start, start + room);
        pending = '';
        start += room;
        const result = onLine(piece, continued);
        if (result) await result;
        continued = true;
      }
      if (newline < 0) {
        pending += text.slice(start);
        return;
      }
      const line = pending + text.slice(start, newline);
      pending = '';
      const result = onLine(line, continued);
      if (result) await result;
      continued = false;
      start = newline + 1;
    }
  };
  for await (const chunk of source) await take(decoder.write(chunk));
  await take(decoder.end());
  if (pending !== '' || continued) {
    if (pending !== '') {
      const result = onLine(pending, continued);
      if (result) await result;
    }
  }
}
