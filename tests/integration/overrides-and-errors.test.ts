// Overrides are recorded and still show the findings; onError decides what a failed review gets;
// a broken config stops the push with a message that names the problem.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
// One override of each kind is a scenario (tests/helpers/scenarios/overrides.ts) the end-to-end layer runs too.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, useModelServer } from '../helpers/in-process.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { QUERY } from '../helpers/reviews.js';
import { CLEAN_REVIEW } from '../helpers/fake-openai.js';
import { envOverrideRecorded, skipLogged, trailerAfterBlock } from '../helpers/scenarios/overrides.js';
import { auditLines } from '../helpers/state-files.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

describe('overrides', () => {
  test('REVIEW_HOOK_ALLOW lets a blocked push through, prints the findings and records the reason', async () => {
    await envOverrideRecorded(await createReviewedRepo({ server }));
  });

  test('a Review-Override trailer added after the block, on the head commit, overrides for that ref', async () => {
    await trailerAfterBlock(await createReviewedRepo({ server }));
  });

  test('a trailer written before any block answers nothing: the push is blocked and the report says why', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const before = remoteHead();
    repo.write({ 'src/find.js': QUERY });
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'add lookup\n\nReview-Override: written in advance');

    const first = await push(['origin', 'main']);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain(
      'Review-Override trailer on refs/heads/main was ignored: no push of refs/heads/main was blocked before it',
    );

    // Pushed again unchanged: the same commit was part of the blocked review, so it still answers nothing.
    const again = await push(['origin', 'main']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/was ignored: commit [0-9a-f]{12} was written before the last blocked review of refs\/heads\/main/);
    expect(remoteHead()).toBe(before);
    expect(auditLines(repo)).toHaveLength(0);
  });

  test('a cherry-picked commit keeping an old trailer does not waive a new finding', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    // A block, answered by a trailer, pushed: the trailer did its job for the SQL finding.
    repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await push(['origin', 'main'])).status).toBe(1);
    repo.git('commit', '-q', '--amend', '-m', 'add lookup\n\nReview-Override: the query runs on a constant table');
    const answered = repo.head();
    expect((await push(['origin', 'main'])).status).toBe(0);

    // On a new branch, a new problem is blocked; the old commit is cherry-picked on top, trailer and all.
    repo.git('checkout', '-q', '-b', 'next', 'HEAD~1');
    repo.commit('render page', { 'src/view.js': 'export const page = (name) => "<b>" + name + "</b>";\n' });
    server.setDefault({ review: criticalReview('src/view.js', 1, 'Unescaped HTML from the request') });
    expect((await push(['origin', 'next'])).status).toBe(1);
    repo.git('cherry-pick', answered);
    server.setDefault({
      review: {
        ...criticalReview('src/view.js', 1, 'Unescaped HTML from the request'),
        findings: [
          ...criticalReview('src/view.js', 1, 'Unescaped HTML from the request').findings,
          ...criticalReview('src/find.js', 2).findings,
        ],
      },
    });

    const result = await push(['origin', 'next']);

    expect(result.status, result.stderr).toBe(1);
    expect(remoteHead('refs/heads/next')).toBeNull();
    expect(result.stderr).toMatch(
      /Review-Override trailer on refs\/heads\/next was ignored: it does not cover C\d src\/find\.js:2 SQL built from user input: that finding was not in the blocked review it answers/,
    );
  });

  test('a review-hook.allow saved in the repository config is ignored, with the command that removes it', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const before = remoteHead();
    repo.git('config', 'review-hook.allow', 'set once, long ago');
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('review-hook.allow is saved in the local git config and was ignored');
    expect(result.stderr).toContain('git config --local --unset-all review-hook.allow');
    expect(auditLines(repo)).toHaveLength(0);
  });

  test('an empty override reason is refused with a message, and the push stays blocked', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const result = await push(['origin', 'main'], { REVIEW_HOOK_ALLOW: '  ' });
    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('REVIEW_HOOK_ALLOW');
    expect(auditLines(repo)).toHaveLength(0);
  });

  test('REVIEW_HOOK_SKIP=1 skips the review, makes no request and is logged', async () => {
    await skipLogged(await createReviewedRepo({ server }), server);
  });
});

