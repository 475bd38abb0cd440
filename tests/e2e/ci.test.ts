// `review-hook ci` in the environment GitHub Actions and GitLab CI set, on real shallow clones of a
// real origin: the request's range from the CI's variables, history deepened to the merge base,
// annotations, the job summary, GitLab's code-quality report, exit codes.
// Here only the installed bin in a CI checkout; every case runs in-process in tests/integration/ci.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { criticalReview, installedCli, promptOf, run, useModelServer } from '../helpers/e2e.js';
import { git, githubCheckout, githubEnv, project } from '../helpers/ci-project.js';

const server = useModelServer();

const cli = (dir: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, [installedCli(), 'ci', ...args], { cwd: dir, env });

describe('GitHub Actions pull_request', () => {
  test('a depth-1 checkout of the test merge: deepened to the merge base, annotations on the line, job summary, exit 1', async () => {
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
  });
});
