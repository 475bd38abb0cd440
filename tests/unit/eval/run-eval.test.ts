// eval end to end in-process: real case repositories, the real review pipeline, and the local model
// server scripted per case. The expected scores are worked out by hand in the comments.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval, type EvalOptions } from '../../../src/eval/run-eval.js';
import { renderEval } from '../../../src/eval/render-eval.js';
import { byCase, CLEAN_REVIEW, useModelServer, type FakeReply } from '../../helpers/fake-openai.js';
import { createRepo, hermeticEnv, tempDir } from '../../helpers/git-repo.js';
import { lines, writeCase } from './eval-cases.js';

const server = useModelServer();

type F = { severity: string; category: string; file: string | null; line: number | null; title: string };
function review(...findings: F[]): FakeReply {
  return {
    review: {
      ...CLEAN_REVIEW,
      findings: findings.map((f) => ({ endLine: null, quote: null, detail: `${f.title}.`, ...f })),
      verdict: findings.length > 0 ? 'not_ready' : 'ready',
    },
  };
}

/** A user's repository with a config pointing at the local server, and the cases folder. */
function setUp(): { userRepo: string; casesDir: string; env: Record<string, string> } {
  const repo = createRepo();
  repo.commit('init', {
    '.reviewrc.json': JSON.stringify({ baseURL: server.url, model: 'gpt-4o-mini', pricing: { 'gpt-4o-mini': { input: 1, output: 2 } } }),
  });
  const casesDir = tempDir();
  return { userRepo: repo.dir, casesDir, env: hermeticEnv({ OPENAI_API_KEY: 'sk-test' }) };
}

function options(userRepo: string, casesDir: string, env: Record<string, string>, extra: Partial<EvalOptions> = {}): EvalOptions {
  let t = 0;
  return {
    cwd: userRepo,
    env,
    casesDir,
    shippedCasesDir: '/nonexistent',
    fromHistory: null,
    repeat: 1,
    config: null,
    now: () => new Date(),
    // Each reading of the clock moves it 1 s: a review reads it twice, so each run takes exactly 1 s.
    clock: () => (t += 1000),
    onProgress: () => {},
    ...extra,
  };
}

