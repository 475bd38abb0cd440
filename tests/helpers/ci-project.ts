// A project on a real origin, as CI checks it out, shared by tests/integration/ci.test.ts and
// tests/e2e/ci.test.ts: main, a feature branch adding a query, main moving on, and the depth-1
// test-merge checkout and environment GitHub Actions gives a pull_request job.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { FakeOpenAI } from './fake-openai.js';
import { criticalReview, promptOf, QUERY } from './reviews.js';
import { createRepoWithOrigin, hermeticEnv, tempDir, type TestRepo } from './git-repo.js';

export interface Project {
  origin: TestRepo;
  originUrl: string;
  /** main's tip when the branch was made, i.e. the merge base. */
  forkPoint: string;
  mainTip: string;
  featureTip: string;
}

/**
 * main with a few commits, a feature branch `commits` commits long adding src/find.js, and main
 * moving on after the branch was made (a file the review must not see).
 */
export function project(commits = 3): Project {
  const { repo, origin } = createRepoWithOrigin();
  repo.commit('initial', { 'README.md': '# shop\n', 'src/app.js': 'export const answer = 42;\n' });
  repo.commit('second', { 'src/util.js': 'export const id = (x) => x;\n' });
  const forkPoint = repo.head();
  repo.git('checkout', '-q', '-b', 'feature');
  for (let i = 1; i < commits; i++) repo.commit(`notes ${i}`, { 'docs/notes.md': `# notes\n\nstep ${i}\n` });
  const featureTip = repo.commit('add lookup', { 'src/find.js': QUERY });
  repo.git('checkout', '-q', 'main');
  const mainTip = repo.commit('main moves on', { 'src/main-only.js': 'export const mainOnly = true;\n' });
  repo.git('push', '-q', 'origin', 'main', 'feature');
  return { origin, originUrl: `file://${origin.dir}`, forkPoint, mainTip, featureTip };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: hermeticEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** What actions/checkout does for a pull_request event: the test-merge commit, depth 1, detached. */
export function githubCheckout(p: Project): string {
  // GitHub keeps the request's head and test merge under refs/pull/<n>/.
  const merge = p.origin
    .git('commit-tree', `${p.featureTip}^{tree}`, '-p', p.mainTip, '-p', p.featureTip, '-m', 'Merge feature into main')
    .trim();
  p.origin.git('update-ref', 'refs/pull/7/merge', merge);
  p.origin.git('update-ref', 'refs/pull/7/head', p.featureTip);
  const dir = tempDir();
  git(dir, 'init', '-q');
  git(dir, 'remote', 'add', 'origin', p.originUrl);
  git(dir, 'fetch', '-q', '--no-tags', '--depth=1', 'origin', '+refs/pull/7/merge:refs/remotes/pull/7/merge');
  git(dir, 'checkout', '-q', '--detach', 'refs/remotes/pull/7/merge');
  return dir;
}

export function githubEnv(p: Project, dir: string, modelUrl: string): Record<string, string> {
  const event = join(dir, '..', `event-${Date.now()}.json`);
  writeFileSync(
    event,
    JSON.stringify({
      action: 'synchronize',
      number: 7,
      pull_request: {
        number: 7,
        base: { ref: 'main', sha: p.mainTip, repo: { full_name: 'acme/shop' } },
        head: { ref: 'feature', sha: p.featureTip, repo: { full_name: 'acme/shop' } },
      },
    }),
  );
  return hermeticEnv({
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'feature',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_SHA: git(dir, 'rev-parse', 'HEAD'),
    GITHUB_STEP_SUMMARY: join(dir, '..', `summary-${Date.now()}.md`),
    OPENAI_BASE_URL: modelUrl,
    OPENAI_API_KEY: 'sk-test-e2e-key-0123456789',
  });
}

/** `review-hook ci` in a directory with an environment, by the installed bin or in-process. */
type CiRun = (dir: string, args: string[], env: Record<string, string>) => Promise<{ status: number; stdout: string; stderr: string }>;

/**
 * The README's GitHub workflow on a depth-1 checkout of the test merge: deepened to the merge base,
 * annotations on the line, the job summary, exit 1; then SARIF from the cache.
 */
export async function githubPullRequestBlocks(cli: CiRun, server: FakeOpenAI): Promise<void> {
  const p = project();
  const dir = githubCheckout(p);
  const env = githubEnv(p, dir, server.url);
  server.reply({ review: criticalReview('src/find.js', 2) });

  const result = await cli(dir, [], env);

  expect(result.status, result.stderr).toBe(1);
  expect(result.stderr).toContain('shallow');
  expect(result.stderr).toContain('pull request #7');
  expect(result.stdout).toMatch(
    /^::error file=src\/find\.js,line=2,title=C1 SQL built from user input \(confirmed\)::The query concatenates/m,
  );
  expect(result.stdout).toMatch(/^review-hook: Critical: 1 finding$/m);
  expect(result.stdout).toMatch(/^review-hook: Important: 0 findings$/m);
  expect(result.stdout).toMatch(/^review-hook: BLOCKED/m);
  // Only the request's own change: not what main gained after the branch was made.
  const [sent] = server.chatRequests();
  expect(promptOf(sent!)).toContain('src/find.js');
  expect(promptOf(sent!)).not.toContain('main-only');
  expect(promptOf(sent!)).toContain(p.forkPoint);
  const summary = readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8');
  expect(summary).toContain('## review-hook: pull request #7');
  expect(summary).toContain('SQL built from user input');
  // Deepened, not unshallowed: a depth was enough.
  expect(git(dir, 'rev-parse', '--is-shallow-repository')).toBe('true');

  // The README's second step: SARIF for code scanning, from the cache, so no second request.
  const sarif = await cli(dir, ['--format', 'sarif', '--output', 'review-hook.sarif', '--block-on', 'never'], env);
  expect(sarif.status, sarif.stderr).toBe(0);
  // The second run is a cache hit: neither the review nor its verification is asked again.
  expect(server.reviewRequests()).toHaveLength(1);
  expect(server.verifyRequests()).toHaveLength(1);
  const results = (JSON.parse(readFileSync(join(dir, 'review-hook.sarif'), 'utf8')) as { runs: Array<{ results: unknown[] }> }).runs[0]!
    .results;
  expect(results).toHaveLength(1);
}
