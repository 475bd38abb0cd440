// One override of each kind, run by both layers: tests/integration/overrides-and-errors.test.ts
// in-process and tests/e2e/overrides-and-errors.test.ts through the installed hook. The model server
// answers every review with a Critical finding at src/find.js:2 (criticalReview).
import { expect } from 'vitest';
import type { FakeOpenAI } from '../fake-openai.js';
import { AUDITED_QUERY_FINDING, QUERY } from '../reviews.js';
import { auditLines } from '../state-files.js';
import type { ScenarioRepo } from './scenario-repo.js';

/** REVIEW_HOOK_ALLOW lets a blocked push through, prints the findings and records the reason. */
export async function envOverrideRecorded({ repo, push, remoteHead }: ScenarioRepo): Promise<void> {
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
    findings: [AUDITED_QUERY_FINDING],
  });
  expect(entry!.user).toBe('Test Author <author@example.com>');
}

/** A Review-Override trailer added after the block, on the head commit, overrides for that ref. */
export async function trailerAfterBlock({ repo, push, remoteHead }: ScenarioRepo): Promise<void> {
  const before = remoteHead();
  repo.commit('add lookup', { 'src/find.js': QUERY });
  expect((await push(['origin', 'main'])).status).toBe(1);

  repo.git('commit', '-q', '--amend', '-m', 'add lookup\n\nReview-Override: the query runs on a constant table');
  const result = await push(['origin', 'main']);

  expect(result.status, result.stderr).toBe(0);
  expect(remoteHead()).toBe(repo.head());
  expect(remoteHead()).not.toBe(before);
  expect(auditLines(repo).at(-1)).toMatchObject({ source: 'trailer', reason: 'the query runs on a constant table' });
}

/** REVIEW_HOOK_SKIP=1 skips the review, makes no request and is logged. */
export async function skipLogged({ repo, push, remoteHead }: ScenarioRepo, server: FakeOpenAI): Promise<void> {
  const head = repo.commit('add lookup', { 'src/find.js': QUERY });
  const result = await push(['origin', 'main'], { REVIEW_HOOK_SKIP: '1' });
  expect(result.status, result.stderr).toBe(0);
  expect(remoteHead()).toBe(head);
  expect(server.chatRequests()).toHaveLength(0);
  expect(auditLines(repo).at(-1)).toMatchObject({ source: 'skip', refs: ['refs/heads/main'] });
}
