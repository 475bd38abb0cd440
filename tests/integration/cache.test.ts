// Repeat pushes cost nothing: the same changes reviewed again (an override after a block, the hook
// after a manual run, a rebase that changes no content) make no request and give the same findings
// with the same ids; anything that changes the inputs asks again; maxCostPerPush stops a review
// before anything is sent.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
// A manual run then the hook is a scenario (tests/helpers/scenarios/review-cache.ts) the end-to-end layer runs too.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, type ReviewedRepo, useModelServer } from '../helpers/in-process.js';
import { verdicts } from '../helpers/fake-openai.js';
import { QUERY } from '../helpers/reviews.js';
import { FIXED, manualRunThenHook, TWO_FINDINGS } from '../helpers/scenarios/review-cache.js';
import { auditLines, readLastReview, stateDir } from '../helpers/state-files.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

// Review requests. Each blocking critical is also confirmed by a verification request, which is
// cached with the review: where a test says "no request", no verification request goes out either.
const requests = (): number => server.reviewRequests().length;
const verifications = (): number => server.verifyRequests().length;

function cacheFiles(hooked: ReviewedRepo): string[] {
  const dir = join(stateDir(hooked.repo), 'cache');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The cache entries that hold reviews (the others hold their verifications). */
function reviewEntries(hooked: ReviewedRepo): string[] {
  return cacheFiles(hooked).filter((name) => {
    try {
      return Array.isArray(JSON.parse(readFileSync(join(stateDir(hooked.repo), 'cache', name), 'utf8')).value?.answers);
    } catch {
      return false;
    }
  });
}

describe('an override right after a block reuses the blocked review', () => {
  test('REVIEW_HOOK_ALLOW: no new request, and the audit log has the ids the blocked report showed', async () => {
    const hooked = await createReviewedRepo({ server });
    server.setDefault({ review: TWO_FINDINGS });
    const head = hooked.repo.commit('add lookup', { 'src/find.js': QUERY });

    const blocked = await hooked.push(['origin', 'main']);
    expect(blocked.status).toBe(1);
    expect(requests()).toBe(1);
    expect(verifications()).toBe(1);
    const shown = readLastReview(hooked.repo).findings.map((f) => f.id);
    expect(shown).toEqual(['C1', 'M1']);

    const allowed = await hooked.push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'fixed in the next release' });

    expect(allowed.status, allowed.stderr).toBe(0);
    expect(hooked.remoteHead()).toBe(head);
    expect(requests()).toBe(1);
    expect(verifications()).toBe(1);
    expect(allowed.stderr).toContain('from cache');
    expect(auditLines(hooked.repo).at(-1)).toMatchObject({
      source: 'env',
      reason: 'fixed in the next release',
      findings: shown.map((id) => expect.objectContaining({ id })),
    });
    expect(readLastReview(hooked.repo).usage).toMatchObject({ requests: 0, cached: true });
  });

  test('a Review-Override trailer added by amending the head (same content, new commit id) reuses it too', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await hooked.push(['origin', 'main'])).status).toBe(1);
    const shown = readLastReview(hooked.repo).findings.map((f) => f.id);

    hooked.repo.git('commit', '-q', '--amend', '-m', 'add lookup\n\nReview-Override: the id is validated upstream');
    const allowed = await hooked.push(['origin', 'main']);

    expect(allowed.status, allowed.stderr).toBe(0);
    expect(requests()).toBe(1);
    expect(verifications()).toBe(1);
    expect(auditLines(hooked.repo).at(-1)).toMatchObject({
      source: 'trailer',
      findings: shown.map((id) => expect.objectContaining({ id })),
    });
  });

  test('after a second round blocks, an override reuses that round, previous findings and all', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': QUERY });
    expect((await hooked.push(['origin', 'main'])).status).toBe(1);

    // A change that does not fix it: a second round, which gets the first round's findings.
    hooked.repo.commit('rename', { 'src/find.js': QUERY.replace('(db, id)', '(database, id)').replace('db.query', 'database.query') });
    server.setDefault({ review: TWO_FINDINGS });
    const second = await hooked.push(['origin', 'main']);
    expect(second.status).toBe(1);
    expect(requests()).toBe(2);
    expect(JSON.stringify(server.reviewRequests()[1]!.body)).toContain("Previous Round's Findings");
    const shown = readLastReview(hooked.repo).findings.map((f) => f.id);

    const allowed = await hooked.push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'accepted risk' });
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(requests()).toBe(2);
    expect(verifications()).toBe(2);
    expect(auditLines(hooked.repo).at(-1)).toMatchObject({ source: 'env', findings: shown.map((id) => expect.objectContaining({ id })) });
  });
});

