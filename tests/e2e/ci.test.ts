// `review-hook ci` in the environment GitHub Actions and GitLab CI set, on real shallow clones of a
// real origin: the request's range from the CI's variables, history deepened to the merge base,
// annotations, the job summary, GitLab's code-quality report, exit codes.
// Here only the installed bin in a CI checkout; every case runs in-process in tests/integration/ci.test.ts.
import { describe, test } from 'vitest';
import { installedCli, run, useModelServer } from '../helpers/e2e.js';
import { githubPullRequestBlocks } from '../helpers/ci-project.js';

const server = useModelServer();

const cli = (dir: string, args: string[], env: Record<string, string>) =>
  run(process.execPath, [installedCli(), 'ci', ...args], { cwd: dir, env });

describe('GitHub Actions pull_request', () => {
  test('a depth-1 checkout of the test merge: deepened to the merge base, annotations on the line, job summary, exit 1', async () => {
    await githubPullRequestBlocks(cli, server);
  });
});
