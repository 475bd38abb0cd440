// The gate's two basic pushes, run by both layers: tests/integration/push-gate.test.ts in-process and
// tests/e2e/push-gate.test.ts through the installed hook.
import { expect } from 'vitest';
import type { FakeOpenAI } from '../fake-openai.js';
import { TEST_API_KEY } from '../git-repo.js';
import { criticalReview, promptOf, QUERY } from '../reviews.js';
import type { ScenarioRepo } from './scenario-repo.js';

/** A Critical finding blocks the push and nothing lands. */
export async function criticalBlocks({ repo, push, remoteHead }: ScenarioRepo, server: FakeOpenAI): Promise<void> {
  const before = remoteHead();
  const head = repo.commit('add lookup', { 'src/find.js': QUERY });
  server.reply({ review: criticalReview('src/find.js', 2) });

  const result = await push(['origin', 'main']);

  expect(result.status).not.toBe(0);
  expect(remoteHead()).toBe(before);
  expect(result.stderr).toContain('src/find.js:2');
  expect(result.stderr).toContain('SQL built from user input');
  expect(result.stderr).toMatch(/BLOCKED/);
  expect(result.stderr).toContain('REVIEW_HOOK_ALLOW');
  // Hook output never reaches git push's stdout.
  expect(result.stdout).toBe('');
  // The review, and the verification that confirmed its critical before it blocked.
  expect(server.reviewRequests()).toHaveLength(1);
  expect(server.verifyRequests()).toHaveLength(1);
  expect(promptOf(server.reviewRequests()[0]!)).toContain(head);
}

/** A clean review lets the push land, and what was sent is the pushed change. */
export async function cleanLands({ repo, push, remoteHead }: ScenarioRepo, server: FakeOpenAI): Promise<void> {
  const base = repo.head();
  const head = repo.commit('add greeting', { 'src/greet.js': 'export const greet = (n) => `hi ${n}`;\n' });

  const result = await push(['origin', 'main']);

  expect(result.status, result.stderr).toBe(0);
  expect(remoteHead()).toBe(head);
  const [request] = server.chatRequests();
  expect(server.chatRequests()).toHaveLength(1);
  const prompt = promptOf(request!);
  expect(prompt).toContain(base);
  expect(prompt).toContain(head);
  expect(prompt).toContain('src/greet.js');
  expect(prompt).toContain('add greeting');
  expect(request!.body.model).toBe('gpt-4o-mini');
  expect(request!.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
}
