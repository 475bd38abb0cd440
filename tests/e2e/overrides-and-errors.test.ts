// Overrides are recorded and still show the findings; onError decides what a failed review gets;
// a broken config stops the push with a message that names the problem.
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview, run, useModelServer } from '../helpers/e2e.js';
import type { TestRepo } from '../helpers/git-repo.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

const QUERY = ['export function find(db, id) {', '  return db.query("SELECT * FROM t WHERE id = " + id);', '}', ''].join('\n');

function auditLines(repo: TestRepo): Array<Record<string, unknown>> {
  const path = join(repo.dir, '.git', 'review-hook', 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
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
    expect(entry).toMatchObject({ source: 'env', reason: 'hotfix, reviewed by hand', refs: ['refs/heads/main'], findings: [
      { id: 'C1', severity: 'critical', category: 'security', file: 'src/find.js', line: 2, title: 'SQL built from user input', verification: 'confirmed' },
    ] });
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

  test('a Review-Override trailer on the head commit overrides for that ref', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    repo.write({ 'src/find.js': QUERY });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'add lookup\n\nReview-Override: the query runs on a constant table');
    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(repo.head());
    expect(auditLines(repo).at(-1)).toMatchObject({ source: 'trailer', reason: 'the query runs on a constant table' });
  });

  test('an empty override reason is refused with a message, and the push stays blocked', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const result = await push(['origin', 'main'], { REVIEW_HOOK_ALLOW: '  ' });
    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('REVIEW_HOOK_ALLOW');
    expect(auditLines(repo)).toHaveLength(0);
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

describe('when the model review cannot complete', () => {
  test('onError allow (default): the push lands with a warning that names the cause', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    server.setDefault({ status: 500, error: { message: 'upstream exploded', type: 'server_error' } });
    writeFileSync(join(repo.dir, '.reviewrc.json'), JSON.stringify({ maxRetries: 0 }));
    const head = repo.commit('change', { 'x.js': 'export const x = 1;\n' });

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(result.stderr).toMatch(/could not complete/);
    expect(result.stderr).toMatch(/500/);
  });

  test('onError block: the same failure blocks the push', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    server.setDefault({ status: 500, error: { message: 'upstream exploded', type: 'server_error' } });
    repo.commit('config', { '.reviewrc.json': JSON.stringify({ onError: 'block', maxRetries: 1 }) });
    const before = remoteHead();

    const result = await push(['origin', 'main']);

    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toMatch(/could not complete/);
    // Plainly: nothing in the code to fix, and never the findings help.
    expect(result.stderr).toMatch(/BLOCKED: the model review could not complete \(server error 500[^\n]*\), so there are no findings to fix; onError is block/);
    expect(result.stderr).toContain('Nothing in the code to fix: make the model review work');
    expect(result.stderr).not.toContain('Fix the findings');
    // One attempt plus one retry, as configured.
    expect(server.chatRequests()).toHaveLength(2);
  });

  test('no API key and no endpoint: runs without the model and says how to enable it', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server: null });
    const head = repo.commit('change', { 'x.js': 'export const x = 1;\n' });
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(result.stderr).toContain('OPENAI_API_KEY');
  });
});

describe('configuration errors', () => {
  test('a JavaScript config that calls process.exit(0) stops the push (exit 2) instead of letting it through', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('sneaky config', { '.reviewrc.cjs': 'process.exit(0);\n', 'src/find.js': QUERY });

    const result = await push(['origin', 'main']);

    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('.reviewrc.cjs: it ended the process (exit code 0) before returning a configuration');
    expect(result.stderr).toContain('the push was stopped because the review could not run');
  });

  test('a JSON config saved with a UTF-8 BOM is read', async () => {
    const { repo, push } = await createHookedRepo({ server });
    repo.commit('config with BOM', { '.reviewrc.json': `\uFEFF${JSON.stringify({ blockOn: 'never' })}`, 'src/find.js': QUERY });
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('src/find.js:2');
  });

  test('an unknown key stops the push with exit 2, naming the file and the key', async () => {
    const { repo, push, remoteHead, cli } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('bad config', { '.reviewrc.json': JSON.stringify({ blockOnn: 'critical' }) });

    const result = await push(['origin', 'main']);
    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('.reviewrc.json');
    expect(result.stderr).toContain('blockOnn');
    expect(result.stderr).toContain('blockOn');
    expect(server.chatRequests()).toHaveLength(0);

    const manual = await cli(['HEAD']);
    expect(manual.status).toBe(2);
    expect(manual.stderr).toContain('blockOnn');
  });

  test('a bad value names what is allowed', async () => {
    const { repo, cli } = await createHookedRepo({ server });
    repo.commit('bad config', { '.reviewrc.json': JSON.stringify({ onError: 'maybe' }) });
    const result = await cli(['HEAD']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('onError');
    expect(result.stderr).toMatch(/allow.*block/);
  });
});
