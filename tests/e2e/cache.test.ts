// Repeat pushes cost nothing: the same changes reviewed again (an override after a block, the hook
// after a manual run, a rebase that changes no content) make no request and give the same findings
// with the same ids; anything that changes the inputs asks again; maxCostPerPush stops a review
// before anything is sent.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview, type HookedRepo, useModelServer } from '../helpers/e2e.js';

const server = useModelServer({ review: criticalReview('src/find.js', 2) });

const FIXED = ['export function find(db, id) {', '  return db.query("SELECT * FROM t WHERE id = ?", [id]);', '}', ''].join('\n');

const stateDir = (hooked: HookedRepo): string => join(hooked.repo.dir, '.git', 'review-hook');
// Review requests. Each blocking critical is also confirmed by a verification request, which is
// cached with the review: where a test says "no request", no verification request goes out either.
const requests = (): number => server.reviewRequests().length;
const verifications = (): number => server.verifyRequests().length;

function auditLines(hooked: HookedRepo): Array<Record<string, unknown>> {
  const path = join(stateDir(hooked), 'audit.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A review with two findings, so the ids in the audit log say something. */
const TWO_FINDINGS = {
  ...criticalReview('src/find.js', 2),
  findings: [
    ...criticalReview('src/find.js', 2).findings,
    {
      severity: 'minor',
      category: 'quality',
      file: 'src/find.js',
      line: 1,
      endLine: null,
      title: 'Name the parameter',
      detail: 'id of what?',
      quote: null,
    },
  ],
};

describe('the same changes reviewed again make no request', () => {
  test('a manual run, then the hook push', async () => {
    const hooked = await createHookedRepo({ server });
    hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
    server.setDefault({ review: TWO_FINDINGS });

    const manual = await hooked.cli(['--format', 'json']);
    expect(manual.status).toBe(1);
    const report = JSON.parse(manual.stdout);
    // The review and the verification of its critical.
    expect(report.usage).toMatchObject({ requests: 2, cached: false });

    const pushed = await hooked.push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'reviewed by hand' });
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(requests()).toBe(1);
    expect(verifications()).toBe(1);
    expect(auditLines(hooked).at(-1)).toMatchObject({
      findings: report.findings.map((f: { id: string; title: string }) => expect.objectContaining({ id: f.id, title: f.title })),
    });
  });
});

describe('cost', () => {
  test.each([
    ['allow', 0],
    ['block', 1],
  ] as const)('maxCostPerPush too low stops the review before any request; onError %s decides', async (onError, exit) => {
    const hooked = await createHookedRepo({ server });
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