describe('review-hook eval', () => {
  it('scores a scripted server exactly: recall, precision, false blocks, location, tokens, cost, time', async () => {
    const { userRepo, casesDir, env } = setUp();
    writeCase(casesDir, 'a-injection', {
      task: 'Look up users by name',
      language: 'javascript',
      before: { 'db.js': lines(5) },
      after: { 'db.js': lines(2) + 'db.query("SELECT * FROM users WHERE name = \'" + name + "\'");\n' + lines(2, 'tail') },
      expect: [{ file: 'db.js', lines: [3, 3], severity: 'critical', category: 'security' }],
    });
    writeCase(casesDir, 'b-off-by-one', {
      task: 'Sum the first n items',
      language: 'python',
      before: { 'sum.py': '# sum\n' },
      after: { 'sum.py': Array.from({ length: 14 }, (_, i) => (i === 3 ? 'for i in range(n + 1):' : `# l${i + 1}`)).join('\n') + '\n' },
      expect: [{ file: 'sum.py', lines: 4, severity: 'important', category: 'correctness' }],
    });
    writeCase(casesDir, 'c-unchecked', {
      task: 'Write the report file',
      language: 'go',
      before: { 'report.go': 'package report\n' },
      after: {
        'report.go': Array.from({ length: 20 }, (_, i) => `// g${i + 1}`).join('\n') + '\n',
        'util.go': 'package report\n// helper\n',
      },
      expect: [
        { file: 'report.go', lines: [5, 6], severity: 'important', category: 'correctness' },
        { file: 'report.go', lines: [15, 15], severity: 'important', category: 'correctness' },
      ],
    });
    writeCase(casesDir, 'd-clean-blocked', {
      task: 'Rename a variable',
      before: { 'a.js': 'let x = 1;\n' },
      after: { 'a.js': 'let count = 1;\n' },
      expect: [],
    });
    writeCase(casesDir, 'e-clean-allowed', {
      task: 'Add a comment',
      before: { 'b.js': 'run();\n' },
      after: { 'b.js': '// start\nrun();\n' },
      expect: [],
    });
    writeCase(casesDir, 'f-missing-requirement', {
      task: { title: 'Validate the email field', acceptance: 'Rejects an empty email\nRejects an email without @' },
      before: { 'form.js': 'export function check(email) {}\n' },
      after: { 'form.js': 'export function check(email) {\n  return email !== "";\n}\n' },
      expect: [{ file: null, severity: 'important', category: 'task' }],
    });
    server.setDefault(
      byCase({
        // right file, in range, critical: a match; blocks
        'Look up users by name': review({
          severity: 'critical',
          category: 'security',
          file: 'db.js',
          line: 3,
          title: 'SQL built from input',
        }),
        // right file, 8 lines off (beyond ±2): a false positive, and the defect is missed
        'Sum the first n items': review({ severity: 'important', category: 'correctness', file: 'sum.py', line: 12, title: 'Loop bound' }),
        // one of two found (line 7 is within 5-6 ± 2), plus a false positive in another file
        'Write the report file': review(
          { severity: 'critical', category: 'correctness', file: 'report.go', line: 7, title: 'Error ignored' },
          { severity: 'important', category: 'quality', file: 'util.go', line: 2, title: 'Helper unused' },
        ),
        // a false Critical on a clean change: blocks
        'Rename a variable': review({ severity: 'critical', category: 'correctness', file: 'a.js', line: 1, title: 'Wrong name' }),
        // only a minor note: not counted either way
        'Add a comment': review({ severity: 'minor', category: 'docs', file: 'b.js', line: 1, title: 'Comment style' }),
        // the missing requirement, as a file-less task finding
        'Validate the email field': review({ severity: 'important', category: 'task', file: null, line: null, title: 'No check for @' }),
      }),
    );

    const result = await runEval(options(userRepo, casesDir, env));
    const t = result.summary.total;
    // Expected findings 1 + 1 + 2 + 1 = 5; found: a, one of c, f = 3.
    expect([t.found, t.expected, t.recall]).toEqual([3, 5, 3 / 5]);
    // Counted (critical/important) findings: a 1, b 1, c 2, d 1, f 1 = 6; correct: a, c's first, f = 3.
    expect([t.correct, t.counted, t.precision]).toEqual([3, 6, 0.5]);
    // Clean: d blocked, e allowed.
    expect([t.cleanBlocked, t.cleanCases, t.falseBlockRate]).toEqual([1, 2, 0.5]);
    // Defects blocked: a and c (critical findings); b and f raised only important ones.
    expect([t.defectBlocked, t.defectCases, t.defectBlockRate]).toEqual([2, 4, 0.5]);
    // In an expected file with lines: a (in range), b (out), c's report.go finding (in) = 2 of 3.
    expect(t.locationAccuracy).toBe(2 / 3);
    // Category: a security = security, c correctness = correctness, f task = task: all 3 agree.
    expect(t.categoryAgreement).toBe(1);
    // Six reviews, and a verification of each critical that would block (a, c and d): the server confirms them.
    expect([t.scoredRuns, t.failedRuns, t.requests]).toEqual([6, 0, 9]);
    expect(server.reviewRequests()).toHaveLength(6);
    expect(server.verifyRequests()).toHaveLength(3);
    // Six runs of exactly one second each, by the injected clock.
    expect(t.ms).toBe(6000);
    // Tokens are what the server said it counted; cost at $1/$2 per million.
    const sent = server.chatRequests();
    expect(sent).toHaveLength(9);
    expect(t.promptTokens).toBeGreaterThan(0);
    expect(t.costUSD).toBeCloseTo((t.promptTokens * 1 + t.completionTokens * 2) / 1e6, 10);
    const byId = Object.fromEntries(result.summary.cases.map((c) => [c.id, c]));
    expect(byId['b-off-by-one']?.runs[0]?.findings.map((f) => f.score)).toEqual(['false-positive']);
    expect(byId['e-clean-allowed']?.runs[0]?.findings.map((f) => f.score)).toEqual(['not-counted']);
    expect(byId['e-clean-allowed']?.runs[0]?.verdict).toBe('allow');
    // The task reached the model as the tracker issue; the expectations never did.
    const emailPrompt = sent.map((r) => JSON.stringify(r.body.messages)).find((m) => m.includes('Validate the email field'));
    expect(emailPrompt).toContain('Rejects an email without @');
    for (const request of sent) expect(JSON.stringify(request.body)).not.toMatch(/"expect"|missing-requirement|clean-blocked/);

    const json = JSON.parse(renderEval('json', result, false));
    expect(json.total.precision).toBe(0.5);
    expect(json.cases).toHaveLength(6);
    const markdown = renderEval('markdown', result, false);
    expect(markdown).toContain('| Recall on defects | 60.0% | 3 of 5 expected findings found |');
    expect(markdown).toContain('| False-block rate (clean) | 50.0% | 1 of 2 clean reviews blocked |');
    const pretty = renderEval('pretty', result, false);
    expect(pretty).toMatch(/Precision:\s+50\.0%/);
  });

  it('--repeat gives the spread over rounds', async () => {
    const { userRepo, casesDir, env } = setUp();
    writeCase(casesDir, 'only', {
      task: 'Escape the shell argument',
      language: 'shell',
      before: { 'run.sh': '#!/bin/sh\necho start\n' },
      after: { 'run.sh': '#!/bin/sh\necho start\neval "$1"\n' },
      expect: [{ file: 'run.sh', lines: 3, severity: 'critical', category: 'security' }],
    });
    const hit = review({ severity: 'critical', category: 'security', file: 'run.sh', line: 3, title: 'eval of input' });
    server.setDefault(byCase({ 'Escape the shell argument': [hit, review(), hit] }));
    const result = await runEval(options(userRepo, casesDir, env, { repeat: 3 }));
    expect(result.summary.rounds.map((r) => r.recall)).toEqual([1, 0, 1]);
    expect(result.summary.spread.recall).toEqual({ min: 0, mean: 2 / 3, max: 1 });
    // Round 2 has no counted finding: its precision is unknown, not 0 or 1.
    expect(result.summary.rounds.map((r) => r.precision)).toEqual([1, null, 1]);
    expect(result.summary.spread.precision).toEqual({ min: 1, mean: 1, max: 1 });
    expect(result.summary.total.recall).toBe(2 / 3);
    // Three reviews, and the verification of the critical in rounds 1 and 3.
    expect(server.reviewRequests()).toHaveLength(3);
    expect(server.verifyRequests()).toHaveLength(2);
  });

  it('leaves a run whose model review failed out of every score and says why', async () => {
    const { userRepo, casesDir, env } = setUp();
    writeCase(casesDir, 'x', {
      task: 'Fail here',
      before: { 'a.js': 'a\n' },
      after: { 'a.js': 'b\n' },
      expect: [{ file: 'a.js', lines: 1, severity: 'critical' }],
    });
    writeCase(casesDir, 'y', { task: 'Fine here', before: { 'b.js': 'a\n' }, after: { 'b.js': 'b\n' }, expect: [] });
    server.setDefault(
      byCase({ 'Fail here': { status: 400, error: { message: 'context length exceeded', type: 'invalid_request_error' } } }),
    );
    const progress: string[] = [];
    const result = await runEval(options(userRepo, casesDir, env, { onProgress: (l) => progress.push(l) }));
    const t = result.summary.total;
    expect([t.scoredRuns, t.failedRuns]).toEqual([1, 1]);
    expect(t.recall).toBeNull();
    expect(t.falseBlockRate).toBe(0);
    expect(result.summary.cases[0]?.runs[0]?.error).toMatch(/model review failed/);
    expect(progress[0]).toMatch(/^eval 1\/2 x: not scored: model review failed/);
    expect(renderEval('pretty', result, false)).toMatch(/Not scored \(1\)/);
  });

  it('stops with a configuration error when no model is configured', async () => {
    const { userRepo, casesDir } = setUp();
    writeFileSync(join(userRepo, '.reviewrc.json'), '{}');
    writeCase(casesDir, 'x', { task: 't', before: { 'a.js': 'a\n' }, after: { 'a.js': 'b\n' }, expect: [] });
    await expect(runEval(options(userRepo, casesDir, hermeticEnv()))).rejects.toMatchObject({
      code: 'CONFIG',
      message: /^eval measures a model, and none can be asked: no API key: set OPENAI_API_KEY/,
    });
  });

  it('names the case and every problem in a bad case.json', async () => {
    const { userRepo, casesDir, env } = setUp();
    mkdirSync(join(casesDir, 'bad', 'after'), { recursive: true });
    writeFileSync(
      join(casesDir, 'bad', 'case.json'),
      JSON.stringify({ task: 'x', expect: [{ file: 'a.js', lines: [5, 2], severity: 'fatal' }] }),
    );
    writeFileSync(join(casesDir, 'bad', 'after', 'a.js'), 'a\n');
    await expect(runEval(options(userRepo, casesDir, env))).rejects.toMatchObject({
      code: 'USAGE',
      message: expect.stringMatching(
        /case bad: .*case\.json is not a valid case:\n {2}- expect\[0\]\.severity must be one of critical, important, minor\n {2}- expect\[0\]\.lines must be/s,
      ),
    });
  });
});
