// `review-hook eval` on the shipped cases (the packed package ships them: tests/e2e/install.test.ts): each builds a real
// repository and goes through the review, and a server that answers every case exactly as
// expected scores perfectly, which proves the cases' expectations agree with their own files.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, useModelServer } from '../helpers/in-process.js';
import { byCase, CLEAN_REVIEW, type FakeReply } from '../helpers/fake-openai.js';

const server = useModelServer();
const shipped = resolve(import.meta.dirname, '..', '..', 'eval-cases');

interface CaseJson {
  language: string;
  task: { title: string };
  expect: Array<{ file: string | null; lines?: number | [number, number]; severity: string; category: string }>;
}

function readShipped(): Array<{ id: string; json: CaseJson }> {
  return readdirSync(shipped)
    .sort()
    .map((id) => ({ id, json: JSON.parse(readFileSync(join(shipped, id, 'case.json'), 'utf8')) as CaseJson }));
}

/** The answer a perfect reviewer gives: each expected finding, at its first line, at its severity. */
function perfectAnswer(json: CaseJson): FakeReply {
  const findings = json.expect.map((e) => ({
    severity: e.severity,
    category: e.category,
    file: e.file,
    line: e.lines === undefined ? null : Array.isArray(e.lines) ? e.lines[0] : e.lines,
    endLine: null,
    quote: null,
    title: 'Planted defect',
    detail: 'Found.',
  }));
  return { review: { ...CLEAN_REVIEW, findings, verdict: findings.length > 0 ? 'not_ready' : 'ready' } };
}

describe('review-hook eval', () => {
  test('the shipped cases: at least 30 in five languages, 10 clean, and a perfect reviewer scores 100%', async () => {
    const cases = readShipped();
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.json.expect.length === 0).length).toBeGreaterThanOrEqual(10);
    expect(new Set(cases.map((c) => c.json.language))).toEqual(
      new Set(['javascript', 'typescript', 'python', 'go', 'sql', 'shell', 'markdown']),
    );
    const titles = cases.map((c) => c.json.task.title);
    expect(new Set(titles).size).toBe(titles.length);
    server.setDefault(byCase(Object.fromEntries(cases.map((c) => [c.json.task.title, perfectAnswer(c.json)]))));

    const { cli } = await createReviewedRepo({ server });
    const result = await cli(['eval', '--format', 'json']);

    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.cases).toHaveLength(cases.length);
    expect(report.total).toMatchObject({
      recall: 1,
      precision: 1,
      falseBlockRate: 0,
      locationAccuracy: 1,
      failedRuns: 0,
      scoredRuns: cases.length,
    });
    // One review per case, and the verifications of the criticals that would block (confirmed).
    expect(server.reviewRequests()).toHaveLength(cases.length);
    expect(server.verifyRequests().length).toBeGreaterThan(0);
    expect(report.total.requests).toBe(cases.length + server.verifyRequests().length);
    // Every finding is one the server gave, except the one planted secret a check knows: the
    // warehouse password assigned in code, which the secrets check finds where the case expects it.
    type Scored = { file: string; line: number; title: string; score: string };
    const findings: Scored[] = report.cases.flatMap((c: { runs: Array<{ findings: Scored[] }> }) => c.runs.flatMap((r) => r.findings));
    const fromChecks = findings.filter((f) => f.title === 'Password, secret or token assigned in code');
    expect(fromChecks.map((f) => `${f.file}:${f.line} ${f.score}`)).toEqual(['jobs/report.py:4 match']);
    expect(findings).toHaveLength(cases.reduce((n, c) => n + c.json.expect.length, 0) + fromChecks.length);
    expect(result.stderr).toMatch(new RegExp(`review-hook: eval ${cases.length}/${cases.length} `));
  }, 240_000);

  test('usage errors exit 2 with a message that says what to fix', async () => {
    const { cli } = await createReviewedRepo({ server });
    const repeat = await cli(['eval', '--repeat', '0']);
    expect(repeat.status).toBe(2);
    expect(repeat.stderr).toMatch(/--repeat is "0"; give a whole number from 1 to 20/);
    const missing = await cli(['eval', '--cases', 'no-such-folder']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--cases .*no-such-folder: not a folder/);
    expect(server.chatRequests()).toHaveLength(0);
  });
});
