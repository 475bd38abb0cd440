// In-process plumbing: the whole pipeline run through the entry's own dispatcher (src/cli/run-cli.ts)
// with in-memory streams and an env object, on a real repository with a bare origin, against the
// local model server in this process. No packing, no npm, no node child: only git is spawned.
//
// A push is real: `git push` runs with a pre-push hook that records the ref lines and arguments git
// hands it and refuses; the review then runs here with exactly those lines, and when it allows the
// push, `git push --no-verify` with the same arguments sends it. What only a spawned hook can show
// (husky, the hook script, a terminal, signals) stays in tests/e2e/.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run-cli.js';
import { createPublishedRepo, type PublishedRepoOptions, tempDir, type TestRepo, withEnv } from './git-repo.js';

export { useModelServer } from './fake-openai.js';
export { criticalReview, promptOf } from './reviews.js';

export interface CliRun {
  /** The exit code review-hook returned (for a push: git's, 1 when the hook refused). */
  status: number;
  stdout: string;
  stderr: string;
}

export interface PushRun extends CliRun {
  /** review-hook's own exit code in the hook, or null when git did not run the hook. */
  hookStatus: number | null;
}

const packageRoot = resolve(import.meta.dirname, '..', '..');

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface InProcessOptions {
  cwd: string;
  env: Record<string, string>;
  /** Stdin's text in hook mode (git's ref lines); null as when stdin is a terminal. */
  input?: string | null;
  now?: () => Date;
}

/** `review-hook <args>` as the entry runs it, below `process`. */
export async function runInProcess(args: string[], options: InProcessOptions): Promise<CliRun> {
  const stdout = new Collect();
  const stderr = new Collect();
  const status = await runCli(args, {
    cwd: options.cwd,
    env: { ...options.env },
    stdout,
    stderr,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinText: options.input === undefined ? (args[0] === 'pre-push' ? '' : null) : options.input,
    packageRoot,
    nodePath: process.execPath,
    nodeVersion: process.versions.node,
    now: options.now ?? (() => new Date()),
  });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

export interface ReviewedRepo {
  repo: TestRepo;
  origin: TestRepo;
  env: Record<string, string>;
  /** A real `git push …`, reviewed in-process as the installed hook would review it. */
  push(args: string[], extraEnv?: Record<string, string | undefined>): Promise<PushRun>;
  /** `review-hook …` as a person runs it in the repository. */
  cli(args: string[], extraEnv?: Record<string, string | undefined>, input?: string | null): Promise<CliRun>;
  remoteHead(ref?: string): string | null;
}

/** A pre-push hook that records what git hands it and refuses, so the push waits for the review. */
function installRecorder(repo: TestRepo, recordDir: string): void {
  const hooks = repo.git('rev-parse', '--git-path', 'hooks').trim();
  const script = ['#!/bin/sh', `cat > '${recordDir}/refs'`, `printf '%s\\n%s' "$1" "$2" > '${recordDir}/args'`, 'exit 1', ''].join('\n');
  const path = resolve(repo.dir, hooks, 'pre-push');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
}

export async function createReviewedRepo(options: PublishedRepoOptions): Promise<ReviewedRepo> {
  const { repo, origin, env } = createPublishedRepo(options);
  const recordDir = tempDir('rh-hook-');
  installRecorder(repo, recordDir);

  const cli = (args: string[], extraEnv: Record<string, string | undefined> = {}, input?: string | null) =>
    runInProcess(args, { cwd: repo.dir, env: withEnv(env, extraEnv), ...(input === undefined ? {} : { input }) });

  async function push(args: string[], extraEnv: Record<string, string | undefined> = {}): Promise<PushRun> {
    const pushEnv = withEnv(env, extraEnv);
    const refsFile = join(recordDir, 'refs');
    rmSync(refsFile, { force: true });
    const first = repo.tryGit(['push', ...args], { env: pushEnv });
    // git ran no hook: nothing to push, a refusal before the hook, or --no-verify.
    if (!existsSync(refsFile)) return { ...first, hookStatus: null };
    const [remote = '', url = ''] = readFileSync(join(recordDir, 'args'), 'utf8').split('\n');
    const review = await runInProcess(['pre-push', remote, url], {
      cwd: repo.dir,
      env: pushEnv,
      input: readFileSync(refsFile, 'utf8'),
    });
    if (review.status !== 0) {
      return { status: 1, hookStatus: review.status, stdout: review.stdout, stderr: `${review.stderr}${first.stderr}` };
    }
    const second = repo.tryGit(['push', '--no-verify', ...args], { env: pushEnv });
    return {
      status: second.status,
      hookStatus: 0,
      stdout: `${review.stdout}${second.stdout}`,
      stderr: `${review.stderr}${second.stderr}`,
    };
  }

  return {
    repo,
    origin,
    env,
    cli,
    push,
    remoteHead(ref = 'refs/heads/main') {
      const result = origin.tryGit(['rev-parse', '--verify', '--quiet', ref]);
      return result.status === 0 ? result.stdout.trim() : null;
    },
  };
}
