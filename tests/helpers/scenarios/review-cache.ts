// The review cache across runs, shared by both layers: tests/integration/cache.test.ts runs it
// in-process, tests/e2e/cache.test.ts with the manual run and the hook each in a process of its own.
import { expect } from 'vitest';
import type { FakeOpenAI } from '../fake-openai.js';
import { criticalReview } from '../reviews.js';
import { auditLines } from '../state-files.js';
import type { ScenarioRepo } from './scenario-repo.js';

/** The lookup written safely: what the review is of matters less than that it is the same each time. */
export const FIXED = ['export function find(db, id) {', '  return db.query("SELECT * FROM t WHERE id = ?", [id]);', '}', ''].join('\n');

/** A review with two findings, so the ids in the audit log say something. */
export const TWO_FINDINGS = {
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

/**
 * A manual run, then the hook's push of the same changes: the push makes no request (no review, and
 * no verification of its critical, which is cached with it) and its override records the findings
 * the manual run showed, ids and all.
 */
export async function manualRunThenHook(hooked: ScenarioRepo, server: FakeOpenAI): Promise<void> {
  hooked.repo.commit('add lookup', { 'src/find.js': FIXED });
  server.setDefault({ review: TWO_FINDINGS });

  const manual = await hooked.cli(['--format', 'json']);
  expect(manual.status).toBe(1);
  const report = JSON.parse(manual.stdout);
  // The review and the verification of its critical.
  expect(report.usage).toMatchObject({ requests: 2, cached: false });

  const pushed = await hooked.push(['origin', 'main'], { REVIEW_HOOK_ALLOW: 'reviewed by hand' });
  expect(pushed.status, pushed.stderr).toBe(0);
  expect(server.reviewRequests()).toHaveLength(1);
  expect(server.verifyRequests()).toHaveLength(1);
  expect(auditLines(hooked.repo).at(-1)).toMatchObject({
    findings: report.findings.map((f: { id: string; title: string }) => expect.objectContaining({ id: f.id, title: f.title })),
  });
}
