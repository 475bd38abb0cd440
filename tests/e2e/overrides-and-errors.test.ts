// Overrides are recorded and still show the findings; onError decides what a failed review gets;
// a broken config stops the push with a message that names the problem.
// Here the overrides only a spawned hook shows (git -c passes its config through the environment)
// and one of each kind; every other case runs in-process in tests/integration/overrides-and-errors.test.ts.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview, run, useModelServer } from '../helpers/e2e.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { QUERY } from '../helpers/reviews.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

function auditLines(repo: TestRepo): Array<Record<string, unknown>> {
  const path = join(repo.dir, '.git', 'review-hook', 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('overrides', () => {
  test('REVIEW_HOOK_ALLOW lets a blocked push through, prints the findings and records the reason', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });

    const result = await push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'hotfix, reviewed by hand' });

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(result.stderr).toContain('src/find.js:2');
    expect(result.stderr).toContain('hotfix, reviewed by hand');
    const [entry] = auditLines(repo);
    expect(entry).toMatchObject({
      source: 'env',
      reason: 'hotfix, reviewed by hand',
      refs: ['refs/heads/main'],
      findings: [
        {
          id: 'C1',
          severity: 'critical',
          category: 'security',
          file: 'src/find.js',
          line: 2,
          title: 'SQL built from user input',
          verification: 'confirmed',
        },
      ],
    });
    expect(entry!.user).toBe('Test Author <author@example.com>');
  });

  test('git -c review-hook.allow="reason" push overrides for that push only', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await push(['origin', 'main'])).status).not.toBe(0);
    expect(remoteHead()).toBe(before);

    const overridden = await run('git', ['-c', 'review-hook.allow=false positive: id is an integer', 'push', 'origin', 'main'], {
      cwd: repo.dir,
      env: repo.env,
    });
    expect(overridden.status, overridden.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(auditLines(repo).at(-1)).toMatchObject({ source: 'git-config', reason: 'false positive: id is an integer' });
  });

  test('a Review-Override trailer added after the block, on the head commit, overrides for that ref', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await push(['origin', 'main'])).status).toBe(1);

    repo.git('commit', '-q', '--amend', '-m', 'add lookup\n\nReview-Override: the query runs on a constant table');
    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(repo.head());
    expect(remoteHead()).not.toBe(before);
    expect(auditLines(repo).at(-1)).toMatchObject({ source: 'trailer', reason: 'the query runs on a constant table' });
  });

  test('REVIEW_HOOK_SKIP=1 skips the review, makes no request and is logged', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    const result = await push(['origin', 'main'], { REVIEW_HOOK_SKIP: '1' });
    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(server.chatRequests()).toHaveLength(0);
    expect(auditLines(repo).at(-1)).toMatchObject({ source: 'skip', refs: ['refs/heads/main'] });
  });
});
