// Real, hermetic, disposable git repositories for tests. Nothing here mocks git.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { onTestFinished } from 'vitest';

/** An environment with no trace of the developer's or the outer hook's git settings. */
export function hermeticEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key.startsWith('GIT_') || key.startsWith('REVIEW_HOOK_') || key.startsWith('OPENAI_')) continue;
    if (key === 'HUSKY' || key === 'NO_COLOR' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  Object.assign(env, {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    GIT_TERMINAL_PROMPT: '0',
  });
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** `env` with `extra` applied: a value sets a variable, undefined removes it. */
export function withEnv(env: Record<string, string>, extra: Record<string, string | undefined>): Record<string, string> {
  const out = { ...env };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out;
}

export function tempDir(prefix = 'rh-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    // Called outside a test (e.g. in beforeAll): the caller cleans up.
  }
  return dir;
}

export interface GitRun {
  stdout: string;
  stderr: string;
  status: number;
}

export class TestRepo {
  constructor(
    readonly dir: string,
    public env: Record<string, string> = hermeticEnv(),
  ) {}

  /** Runs git; throws with stderr on failure. */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Runs git and returns status and both streams, for commands expected to fail (a blocked push). */
  tryGit(args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): GitRun {
    const result: SpawnSyncReturns<string> = spawnSync('git', args, {
      cwd: options.cwd ?? this.dir,
      env: options.env ?? this.env,
      encoding: 'utf8',
      input: options.input ?? '',
      timeout: 120_000,
    });
    return { stdout: result.stdout, stderr: result.stderr, status: result.status ?? -1 };
  }

  write(files: Record<string, string | Buffer>): this {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
    return this;
  }

  /** Writes files, stages everything and commits; returns the new commit's oid. */
  commit(message: string, files: Record<string, string | Buffer> = {}): string {
    this.write(files);
    this.git('add', '-A');
    this.git('commit', '-q', '--allow-empty', '-m', message);
    return this.head();
  }

  head(rev = 'HEAD'): string {
    return this.git('rev-parse', rev).trim();
  }
}

export interface RepoOptions {
  objectFormat?: 'sha1' | 'sha256';
  branch?: string;
}

function configureHermetic(repo: TestRepo): void {
  repo.git('config', 'commit.gpgSign', 'false');
  repo.git('config', 'tag.gpgSign', 'false');
  repo.git('config', 'gc.auto', '0');
  repo.git('config', 'maintenance.auto', 'false');
  repo.git('config', 'core.autocrlf', 'false');
}

/** A fresh repository with one commit on `main`. */
export function createRepo(options: RepoOptions = {}, dir = tempDir()): TestRepo {
  const args = ['init', '-q', '-b', options.branch ?? 'main'];
  if (options.objectFormat) args.push(`--object-format=${options.objectFormat}`);
  args.push(dir);
  execFileSync('git', args, { env: hermeticEnv(), stdio: 'ignore' });
  const repo = new TestRepo(dir);
  configureHermetic(repo);
  return repo;
}

/** A bare "origin" plus a clone-like working repo whose `origin` remote points at it. */
export function createRepoWithOrigin(options: RepoOptions = {}): { repo: TestRepo; origin: TestRepo } {
  const root = tempDir();
  const originDir = join(root, 'origin.git');
  const args = ['init', '-q', '--bare', '-b', options.branch ?? 'main'];
  if (options.objectFormat) args.push(`--object-format=${options.objectFormat}`);
  args.push(originDir);
  execFileSync('git', args, { env: hermeticEnv(), stdio: 'ignore' });
  const origin = new TestRepo(originDir);
  const repo = createRepo(options, join(root, 'work'));
  repo.git('remote', 'add', 'origin', originDir);
  return { repo, origin };
}

/** The key the tests' model server expects; never a real one. */
export const TEST_API_KEY = 'sk-test-e2e-key-0123456789';

export interface PublishedRepoOptions {
  /** The model server the review asks; null for none (no endpoint, no key). */
  server: { url: string } | null;
  /** Files of the first commit, which is pushed before anything reviews a push. */
  initial?: Record<string, string>;
  objectFormat?: 'sha1' | 'sha256';
}

/**
 * A project as both review layers start from it: a repository whose first commit is on its bare
 * origin and tracked by main, and an environment (CI set, so nothing prompts) that points the review
 * at the model server with the test key.
 */
export function createPublishedRepo(options: PublishedRepoOptions): { repo: TestRepo; origin: TestRepo; env: Record<string, string> } {
  const { repo, origin } = createRepoWithOrigin(options.objectFormat ? { objectFormat: options.objectFormat } : {});
  const env = hermeticEnv({
    CI: 'true',
    ...(options.server ? { OPENAI_BASE_URL: options.server.url, OPENAI_API_KEY: TEST_API_KEY } : {}),
  });
  repo.env = env;
  repo.commit('initial commit', options.initial ?? { 'README.md': '# demo\n', 'src/app.js': 'export const answer = 42;\n' });
  repo.git('push', '-q', 'origin', 'main');
  repo.git('branch', '--set-upstream-to=origin/main', 'main');
  return { repo, origin, env };
}
