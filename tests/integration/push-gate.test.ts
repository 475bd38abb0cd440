// The gate: real pushes, reviewed in-process, against the local model server.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, promptOf, useModelServer } from '../helpers/in-process.js';
import { QUERY } from '../helpers/reviews.js';
import { cleanLands, criticalBlocks } from '../helpers/scenarios/push-gate.js';

const server = useModelServer();

describe('pre-push gate', () => {
  test('a Critical finding blocks the push and nothing lands', async () => {
    await criticalBlocks(await createReviewedRepo({ server }), server);
  });

  test('a clean review lets the push land, and what was sent is the pushed change', async () => {
    await cleanLands(await createReviewedRepo({ server }), server);
  });

  test('a new branch sends only its own commits, not the published history', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    repo.commit('published one', { 'a.txt': 'one\n' });
    repo.commit('published two', { 'b.txt': 'two\n' });
    expect((await push(['origin', 'main'])).status).toBe(0);
    server.requests.length = 0;

    repo.git('switch', '-q', '-c', 'feature');
    repo.commit('feature work', { 'feature.txt': 'new\n' });
    const result = await push(['-u', 'origin', 'feature']);

    expect(result.status, result.stderr).toBe(0);
    expect(server.chatRequests()).toHaveLength(1);
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain('feature work');
    expect(prompt).toContain('feature.txt');
    expect(prompt).not.toContain('published one');
    expect(prompt).not.toContain('a.txt');
  });

  test('delete, a tag on a published commit and an up-to-date push make no model request', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    repo.git('push', '-q', '--no-verify', 'origin', 'main:old');
    expect(remoteHead('refs/heads/old')).not.toBeNull();

    const deleted = await push(['origin', '--delete', 'old']);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(remoteHead('refs/heads/old')).toBeNull();

    repo.git('tag', 'v1.0.0');
    const tagged = await push(['origin', 'v1.0.0']);
    expect(tagged.status, tagged.stderr).toBe(0);
    expect(remoteHead('refs/tags/v1.0.0')).toBe(repo.head());

    const upToDate = await push(['origin', 'main']);
    expect(upToDate.status).toBe(0);
    expect(upToDate.stderr).toContain('Everything up-to-date');

    expect(server.chatRequests()).toHaveLength(0);
  });

  test('a force push after an amend reviews the rewritten commit', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    repo.commit('first try', { 'calc.js': 'export const add = (a, b) => a - b;\n' });
    expect((await push(['origin', 'main'])).status).toBe(0);
    server.requests.length = 0;

    repo.write({ 'calc.js': 'export const add = (a, b) => a + b;\n' });
    repo.git('commit', '-q', '-a', '--amend', '-m', 'second try');
    const result = await push(['--force', 'origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(repo.head());
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain('second try');
    expect(prompt).toContain('a + b');
    expect(prompt).not.toContain('first try');
  });

  test('two refs in one push are reviewed once, with one verdict', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    repo.git('switch', '-q', '-c', 'left');
    repo.commit('left change', { 'left.txt': 'L\n' });
    repo.git('switch', '-q', 'main');
    repo.git('switch', '-q', '-c', 'right');
    repo.commit('right change', { 'right.txt': 'R\n', 'src/find.js': QUERY });
    server.reply({ review: criticalReview('src/find.js', 2) });

    const result = await push(['origin', 'left', 'right']);

    expect(result.status).not.toBe(0);
    expect(remoteHead('refs/heads/left')).toBeNull();
    expect(remoteHead('refs/heads/right')).toBeNull();
    expect(server.reviewRequests()).toHaveLength(1);
    expect(server.verifyRequests()).toHaveLength(1);
    const prompt = promptOf(server.reviewRequests()[0]!);
    expect(prompt).toContain('left change');
    expect(prompt).toContain('right change');
  });

  test('a finding whose file:line is not in the change does not block on its own', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const head = repo.commit('small change', { 'src/ok.js': 'export const ok = true;\n' });
    server.reply({ review: criticalReview('src/elsewhere.js', 99, 'Invented problem') });

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(result.stderr).toContain('Invented problem');
    expect(result.stderr).toMatch(/unverified/i);
  });
});

describe('less common pushes', () => {
  test('a SHA-256 repository: a new orphan branch is reviewed from the empty tree', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server, objectFormat: 'sha256' });
    repo.git('switch', '-q', '--orphan', 'fresh');
    const head = repo.commit('start over', { 'new.txt': 'only this\n' });
    expect(head).toHaveLength(64);

    const result = await push(['origin', 'fresh']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead('refs/heads/fresh')).toBe(head);
    const prompt = promptOf(server.chatRequests()[0]!);
    expect(prompt).toContain(head);
    expect(prompt).toContain('new.txt');
    // The base is SHA-256's empty tree, not SHA-1's.
    expect(prompt).toContain('6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321');
  });

  test('push by URL and HEAD:refs/for/main review only the new commit', async () => {
    const { repo, origin, push } = await createReviewedRepo({ server });
    repo.commit('published', { 'old.txt': 'old\n' });
    expect((await push(['origin', 'main'])).status).toBe(0);
    server.requests.length = 0;

    repo.commit('for review', { 'review-me.txt': 'new\n' });
    const byUrl = await push([origin.dir, 'HEAD:refs/heads/by-url']);
    expect(byUrl.status, byUrl.stderr).toBe(0);
    // A push by URL moves no remote-tracking ref, so the next push still counts that commit as new.
    repo.commit('and more', { 'more.txt': 'more\n' });
    const gerrit = await push(['origin', 'HEAD:refs/for/main']);
    expect(gerrit.status, gerrit.stderr).toBe(0);

    const prompts = server.chatRequests().map(promptOf);
    expect(prompts).toHaveLength(2);
    for (const prompt of prompts) {
      expect(prompt).toContain('review-me.txt');
      expect(prompt).not.toContain('old.txt');
    }
    expect(prompts[0]).not.toContain('more.txt');
    expect(prompts[1]).toContain('more.txt');
  });
});
