// End-to-end plumbing: a repository with a bare origin, the packed review-hook installed as its
// pre-push hook, and real `git push` runs against the in-process fake model server.
import { spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

export { useModelServer } from './fake-openai.js';
import { createPublishedRepo, type PublishedRepoOptions, type TestRepo, withEnv } from './git-repo.js';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a command without blocking the event loop (the fake model server lives in this process). */
export function run(
  cmd: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, stdout, stderr });
    });
    // A child that exits without reading its input (a refused push, a usage error) closes the pipe
    // first; that EPIPE is not the test's failure.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

export const consumerDir = (): string => inject('consumerDir');
/** The installed package's bin, as `npx review-hook` would run it. */
export const installedCli = (): string => join(consumerDir(), 'node_modules', 'review-hook', 'bin', 'review-hook.js');

export interface HookedRepo {
  repo: TestRepo;
  origin: TestRepo;
  env: Record<string, string>;
  /** `git push …` through the installed hook. */
  push(args: string[], extraEnv?: Record<string, string | undefined>): Promise<RunResult>;
  /** `review-hook …` as a person runs it in the repository. */
  cli(args: string[], extraEnv?: Record<string, string | undefined>): Promise<RunResult>;
  remoteHead(ref?: string): string | null;
}

export interface HookedRepoOptions extends PublishedRepoOptions {
  husky?: boolean;
}

export async function createHookedRepo(options: HookedRepoOptions): Promise<HookedRepo> {
  const { repo, origin, env } = createPublishedRepo(options);

  if (options.husky) {
    // A project that uses husky: package.json, node_modules with husky and review-hook, `husky` run.
    symlinkSync(join(consumerDir(), 'node_modules'), join(repo.dir, 'node_modules'));
    writeFileSync(join(repo.dir, '.gitignore'), 'node_modules\n');
    writeFileSync(
      join(repo.dir, 'package.json'),
      JSON.stringify(
        { name: 'demo', private: true, scripts: { prepare: 'husky' }, devDependencies: { husky: '9.1.7', 'review-hook': '*' } },
        null,
        2,
      ),
    );
    const husky = await run(process.execPath, [join(repo.dir, 'node_modules', 'husky', 'bin.js')], { cwd: repo.dir, env });
    if (husky.status !== 0) throw new Error(`husky failed: ${husky.stderr}${husky.stdout}`);
    repo.commit('set up husky');
    repo.git('push', '-q', 'origin', 'main');
  }

  const cli = (args: string[], extraEnv: Record<string, string | undefined> = {}) =>
    run(process.execPath, [installedCli(), ...args], { cwd: repo.dir, env: withEnv(env, extraEnv) });
  const installed = await cli(['install']);
  if (installed.status !== 0) throw new Error(`install failed: ${installed.stderr}${installed.stdout}`);

  return {
    repo,
    origin,
    env,
    cli,
    push: (args, extraEnv = {}) => run('git', ['push', ...args], { cwd: repo.dir, env: withEnv(env, extraEnv) }),
    remoteHead(ref = 'refs/heads/main') {
      const result = origin.tryGit(['rev-parse', '--verify', '--quiet', ref]);
      return result.status === 0 ? result.stdout.trim() : null;
    },
  };
}

export { criticalReview, promptOf } from './reviews.js';
