// Malformed or missing hook input is never a silent pass: lines git would never send stop the push
// with what was read; an empty stdin that a command above the block caused still gets a review.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview, installedCli, run, useModelServer } from '../helpers/e2e.js';
import { QUERY } from '../helpers/reviews.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

describe('hook input', () => {
  test('lines git would never send are an error (exit 2) that quotes them; nothing is sent to the model', async () => {
    const { repo, env } = await createHookedRepo({ server });
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const head = repo.head();
    const input = `refs/heads/main ${head} refs/heads/main not-an-oid\nrefs/heads/main ${head}\n`;

    const result = await run(process.execPath, [installedCli(), 'pre-push', 'origin', 'url'], { cwd: repo.dir, env, input });

    expect(result.status).toBe(2);
    expect(result.stderr).toContain('2 lines git would never send');
    expect(result.stderr).toContain('the remote object id is not hexadecimal');
    expect(result.stderr).toContain('2 fields where git sends 4');
    expect(result.stderr).toContain(`"refs/heads/main ${head}"`);
    expect(server.chatRequests()).toHaveLength(0);
  });

  test('a command above the block that eats stdin: a loud warning and a review of the current branch', async () => {
    const { repo, push, remoteHead } = await createHookedRepo({ server, husky: true });
    const hookPath = join(repo.dir, '.husky', 'pre-push');
    writeFileSync(hookPath, `cat >/dev/null\n${readFileSync(hookPath, 'utf8')}`);
    repo.commit('eat stdin first', { '.husky/pre-push': readFileSync(hookPath, 'utf8') });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const blocked = await push(['origin', 'main']);

    expect(blocked.status, blocked.stderr).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(blocked.stderr).toMatch(/WARNING: git's ref lines were missing \(standard input was empty\), yet \S+ has 2 unpushed commits/);
    expect(blocked.stderr).toContain('src/find.js:2');
    // The review, and the verification that confirmed its critical.
    expect(server.reviewRequests()).toHaveLength(1);
    expect(server.verifyRequests()).toHaveLength(1);

    // Up to date with the same hook: git sends nothing and there is nothing unpushed, so it passes quietly.
    const landed = await push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'reviewed by hand' });
    expect(landed.status, landed.stderr).toBe(0);
    server.requests.length = 0;
    const upToDate = await push(['origin', 'main']);
    expect(upToDate.status, upToDate.stderr).toBe(0);
    expect(upToDate.stderr).not.toContain('WARNING');
    expect(server.chatRequests()).toHaveLength(0);
  });

  test('with the block first, an empty stdin is an up-to-date push even when the current branch has unpushed commits', async () => {
    const { repo, push } = await createHookedRepo({ server, husky: true });
    repo.git('checkout', '-q', '-b', 'feature');
    repo.commit('add lookup', { 'src/find.js': QUERY });
    // main is up to date: git runs the hook with no lines, and nothing above the block could have read them.
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toContain('WARNING');
    expect(server.chatRequests()).toHaveLength(0);
  });
});