describe('when the state folder under the git dir cannot be written', () => {
  // A file where the review-hook folder should be: every write there fails (as root, permissions would not).
  function blockStateFolder(repo: TestRepo): string {
    const path = join(repo.dir, '.git', 'review-hook');
    rmSync(path, { recursive: true, force: true });
    writeFileSync(path, 'not a folder\n');
    return path;
  }

  test('the report is still shown and the verdict still decided, with one warning that names what was not saved, the errno and the path', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const path = blockStateFolder(repo);

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(1);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('src/find.js:2');
    expect(result.stderr).toMatch(/BLOCKED: 1 critical finding/);
    // Every record fails the same way: the report, the blocked review, the round and both caches, in one line.
    const warnings = result.stderr.split('\n').filter((line) => line.includes('could not save'));
    expect(warnings, result.stderr).toHaveLength(1);
    for (const what of [
      'the report',
      'the blocked review (a Review-Override trailer needs it)',
      'the previous round this review was given',
      'the review in the cache (the same changes reviewed again will be sent again)',
      'the verification in the cache (the same findings will be verified again)',
    ])
      expect(warnings[0]).toContain(what);
    expect(warnings[0]).toMatch(
      new RegExp(
        `: (ENOTDIR|EEXIST) \\(a file is in the way where a folder should be\\) at ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
    expect(warnings[0]).toMatch(/; the review and its verdict are not affected$/);
    expect(result.stderr).not.toContain('internal error');
  });

  test('a clean push lands, with one warning that the cache and the round could not be saved', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    server.setDefault({ review: CLEAN_REVIEW });
    const head = repo.commit('add helper', { 'src/helper.js': 'export const twice = (n) => n * 2;\n' });
    blockStateFolder(repo);

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    const warnings = result.stderr.split('\n').filter((line) => line.includes('could not save'));
    expect(warnings, result.stderr).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /could not save the review in the cache \(the same changes reviewed again will be sent again\), the report and the previous round this review was given: (ENOTDIR|EEXIST)/,
    );
  });

  // Permissions do not bind root, so this case runs only as another user; the file-in-the-way cases above run everywhere.
  test.skipIf(process.getuid?.() === 0)('a read-only state folder (chmod 555) lets the push through with one EACCES warning', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    server.setDefault({ review: CLEAN_REVIEW });
    const folder = join(repo.dir, '.git', 'review-hook');
    mkdirSync(join(folder, 'cache'), { recursive: true });
    chmodSync(join(folder, 'cache'), 0o555);
    chmodSync(folder, 0o555);
    try {
      const head = repo.commit('add helper', { 'src/helper.js': 'export const twice = (n) => n * 2;\n' });

      const result = await push(['origin', 'main']);

      expect(result.status, result.stderr).toBe(0);
      expect(remoteHead()).toBe(head);
      const warnings = result.stderr.split('\n').filter((line) => line.includes('could not save'));
      expect(warnings, result.stderr).toHaveLength(1);
      expect(warnings[0]).toContain('the review in the cache');
      expect(warnings[0]).toContain('the report');
      expect(warnings[0]).toMatch(/: EACCES \(permission denied\) at /);
    } finally {
      chmodSync(folder, 0o755);
      chmodSync(join(folder, 'cache'), 0o755);
    }
  });

  test('an override and REVIEW_HOOK_SKIP=1 still work, each saying it could not be recorded', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    repo.commit('add lookup', { 'src/find.js': QUERY });
    blockStateFolder(repo);

    const allowed = await push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'hotfix, reviewed by hand' });
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(remoteHead()).toBe(repo.head());
    expect(allowed.stderr).toMatch(/could not save this override in the audit log: (ENOTDIR|EEXIST)/);

    const head = repo.commit('more', { 'src/more.js': QUERY });
    const skipped = await push(['origin', 'main'], { REVIEW_HOOK_SKIP: '1' });
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(skipped.stderr).toMatch(/could not save the skip in the audit log: (ENOTDIR|EEXIST)/);
    expect(skipped.stderr).toContain('review skipped (REVIEW_HOOK_SKIP=1)');
    expect(skipped.stderr).not.toContain('recorded in the audit log');
  });
});

describe('when the model review cannot complete', () => {
  test('onError allow (default): the push lands with a warning that names the cause', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
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
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    server.setDefault({ status: 500, error: { message: 'upstream exploded', type: 'server_error' } });
    repo.commit('config', { '.reviewrc.json': JSON.stringify({ onError: 'block', maxRetries: 1 }) });
    const before = remoteHead();

    const result = await push(['origin', 'main']);

    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toMatch(/could not complete/);
    // Plainly: nothing in the code to fix, and never the findings help.
    expect(result.stderr).toMatch(
      /BLOCKED: the model review could not complete \(server error 500[^\n]*\), so there are no findings to fix; onError is block/,
    );
    expect(result.stderr).toContain('Nothing in the code to fix: make the model review work');
    expect(result.stderr).not.toContain('Fix the findings');
    // One attempt plus one retry, as configured.
    expect(server.chatRequests()).toHaveLength(2);
  });

  test('no API key and no endpoint: runs without the model and says how to enable it', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server: null });
    const head = repo.commit('change', { 'x.js': 'export const x = 1;\n' });
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(result.stderr).toContain('OPENAI_API_KEY');
    // No model is asked, so none is named, and the file was checked, not reviewed.
    expect(result.stderr).toContain('reviewing 1 commit, 1 file (checks only: no model can be asked)');
    expect(result.stderr).not.toContain('with gpt-4o-mini');
    expect(result.stderr).toContain('1 file checked (the model review did not complete)');
    expect(result.stderr).not.toContain('1 file reviewed');
  });
});

describe('configuration errors', () => {
  test('a JavaScript config that calls process.exit(0) stops the push (exit 2) instead of letting it through', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const before = remoteHead();
    repo.commit('sneaky config', { '.reviewrc.cjs': 'process.exit(0);\n', 'src/find.js': QUERY });

    const result = await push(['origin', 'main']);

    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('.reviewrc.cjs: it ended the process (exit code 0) before returning a configuration');
    expect(result.stderr).toContain('the push was stopped because the review could not run');
  });

  test('a config file over 1 MB stops the push (the hook exits 2) with its size, the limit and what to do, without reading it', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    const before = remoteHead();
    repo.commit('huge config', { '.reviewrc.json': `{"blockOn":"never"${' '.repeat(3 * 1024 * 1024)}}`, 'src/find.js': QUERY });

    const result = await push(['origin', 'main']);

    // The hook's exit 2 is git push's failure.
    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('.reviewrc.json is 3 MB, over the 1 MB limit for a configuration file; nothing was read');
    expect(result.stderr).toContain('name a smaller file with --config or REVIEW_HOOK_CONFIG');
    expect(server.chatRequests()).toHaveLength(0);
  });

  test('a JSON config saved with a UTF-8 BOM is read', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    repo.commit('config with BOM', { '.reviewrc.json': `\uFEFF${JSON.stringify({ blockOn: 'never' })}`, 'src/find.js': QUERY });
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('src/find.js:2');
  });

  test('an unknown key stops the push with exit 2, naming the file and the key', async () => {
    const { repo, push, remoteHead, cli } = await createReviewedRepo({ server });
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
    const { repo, cli } = await createReviewedRepo({ server });
    repo.commit('bad config', { '.reviewrc.json': JSON.stringify({ onError: 'maybe' }) });
    const result = await cli(['HEAD']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('onError');
    expect(result.stderr).toMatch(/allow.*block/);
  });
});