describe('the same changes reviewed again make no request', () => {
  test('a manual run, then the hook push', async () => {
    await manualRunThenHook(await createReviewedRepo({ server }), server);
  });

  test('a rebase onto the same content hits, and the reused findings name the new commit ids', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    hooked.repo.commit('document lookup', { 'README.md': '# demo\n\nfind(db, id) looks a row up.\n' });
    const before = hooked.repo.head();
    const first = hooked.repo.head('HEAD~1');
    // The model mentions a commit by its abbreviated id, as reviewers do.
    server.setDefault({
      review: {
        ...criticalReview('src/find.js', 2),
        findings: [{ ...criticalReview('src/find.js', 2).findings[0]!, detail: `Introduced in ${first.slice(0, 7)}.` }],
      },
    });
    const one = await hooked.cli(['--format', 'json']);
    expect(JSON.parse(one.stdout).findings[0].detail).toBe(`Introduced in ${first.slice(0, 7)}.`);

    // Every commit rewritten with a new date: new ids, the same trees.
    const rebased = hooked.repo.tryGit(['rebase', '-q', '--force-rebase', 'origin/main'], {
      env: { ...hooked.env, GIT_COMMITTER_DATE: '2030-01-01T00:00:00Z' },
    });
    expect(rebased.status, rebased.stderr).toBe(0);
    expect(hooked.repo.head()).not.toBe(before);
    const rewritten = hooked.repo.head('HEAD~1');

    const two = await hooked.cli(['--format', 'json']);
    expect(requests()).toBe(1);
    const report = JSON.parse(two.stdout);
    expect(report.usage).toMatchObject({ requests: 0, cached: true });
    expect(report.ranges[0].head).toBe(hooked.repo.head());
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(JSON.parse(one.stdout).findings.map((f: { id: string }) => f.id));
    expect(report.findings[0].detail).toBe(`Introduced in ${rewritten.slice(0, 7)}.`);
  });
});

describe('anything that changes the inputs asks again', () => {
  test('changed instructions, then another model, each miss; going back hits', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    const config = (instructions: string) => writeFileSync(join(hooked.repo.dir, '.reviewrc.json'), JSON.stringify({ instructions }));

    config('Check error handling.');
    await hooked.cli([]);
    expect(requests()).toBe(1);
    config('Check error handling and logging.');
    await hooked.cli([]);
    expect(requests()).toBe(2);
    await hooked.cli([], { REVIEW_HOOK_MODEL: 'gpt-4o' });
    expect(requests()).toBe(3);
    expect(server.reviewRequests()[2]!.body.model).toBe('gpt-4o');
    await hooked.cli([]);
    expect(requests()).toBe(3);
  });

  test('a new commit misses', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    await hooked.cli([]);
    hooked.repo.commit('more', { 'src/more.js': 'export const more = 1;\n' });
    await hooked.cli([]);
    expect(requests()).toBe(2);
  });

  test('--no-cache asks again and stores nothing; cache: false in the config does the same', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    const result = await hooked.cli(['--no-cache', '--format', 'json']);
    expect(JSON.parse(result.stdout).usage).toMatchObject({ requests: 2, cached: false });
    expect(cacheFiles(hooked)).toEqual([]);
    await hooked.cli([]);
    // The review and its verification.
    expect(cacheFiles(hooked)).toHaveLength(2);
    expect(reviewEntries(hooked)).toHaveLength(1);
    await hooked.cli(['--no-cache']);
    expect(requests()).toBe(3);

    writeFileSync(join(hooked.repo.dir, '.reviewrc.json'), JSON.stringify({ cache: false }));
    await hooked.cli([]);
    expect(requests()).toBe(4);
  });
});

