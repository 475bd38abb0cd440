// Confirm before blocking: real pushes against the local
// model server, whose verification requests are answered on cue (confirm, reject, time out, garbage).
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, promptOf, useModelServer } from '../helpers/in-process.js';
import { verdicts } from '../helpers/fake-openai.js';
import { FAKE } from '../helpers/fake-secrets.js';

const server = useModelServer();

const BEFORE = [
  'export function find(db, id) {',
  '  const n = Number.parseInt(id, 10);',
  '  return db.query("SELECT * FROM t WHERE id = ?", [n]);',
  '}',
  '',
].join('\n');
const AFTER = [
  'export function find(db, id) {',
  '  const n = Number.parseInt(id, 10);',
  '  return db.query("SELECT * FROM t WHERE id = " + n);',
  '}',
  '',
].join('\n');

function config(repoDir: string, settings: Record<string, unknown>): void {
  writeFileSync(join(repoDir, '.reviewrc.json'), JSON.stringify(settings));
}

const lastReview = (repoDir: string) => JSON.parse(readFileSync(join(repoDir, '.git', 'review-hook', 'last-review.json'), 'utf8'));

describe('verification of blocking findings', () => {
  test('a false Critical rejected by verification lets the push through, listed as not confirmed in every format', async () => {
    const { repo, push, cli, remoteHead } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    const head = repo.commit('build the query inline', { 'src/find.js': AFTER });
    server.setDefault({ review: criticalReview('src/find.js', 3) });
    server.setVerifyDefault(verdicts('reject', 'n is parsed as an integer on line 2, so nothing but digits reaches the query'));

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(server.reviewRequests()).toHaveLength(1);
    expect(server.verifyRequests()).toHaveLength(1);
    expect(result.stderr).toContain('Not confirmed (1)');
    expect(result.stderr).toContain('Not confirmed: n is parsed as an integer on line 2');
    expect(result.stderr).not.toContain('Critical (1)');
    expect(result.stderr).toMatch(/ALLOWED: 1 critical finding does not block: verification did not confirm it/);
    const saved = lastReview(repo.dir);
    expect(saved.verdict).toBe('allow');
    expect(saved.findings[0].verification).toEqual({
      status: 'rejected',
      reason: 'n is parsed as an integer on line 2, so nothing but digits reaches the query',
    });
    expect(readFileSync(join(repo.dir, '.git', 'review-hook', 'last-review.md'), 'utf8')).toContain('## Not confirmed (1)');

    for (const format of ['json', 'markdown', 'sarif', 'pretty']) {
      const manual = await cli(['HEAD~1..HEAD', '--format', format]);
      expect(manual.status, manual.stderr).toBe(0);
      if (format === 'json') expect(JSON.parse(manual.stdout).findings[0].verification.status).toBe('rejected');
      if (format === 'markdown') expect(manual.stdout).toContain('**Not confirmed:** n is parsed as an integer');
      if (format === 'sarif')
        expect(JSON.parse(manual.stdout).runs[0].results[0].suppressions[0].justification).toContain('Not confirmed: n is parsed');
      if (format === 'pretty') expect(manual.stdout).toContain('Not confirmed (1)');
    }
  });

  test('a confirmed Critical blocks, and the report says it was confirmed', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    const before = remoteHead();
    repo.commit('build the query inline', { 'src/find.js': AFTER });
    server.reply({ review: criticalReview('src/find.js', 3) });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    expect(remoteHead()).toBe(before);
    expect(result.stderr).toContain('Critical (1)');
    expect(result.stderr).toContain('(confirmed)');
    expect(result.stderr).toContain('Confirmed: the code shows C1 as described');
    expect(lastReview(repo.dir).findings[0].verification).toEqual({ status: 'confirmed', reason: 'the code shows C1 as described' });
  });

  test('a verification that times out leaves the finding blocking, with the cause named', async () => {
    const { repo, push } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    config(repo.dir, { timeoutSeconds: 3, maxRetries: 0 });
    repo.commit('build the query inline', { 'src/find.js': AFTER });
    server.reply({ review: criticalReview('src/find.js', 3) });
    server.setVerifyDefault({ delayMs: 20_000 });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('(not confirmed: verification could not complete)');
    expect(result.stderr).toMatch(/Not confirmed, still blocking: the verification request failed: .*timed out/);
    const saved = lastReview(repo.dir);
    expect(saved.findings[0].verification.status).toBe('unverified');
    expect(saved.findings[0].verification.reason).toMatch(/timed out/);
    expect(saved.errors.join('\n')).toMatch(/verification could not complete for C1, so it blocks unconfirmed: .*timed out/);
  });

  test('a garbage verification answer (also after the repair request) leaves the finding blocking and says why', async () => {
    const { repo, push } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    repo.commit('build the query inline', { 'src/find.js': AFTER });
    server.reply({ review: criticalReview('src/find.js', 3) });
    server.setVerifyDefault({ content: 'I think it is probably fine.' });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    expect(server.verifyRequests()).toHaveLength(2);
    expect(lastReview(repo.dir).findings[0].verification.reason).toMatch(/unusable answer: the answer holds no verdicts/);
  });

  test('verify "off" sends no second request and the finding blocks on the review alone', async () => {
    const { repo, push } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    config(repo.dir, { verify: 'off' });
    repo.commit('build the query inline', { 'src/find.js': AFTER });
    server.reply({ review: criticalReview('src/find.js', 3) });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    expect(server.chatRequests()).toHaveLength(1);
    expect(server.verifyRequests()).toHaveLength(0);
    expect(lastReview(repo.dir).findings[0].verification).toBeNull();
  });

  test('usage counts the verification request, and a re-push or an override of the same change asks nothing again', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    const head = repo.commit('build the query inline', { 'src/find.js': AFTER });
    server.setDefault({ review: criticalReview('src/find.js', 3) });

    const first = await push(['origin', 'main']);
    expect(first.status).toBe(1);
    const sent = server.chatRequests();
    expect(sent).toHaveLength(2);
    const usage = lastReview(repo.dir).usage;
    expect(usage.requests).toBe(2);
    // The fake server counts a request's prompt tokens as a quarter of its body's length, rounded up.
    expect(usage.promptTokens).toBe(sent.reduce((sum, r) => sum + Math.ceil(r.rawBody.length / 4), 0));
    expect(first.stderr).toContain('Usage: 2 requests');

    server.requests.length = 0;
    const again = await push(['origin', 'main']);
    expect(again.status).toBe(1);
    expect(server.chatRequests()).toHaveLength(0);
    expect(lastReview(repo.dir).findings[0].verification.status).toBe('confirmed');

    const overridden = await push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'reviewed by hand: the id is parsed first' });
    expect(overridden.status, overridden.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(server.chatRequests()).toHaveLength(0);
  });

  test('the verification request holds the whole file at HEAD, the BASE line, no secret, all fenced', async () => {
    const { repo, push } = await createReviewedRepo({
      server,
      initial: { 'src/find.js': BEFORE, 'src/keys.js': `export const token = "${FAKE.githubToken}";\nexport const x = 1;\n` },
    });
    repo.commit('build the query inline', {
      'src/find.js': AFTER,
      'src/keys.js': `export const token = "${FAKE.githubToken}";\nexport const x = 2;\n`,
    });
    const review = criticalReview('src/find.js', 3);
    review.findings.push({ ...review.findings[0]!, file: 'src/keys.js', line: 2, title: 'x changed without a test' });
    server.reply({ review });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    const requests = server.verifyRequests();
    expect(requests).toHaveLength(2);
    const prompts = requests.map((r) => promptOf(r));
    const find = prompts.find((p) => p.includes('## Code at HEAD: src/find.js'))!;
    const keys = prompts.find((p) => p.includes('## Code at HEAD: src/keys.js'))!;
    expect(find).toContain('Shown: the whole file.');
    expect(find).toContain('3    return db.query("SELECT * FROM t WHERE id = " + n);');
    // The BASE version of the modified line, from the change.
    expect(find).toContain('-   return db.query("SELECT * FROM t WHERE id = ?", [n]);');
    expect(find).toContain('### C1 (critical, security) src/find.js:3');
    // The secret on the untouched line of the other file is redacted from the whole file sent.
    expect(keys).toContain('1  export const token = "[REDACTED');
    for (const r of requests) expect(r.rawBody).not.toContain(FAKE.githubToken);
    // Repository text and the findings sit inside the fence the system message names.
    const open = /<<<DATA-[0-9a-f]+>>>/.exec(requests[0]!.body.messages[0].content)![0];
    const close = open.replace('<<<DATA-', '<<<END-DATA-');
    const user = requests[0]!.body.messages[1].content as string;
    expect(user.split(open).length).toBe(user.split(close).length);
    expect(user.indexOf(open)).toBeLessThan(user.indexOf('### C'));
  });

  test('--dry-run says how many verification requests may follow, and sends nothing', async () => {
    const { repo, cli } = await createReviewedRepo({ server, initial: { 'src/find.js': BEFORE } });
    repo.commit('build the query inline', { 'src/find.js': AFTER, 'src/other.js': 'export const y = 1;\n' });
    config(repo.dir, { pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } }, maxPromptTokens: 10_000 });

    const text = await cli(['--dry-run']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      'verification: up to 3 more requests if findings would block (one per reviewed file that has one, one for findings without a file), each up to maxPromptTokens (10,000) prompt tokens and 2,048 answer tokens; up to $0.0082 more',
    );
    const json = JSON.parse((await cli(['--dry-run', '--format', 'json'])).stdout);
    expect(json.verification).toEqual({ maxRequests: 3, maxOutputTokens: 2048, estimatedCostUSD: expect.closeTo(0.0081864, 6) });

    config(repo.dir, { verify: 'off' });
    expect((await cli(['--dry-run'])).stdout).toContain('verification: off (verify: "off"); no second requests');
    expect(server.chatRequests()).toHaveLength(0);
  });
});
