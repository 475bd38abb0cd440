// The gate end to end: real pushes through the installed hook against the local model server.
// A blocked and an allowed push; the range cases run in-process in tests/integration/push-gate.test.ts.
import { describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview, promptOf, useModelServer } from '../helpers/e2e.js';

const server = useModelServer();

const QUERY = ['export function find(db, id) {', '  return db.query("SELECT * FROM t WHERE id = " + id);', '}', ''].join('\n');

describe('pre-push gate', () => {
  test('a Critical finding blocks the push and nothing lands', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
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
  });

  test('a clean review lets the push land, and what was sent is the pushed change', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
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
    expect(request!.headers.authorization).toBe('Bearer sk-test-e2e-key-0123456789');
  });
});