describe('the cache is never a reason to fail', () => {
  test('a corrupt entry is ignored: the review is asked again and the entry rewritten', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    await hooked.cli([]);
    const [name] = reviewEntries(hooked);
    const file = join(stateDir(hooked.repo), 'cache', name!);
    writeFileSync(file, '{"format": 1, "key": "trunc');

    const again = await hooked.cli(['--format', 'json']);
    expect(again.status, again.stderr).toBe(1);
    // The review is asked again; its verification is the same question, answered from the cache.
    expect(JSON.parse(again.stdout).usage).toMatchObject({ requests: 1, cached: false });
    expect(requests()).toBe(2);
    expect(verifications()).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8')).value.answers).toHaveLength(1);
    await hooked.cli([]);
    expect(requests()).toBe(2);
  });

  test('two runs at once both finish and leave one whole entry', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    server.setDefault({ delayMs: 300, then: { review: criticalReview('src/find.js', 2) } });

    const [a, b] = await Promise.all([hooked.cli(['--format', 'json']), hooked.cli(['--format', 'json'])]);

    for (const r of [a, b]) {
      expect(r.status, r.stderr).toBe(1);
      expect(JSON.parse(r.stdout).findings.map((f: { id: string }) => f.id)).toEqual(['C1']);
    }
    expect(cacheFiles(hooked)).toHaveLength(2);
    const files = reviewEntries(hooked);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);
    expect(JSON.parse(readFileSync(join(stateDir(hooked.repo), 'cache', files[0]!), 'utf8')).value.answers).toHaveLength(1);
    const third = await hooked.cli(['--format', 'json']);
    expect(JSON.parse(third.stdout).usage.cached).toBe(true);
  });
});

describe('cost', () => {
  test('the report states the estimated cost from the configured prices', async () => {
    const hooked = await createReviewedRepo({ server });
    server.setDefault({ review: criticalReview('src/find.js', 2), usage: { prompt_tokens: 10_000, completion_tokens: 1_000 } });
    server.setVerifyDefault(verdicts('confirm', 'real', { prompt_tokens: 2_000, completion_tokens: 100 }));
    writeFileSync(join(hooked.repo.dir, '.reviewrc.json'), JSON.stringify({ pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } }));
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });

    const json = JSON.parse((await hooked.cli(['--format', 'json'])).stdout);
    // The review and the verification of its critical, both priced.
    expect(json.usage).toMatchObject({ requests: 2, promptTokens: 12_000, completionTokens: 1_100, cached: false });
    expect(json.usage.estimatedCostUSD).toBeCloseTo(0.00246, 10);
    const pretty = await hooked.cli([]);
    expect(pretty.stdout).toContain('Usage: 0 requests, 0 tokens in, 0 out, from cache, ~$0');

    const dry = await hooked.cli(['--dry-run', '--no-cache']);
    expect(dry.stdout).toMatch(/estimated cost: up to \$0\.00\d\d/);
  });

  test.each([
    ['allow', 0],
    ['block', 1],
  ] as const)('maxCostPerPush too low stops the review before any request; onError %s decides', async (onError, exit) => {
    const hooked = await createReviewedRepo({ server });
    const before = hooked.remoteHead();
    writeFileSync(
      join(hooked.repo.dir, '.reviewrc.json'),
      JSON.stringify({ onError, maxCostPerPush: 0.0001, pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } } }),
    );
    const head = hooked.repo.commit('add lookup', { 'src/find.js': FIXED });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(exit);
    expect(server.requests).toHaveLength(0);
    expect(result.stderr).toMatch(/the review would cost up to \$0\.00\d+ \(.*\), over maxCostPerPush \(\$0\.0001\); nothing was sent/);
    expect(result.stderr).toContain('Raise maxCostPerPush');
    expect(hooked.remoteHead()).toBe(exit === 0 ? head : before);
  });
});
