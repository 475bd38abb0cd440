// `review-hook ci` in the environment GitHub Actions and GitLab CI set, on real shallow clones of a
// real origin: the request's range from the CI's variables, history deepened to the merge base,
// annotations, the job summary, GitLab's code-quality report, exit codes.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { criticalReview, promptOf, runInProcess, useModelServer } from '../helpers/in-process.js';
import { hermeticEnv, tempDir } from '../helpers/git-repo.js';
import { git, githubCheckout, githubEnv, githubPullRequestBlocks, project } from '../helpers/ci-project.js';

const server = useModelServer();

const cli = (dir: string, args: string[], env: Record<string, string>) => runInProcess(['ci', ...args], { cwd: dir, env });

describe('GitHub Actions pull_request', () => {
  test('a depth-1 checkout of the test merge: deepened to the merge base, annotations on the line, job summary, exit 1', async () => {
    await githubPullRequestBlocks(cli, server);
  });

  test('a clean review allows (exit 0) with summary lines and no annotations', async () => {
    const p = project();
    const dir = githubCheckout(p);
    const result = await cli(dir, [], githubEnv(p, dir, server.url));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/^::(error|warning|notice) file=/m);
    expect(result.stdout).toMatch(/^review-hook: ALLOWED/m);
  });

  test('--no-fetch on a shallow clone stops with the fetch depth to use', async () => {
    const p = project();
    const dir = githubCheckout(p);
    const result = await cli(dir, ['--no-fetch'], githubEnv(p, dir, server.url));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('not in this clone');
    expect(result.stderr).toContain('fetch-depth: 0');
    expect(server.chatRequests()).toHaveLength(0);
  });

  test('a branch longer than the first deepening step is still found (depth 200)', async () => {
    const p = project(60);
    const dir = githubCheckout(p);
    const result = await cli(dir, ['--format', 'json'], githubEnv(p, dir, server.url));
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('fetched 200 commits');
    const report = JSON.parse(result.stdout) as { ranges: Array<{ base: string; head: string; commits: string[] }> };
    expect(report.ranges[0]).toMatchObject({ base: p.forkPoint, head: p.featureTip });
    expect(report.ranges[0]!.commits).toHaveLength(60);
  });

  test('a push event is refused with what to do instead', async () => {
    const p = project();
    const dir = githubCheckout(p);
    const result = await cli(dir, [], { ...githubEnv(p, dir, server.url), GITHUB_EVENT_NAME: 'push' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('"push" event');
    expect(result.stderr).toContain('--base');
  });

  test('model unreachable: onError allow passes with a warning, --on-error block fails closed', async () => {
    const p = project();
    const dir = githubCheckout(p);
    // No retries: each would only wait out a backoff against the same refused connection.
    const config = join(tempDir(), 'reviewrc.json');
    writeFileSync(config, JSON.stringify({ maxRetries: 0 }));
    const env = { ...githubEnv(p, dir, server.url), OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', REVIEW_HOOK_CONFIG: config };
    const open = await cli(dir, [], env);
    expect(open.status, open.stderr).toBe(0);
    expect(open.stdout).toMatch(/^::warning title=review-hook::/m);
    const closed = await cli(dir, ['--on-error', 'block'], env);
    expect(closed.status).toBe(1);
    expect(closed.stdout).toMatch(/^review-hook: BLOCKED/m);
  });
});

describe('GitLab merge-request pipeline', () => {
  test('a depth-1 clone of the branch: code-quality report written, exit 1', async () => {
    const p = project();
    const dir = tempDir();
    git(dir, 'clone', '-q', '--depth', '1', '--branch', 'feature', p.originUrl, 'work');
    const work = join(dir, 'work');
    server.reply({ review: criticalReview('src/find.js', 2) });
    const env = hermeticEnv({
      CI: 'true',
      GITLAB_CI: 'true',
      CI_PIPELINE_SOURCE: 'merge_request_event',
      CI_MERGE_REQUEST_IID: '3',
      CI_COMMIT_SHA: p.featureTip,
      CI_MERGE_REQUEST_DIFF_BASE_SHA: p.forkPoint,
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: 'main',
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: 'feature',
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: 'sk-test-e2e-key-0123456789',
    });

    const result = await cli(work, ['--format', 'gitlab', '--output', 'gl-code-quality-report.json'], env);

    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain('merge request !3');
    const issues = JSON.parse(readFileSync(join(work, 'gl-code-quality-report.json'), 'utf8')) as Array<Record<string, any>>;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      check_name: 'review-hook/security',
      severity: 'critical',
      location: { path: 'src/find.js', lines: { begin: 2 } },
    });
    expect(issues[0]!.description).toContain('SQL built from user input');
    expect(issues[0]!.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(promptOf(server.chatRequests()[0]!)).not.toContain('main-only');
    // GitLab's diff base was not in the depth-1 clone: fetched, and the review used it as the base.
    expect(result.stderr).toContain('the clone was shallow');
    expect(promptOf(server.chatRequests()[0]!)).toContain(p.forkPoint);
  });

  test('not a merge-request pipeline: exit 2 naming the rule to add', async () => {
    const p = project();
    const dir = tempDir();
    git(dir, 'clone', '-q', '--depth', '1', '--branch', 'feature', p.originUrl, 'work');
    const env = hermeticEnv({ CI: 'true', GITLAB_CI: 'true', CI_PIPELINE_SOURCE: 'push', CI_COMMIT_SHA: p.featureTip });
    const result = await cli(join(dir, 'work'), [], env);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('merge_request_event');
  });
});

test('elsewhere, --base and --head give the range: what head adds since it left base', async () => {
  const p = project();
  const dir = tempDir();
  git(dir, 'clone', '-q', p.originUrl, 'work');
  const work = join(dir, 'work');
  const env = hermeticEnv({ CI: 'true', OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-e2e-key-0123456789' });
  const result = await cli(work, ['--base', 'origin/main', '--head', 'origin/feature', '--format', 'json'], env);
  expect(result.status, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout) as { ranges: Array<{ base: string; head: string }> };
  expect(report.ranges[0]).toMatchObject({ base: p.forkPoint, head: p.featureTip });
  const none = await cli(work, [], env);
  expect(none.status).toBe(2);
  expect(none.stderr).toContain('--base origin/main --head HEAD');
});
