// The review cache across processes: a manual run, then the hook in its own process, reuse one
// review. The rest of the cache's behaviour is in tests/integration/cache.test.ts.
import { existsSync, readFileSync } from 'node:fs';
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
