import { decide } from '../../../src/policy/decide.js';
import { describe, expect, it } from 'vitest';
import { reporters, renderReport } from '../../../src/report/index.js';
import { formatLocation, clean } from '../../../src/report/format.js';
import type { Report } from '../../../src/domain/types.js';
import { asJson, finding, sampleReport } from './sample-report.js';
import { CONTRACT_KEYS } from '../../helpers/contract.js';

const ANSI = /\u001b\[[0-9;]*m/;

/** Index of each needle in text; fails the test when one is missing, so order checks cannot pass vacuously. */
function positions(text: string, needles: string[]): number[] {
  return needles.map((needle) => {
    const at = text.indexOf(needle);
    expect(at, `"${needle}" missing from:\n${text}`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

function expectInOrder(text: string, needles: string[]): void {
  const at = positions(text, needles);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}

describe('formatLocation', () => {
  it.each([
    [{ file: 'src/a.ts', line: 3, endLine: null }, 'src/a.ts:3'],
    [{ file: 'src/a.ts', line: 3, endLine: 3 }, 'src/a.ts:3'],
    [{ file: 'src/a.ts', line: 3, endLine: 9 }, 'src/a.ts:3-9'],
    [{ file: 'src/a.ts', line: null, endLine: null }, 'src/a.ts'],
    [{ file: null, line: null, endLine: null }, '(no file)'],
  ])('%j → %s', (location, expected) => {
    expect(formatLocation(location)).toBe(expected);
  });
});

describe('clean', () => {
  it('removes escape sequences and bidirectional controls from untrusted text, keeps newlines and tabs', () => {
    expect(clean('a\u001b[31mred\u001b[0m\u202Eb\r\nc\td\u0007')).toBe('aredb\nc\td');
  });
});

describe('pretty', () => {
  const text = reporters.pretty(sampleReport(), { color: false });

  it('puts the sections in order, only the non-empty ones', () => {
    expectInOrder(text, [
      'review-hook: 3 commits in 2 refs (feature, other), 3 files reviewed, 1 skipped',
      'Adds login; one injection bug.',
      'Critical (2)',
      'Important (3)',
      'Strengths',
      'Requirements',
      'Not reviewed (1)',
      'Problems',
      'Usage: 2 requests, 12,345 tokens in, 678 out, ~$0.01',
      'BLOCKED',
    ]);
    expect(text).not.toContain('Minor');
  });

  it('shows each finding as location and title on one line, detail indented below', () => {
    expect(text).toContain(
      '  C1 src/db.ts:42  SQL built by string concatenation\n      The user id is pasted into the query.\n      Use a parameter.\n',
    );
    expect(text).toMatch(/^ {2}I1 src\/api\.ts:10-14 {2}Errors swallowed$/m);
    expect(text).toMatch(/^ {2}I3 \(no file\) {2}Acceptance criterion 2 not implemented$/m);
  });

  it('marks unverified locations, but not file-less findings', () => {
    expect(text).toMatch(/^ {2}I2 src\/ghost\.ts:999 {2}Cites a line that does not exist {2}\(unverified location\)$/m);
    expect(text).not.toMatch(/I3 .*unverified/);
  });

  it('marks check findings with their source', () => {
    expect(text).toMatch(/^ {2}C2 \.env\.test:1 {2}AWS key added {2}\[check:secrets\]$/m);
    expect(text).not.toMatch(/C1 .*\[llm\]/);
  });

  it('lists requirements as a checklist', () => {
    expectInOrder(text, ['[x] Users can log in', '[~] Rate limiting', '[ ] Audit trail', '[?] Works offline']);
  });

  it('tells a blocked push every way forward', () => {
    const verdict = text.slice(text.indexOf('BLOCKED'));
    for (const help of [
      'Fix the findings and push again',
      'REVIEW_HOOK_ALLOW="reason" git push',
      'git -c review-hook.allow="reason" push',
      '"Review-Override: reason" trailer',
      'REVIEW_HOOK_SKIP=1',
      'git push --no-verify',
    ]) {
      expect(verdict).toContain(help);
    }
    expect(text.trimEnd().split('\n').at(-1)).toContain('--no-verify');
  });

  it('a block caused only by the failed model review says there is nothing in the code to fix', () => {
    const reason = decide({
      findings: [],
      blockOn: 'critical',
      onError: 'block',
      modelStatus: 'failed',
      modelError: 'could not connect',
    }).reasons;
    const failedReport = sampleReport({ findings: [], modelReview: 'failed', errors: ['could not connect'] });
    for (const format of ['pretty', 'markdown'] as const) {
      const out = reporters[format](failedReport, { color: false, reasons: reason });
      expect(out).toContain('so there are no findings to fix');
      expect(out).toContain('Nothing in the code to fix: make the model review work');
      expect(out).not.toContain('Fix the findings');
    }
  });

  it('puts the decision reasons on the verdict line', () => {
    const withReasons = reporters.pretty(sampleReport(), { color: false, reasons: ['2 critical findings'] });
    expect(withReasons).toMatch(/^BLOCKED: 2 critical findings$/m);
  });

  it('an allowed push says ALLOWED and gives no override help', () => {
    const allowed = reporters.pretty(sampleReport({ verdict: 'allow', findings: [] }), { color: false });
    expect(allowed.trimEnd().split('\n').at(-1)).toBe('ALLOWED');
    expect(allowed).not.toContain('REVIEW_HOOK_ALLOW');
    expect(allowed).not.toMatch(/^(Critical|Important|Minor)/m);
  });

  it('an overridden push names the source and reason', () => {
    const overridden = reporters.pretty(sampleReport({ verdict: 'allow', override: { source: 'trailer', reason: 'fixture key' } }), {
      color: false,
    });
    expect(overridden.trimEnd().split('\n').at(-1)).toBe('ALLOWED BY OVERRIDE (trailer: fixture key)');
    expect(overridden).not.toContain('REVIEW_HOOK_ALLOW');
  });

  it('says when the model review could not complete, with the cause', () => {
    const failed = reporters.pretty(sampleReport({ modelReview: 'failed', errors: ['timed out after 120s'] }), { color: false });
    const problems = failed.slice(failed.indexOf('Problems'));
    expect(problems).toContain('! the model review could not complete');
    expect(problems).toContain('! timed out after 120s');
  });

  it('collapses a long list of skipped files', () => {
    const skipped = Array.from({ length: 25 }, (_, i) => ({ file: `dist/f${i}.js`, reason: 'build output' }));
    const long = reporters.pretty(sampleReport({ coverage: { reviewed: [], skipped } }), { color: false });
    expect(long).toContain('Not reviewed (25)');
    expect(long).toContain('dist/f9.js (build output)');
    expect(long).not.toContain('dist/f10.js');
    expect(long).toContain('…and 15 more');
  });

  it('shows cache use and leaves out an unknown cost', () => {
    const usage = { requests: 0, promptTokens: 0, completionTokens: 0, cached: true, estimatedCostUSD: null };
    const cached = reporters.pretty(sampleReport({ usage }), { color: false });
    expect(cached).toContain('Usage: 0 requests, 0 tokens in, 0 out, from cache\n');
    const none = reporters.pretty(sampleReport({ usage: { ...usage, cached: false } }), { color: false });
    expect(none).toContain('Usage: no model requests');
  });

  it('has no ANSI codes without colour, and has them with colour', () => {
    expect(text).not.toMatch(ANSI);
    const colored = reporters.pretty(sampleReport(), { color: true });
    expect(colored).toMatch(ANSI);
    expect(colored).toContain('\u001b[31m');
    // Same words once the codes are gone.
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text);
  });

  it('cannot be made to emit escape sequences by model text, even without colour', () => {
    const hostile = sampleReport({
      findings: [finding({ title: 'ok\u001b]0;pwned\u0007\u001b[2J', detail: 'x\u001b[31my' })],
      summary: '\u001b[1Asummary',
    });
    const out = reporters.pretty(hostile, { color: false });
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
  });
});

describe('markdown', () => {
  const text = reporters.markdown(sampleReport(), { color: true, reasons: ['2 critical findings'] });

  it('has the same sections as pretty, in order, as headings', () => {
    expectInOrder(text, [
      '# review-hook: BLOCKED',
      '3 commits in 2 refs (feature, other), 3 files reviewed, 1 skipped',
      '> Adds login; one injection bug.',
      '## Critical (2)',
      '## Important (3)',
      '## Strengths',
      '## Requirements',
      '## Not reviewed (1)',
      '## Problems',
      'Usage: 2 requests',
      '## Verdict: BLOCKED',
      '- 2 critical findings',
      '`REVIEW_HOOK_ALLOW="reason" git push`',
      '`git -c review-hook.allow="reason" push`',
      '`Review-Override: reason`',
      'git push --no-verify',
    ]);
    expect(text).not.toContain('## Minor');
  });

  it('writes findings as list items with code-span locations and indented detail', () => {
    expect(text).toContain(
      '- **C1** `src/db.ts:42` SQL built by string concatenation\n\n  The user id is pasted into the query.\n  Use a parameter.',
    );
    expect(text).toContain('- **I1** `src/api.ts:10-14` Errors swallowed');
    expect(text).toContain('- **I2** `src/ghost.ts:999` Cites a line that does not exist _(unverified location)_');
    expect(text).toContain('- **C2** `.env.test:1` AWS key added _[check:secrets]_');
    expect(text).toContain('- **I3** `(no file)` Acceptance criterion 2 not implemented');
  });

  it('writes requirements as a checklist', () => {
    expectInOrder(text, ['- [x] Users can log in — src/auth.ts:5', '- [~] Rate limiting', '- [ ] Audit trail', '- [?] Works offline']);
  });

  it('never contains ANSI codes, even when asked for colour', () => {
    expect(text).not.toMatch(ANSI);
  });

  it('a backtick in a file name does not break the code span', () => {
    const odd = reporters.markdown(sampleReport({ findings: [finding({ file: 'we`ird.ts', line: 2 })] }), { color: false });
    expect(odd).toContain('``we`ird.ts:2``');
  });

  it('an override is in the title', () => {
    const overridden = reporters.markdown(sampleReport({ verdict: 'allow', override: { source: 'prompt', reason: 'demo tomorrow' } }), {
      color: false,
    });
    expect(overridden.split('\n')[0]).toBe('# review-hook: ALLOWED BY OVERRIDE (prompt: demo tomorrow)');
    expect(overridden).not.toContain('REVIEW_HOOK_ALLOW');
  });
});

describe('json', () => {
  it('parses, and has the contract keys in the contract order, then the documented extras', () => {
    const parsed = JSON.parse(reporters.json(sampleReport(), { color: true })) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([...CONTRACT_KEYS, 'summary', 'modelReview', 'task', 'plans']);
    expect(parsed['version']).toBe(1);
    expect(parsed['verdict']).toBe('block');
    expect(parsed['override']).toBeNull();
  });

  it('nested objects have the contract fields in order', () => {
    const parsed = JSON.parse(reporters.json(sampleReport({ override: { source: 'env', reason: 'why' } }), { color: false })) as {
      override: object;
      ranges: object[];
      findings: object[];
      coverage: object;
      usage: object;
      requirements: object[];
    };
    expect(Object.keys(parsed.override)).toEqual(['source', 'reason']);
    expect(Object.keys(parsed.ranges[0] ?? {})).toEqual(['ref', 'base', 'head', 'commits']);
    expect(Object.keys(parsed.findings[0] ?? {})).toEqual([
      'id',
      'severity',
      'category',
      'file',
      'line',
      'endLine',
      'title',
      'detail',
      'source',
      'located',
      'acknowledgement',
      'fingerprint',
      'verification',
    ]);
    expect(Object.keys(parsed.coverage)).toEqual(['reviewed', 'skipped']);
    expect(Object.keys(parsed.usage)).toEqual(['requests', 'promptTokens', 'completionTokens', 'cached', 'estimatedCostUSD']);
    expect(Object.keys(parsed.requirements[0] ?? {})).toEqual(['requirement', 'status', 'evidence']);
  });

  it('round-trips the report content', () => {
    const report = sampleReport();
    expect(JSON.parse(reporters.json(report, { color: false }))).toEqual(asJson(report));
  });

  it('drops fields that are not in the contract', () => {
    const report = { ...sampleReport(), apiKey: 'sk-nope' } as Report;
    report.findings = [{ ...finding({}), raw: 'model text' } as never];
    const out = reporters.json(report, { color: false });
    expect(out).not.toContain('sk-nope');
    expect(out).not.toContain('raw');
  });

  it('has no ANSI codes and ends with one newline', () => {
    const out = reporters.json(sampleReport(), { color: true });
    expect(out).not.toMatch(ANSI);
    expect(out.endsWith('}\n')).toBe(true);
  });
});

describe('renderReport', () => {
  it('dispatches by format name', () => {
    const report = sampleReport();
    for (const format of ['pretty', 'json', 'markdown', 'sarif', 'github', 'gitlab'] as const) {
      expect(renderReport(format, report, { color: false })).toBe(reporters[format](report, { color: false }));
    }
    expect(Object.keys(reporters).sort()).toEqual(['github', 'gitlab', 'json', 'markdown', 'pretty', 'sarif']);
  });
});

describe('the task context the review used, in every format', () => {
  const report = sampleReport({
    task: [
      { id: 'bd-a1b2', title: 'Add login', foundBy: 'edited record' },
      { id: 'bd-c3d4', title: 'Session store', foundBy: 'trailer' },
    ],
    plans: [
      { path: 'docs/plans/login.md', sections: ['Testing'] },
      { path: 'docs/design.md', sections: [] },
    ],
  });

  it('pretty and markdown name each issue, its title and how it was found, and the plan sections read', () => {
    const task = 'bd-a1b2 "Add login" (edited record); bd-c3d4 "Session store" (trailer)';
    const plans = 'docs/plans/login.md ("Testing"); docs/design.md (the start)';
    const pretty = reporters.pretty(report, { color: false });
    expect(pretty).toContain(`  Task: ${task}\n  Plan: ${plans}`);
    const markdown = reporters.markdown(report, { color: false });
    expect(markdown).toContain(`- **Task:** ${task}\n- **Plan:** ${plans}`);
  });

  it('json and sarif carry them as data', () => {
    const json = JSON.parse(reporters.json(report, { color: false })) as { task: unknown; plans: unknown };
    expect(json.task).toEqual(report.task);
    expect(json.plans).toEqual(report.plans);
    const sarif = JSON.parse(reporters.sarif(report, { color: false })) as {
      runs: Array<{ properties: { task: unknown; plans: unknown } }>;
    };
    expect(sarif.runs[0]!.properties.task).toEqual(report.task);
    expect(sarif.runs[0]!.properties.plans).toEqual(report.plans);
  });

  it('says when the lookup found nothing, and nothing when no lookup was made', () => {
    const none = sampleReport({ task: [], plans: [] });
    expect(reporters.pretty(none, { color: false })).toContain('  Task: none found; the commits stood as the task');
    expect(reporters.markdown(none, { color: false })).toContain('- **Task:** none found; the commits stood as the task');
    const offline = sampleReport({ task: [], plans: [], modelReview: 'skipped' });
    expect(reporters.pretty(offline, { color: false })).not.toContain('Task:');
    expect(reporters.markdown(offline, { color: false })).not.toContain('**Task:**');
  });

  it('keeps untrusted titles on one line without control characters', () => {
    const hostile = sampleReport({ task: [{ id: 'bd-x', title: 'evil\n\u001b[31mred', foundBy: 'subject' }] });
    expect(reporters.pretty(hostile, { color: false })).toContain('Task: bd-x "evil red" (subject)');
  });
});

describe('reports never overstate what ran', () => {
  it('"reviewed" only when the model reviewed the files; otherwise they were checked', () => {
    const scope = (over: Parameters<typeof sampleReport>[0]) => reporters.pretty(sampleReport(over), { color: false }).split('\n')[0];
    expect(scope({})).toContain('3 files reviewed');
    expect(scope({ modelReview: 'skipped' })).toContain('3 files checked (no model review)');
    expect(scope({ modelReview: 'failed', errors: ['no API key: the model review did not run'] })).toContain(
      '3 files checked (the model review did not complete)',
    );
    expect(scope({ modelReview: 'failed' })).not.toContain('reviewed');
    expect(reporters.markdown(sampleReport({ modelReview: 'skipped' }), { color: false })).toContain('3 files checked (no model review)');
  });

  it('a split review with a failed part says which files were reviewed and which were not, in pretty and Markdown', () => {
    const failedPart = ['src/b.js', 'src/c.js'].map((file) => ({ file, reason: 'not reviewed: its review request failed' }));
    const generated = Array.from({ length: 12 }, (_, i) => ({ file: `gen/f${i}.js`, reason: 'generated' }));
    const report = sampleReport({
      modelReview: 'failed',
      coverage: { reviewed: ['src/a.js', 'src/d.js', 'src/e.js'], skipped: [...generated, ...failedPart] },
    });
    const pretty = reporters.pretty(report, { color: false });
    const markdown = reporters.markdown(report, { color: false });
    for (const text of [pretty, markdown]) {
      expect(text).toContain('3 files reviewed, 2 not (their part of the model review failed), 12 skipped');
      expect(text).not.toContain('checked');
    }
    // Named first, so a shortened list still says them.
    expect(pretty).toContain(
      '  src/b.js (not reviewed: its review request failed)\n  src/c.js (not reviewed: its review request failed)\n  gen/f0.js',
    );
    expect(markdown).toContain('- `src/b.js` (not reviewed: its review request failed)');
    // Every part failed: nothing was reviewed, and that is what it says.
    const none = sampleReport({ modelReview: 'failed', coverage: { reviewed: [], skipped: failedPart } });
    expect(reporters.pretty(none, { color: false }).split('\n')[0]).toContain(
      '2 files checked, not reviewed (the model review did not complete)',
    );
  });

  it('a shortened list of files not reviewed says where the whole list is', () => {
    const skipped = Array.from({ length: 14 }, (_, i) => ({ file: `gen/f${i}.js`, reason: 'generated' }));
    const report = sampleReport({ coverage: { reviewed: ['a.js'], skipped } });
    expect(reporters.pretty(report, { color: false })).toContain(
      '…and 4 more (all listed in .git/review-hook/last-review.json, or run with --format json)',
    );
    expect(reporters.markdown(report, { color: false })).toContain(
      '…and 4 more (all listed in .git/review-hook/last-review.json, or run with --format json)',
    );
  });
});

describe('acknowledged findings and expired acknowledgements', () => {
  const acknowledgement = {
    reason: 'id is validated by the router',
    by: 'Ada <ada@example.com>',
    at: '2026-11-29T16:00:00Z',
    expires: '2027-02-27',
  };
  const report = sampleReport({
    verdict: 'allow',
    findings: [finding({ acknowledgement }), finding({ id: 'C2', line: 50, title: 'Other', acknowledgement: null })],
    expiredAcknowledgements: [
      'C2 src/db.ts:50 Other: acknowledged by Bo <bo@example.com> on 2025-01-01 ("later"), expired on 2025-06-01; it counts again',
    ],
  });
  const line = 'Acknowledged: id is validated by the router (by Ada <ada@example.com> on 2026-11-29, until 2027-02-27)';

  it('pretty: the reason under the acknowledged finding only, and a section for the expired ones', () => {
    const text = reporters.pretty(report, { color: false });
    expect(text).toContain(`  C1 src/db.ts:42  SQL built by string concatenation\n      ${line}\n      The user id`);
    expect(text.split(line)).toHaveLength(2);
    expectInOrder(text, ['Expired acknowledgements', '  - C2 src/db.ts:50 Other: acknowledged by Bo', 'expired on 2025-06-01']);
  });

  it('markdown: the same, as an emphasised line and a section', () => {
    const text = reporters.markdown(report, { color: false });
    // Inert like model text: the address's angle brackets are entities and its @ mentions no one.
    const inertLine = line.replace('<ada@example.com>', '&lt;ada@\u200bexample.com&gt;');
    expect(text).toContain(`- **C1** \`src/db.ts:42\` SQL built by string concatenation\n  _${inertLine}_\n`);
    expect(text).not.toContain('<ada@');
    expectInOrder(text, ['## Expired acknowledgements', '- C2 src/db.ts:50 Other: acknowledged by Bo']);
  });

  it('json: acknowledgement on every finding (null when none), expiredAcknowledgements only when some expired', () => {
    const parsed = JSON.parse(reporters.json(report, { color: false })) as {
      findings: Array<{ acknowledgement: unknown }>;
      expiredAcknowledgements?: string[];
    };
    expect(parsed.findings.map((f) => f.acknowledgement)).toEqual([acknowledgement, null]);
    expect(parsed.expiredAcknowledgements).toEqual(report.expiredAcknowledgements);
    const plain = JSON.parse(reporters.json(sampleReport(), { color: false })) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('expiredAcknowledgements');
  });
});

describe('a finding a checks allow-list entry accepted', () => {
  const allowed = finding({
    id: 'M1',
    severity: 'minor',
    file: 'test/fixtures/tokens.txt',
    line: 1,
    title: 'GitHub token',
    detail: 'A GitHub token is added on this line.',
    source: 'check:secrets',
    allowedByConfig: 'revoked token kept as a parser fixture',
  });
  const report = sampleReport({ verdict: 'allow', findings: [allowed, finding({ id: 'M2', severity: 'minor', title: 'Other' })] });
  const line = 'Allowed by checks.secrets.allow: revoked token kept as a parser fixture. It does not block the push.';

  it('pretty and markdown: the plain title tagged as allowed, and the entry and its reason under it, on that finding only', () => {
    const pretty = reporters.pretty(report, { color: false });
    expect(pretty).toContain(`  M1 test/fixtures/tokens.txt:1  GitHub token  [check:secrets]  (allowed by config)\n      ${line}\n`);
    expect(pretty.split('allowed by config')).toHaveLength(2);
    expect(pretty).not.toContain('Allowed by config:');
    const markdown = reporters.markdown(report, { color: false });
    expect(markdown).toContain(
      `- **M1** \`test/fixtures/tokens.txt:1\` GitHub token _[check:secrets]_ _(allowed by config)_\n  _${line}_\n`,
    );
    expect(markdown.split(line)).toHaveLength(2);
  });

  it('json: the plain title, allowedByConfig on that finding only, and the fingerprint it always had', () => {
    const parsed = JSON.parse(reporters.json(report, { color: false })) as { findings: Array<Record<string, unknown>> };
    expect(parsed.findings[0]).toMatchObject({ title: 'GitHub token', allowedByConfig: 'revoked token kept as a parser fixture' });
    expect(parsed.findings[1]).not.toHaveProperty('allowedByConfig');
    // The value this finding had when its title was "Allowed by config: GitHub token" (see fingerprint.test.ts).
    expect(parsed.findings[0]?.fingerprint).toBe('13dc976d7231d3c9');
  });

  it('github: a notice that carries the entry and its reason', () => {
    const [annotation] = reporters.github(report, { color: false }).split('\n');
    expect(annotation).toMatch(
      /^::notice file=test\/fixtures\/tokens\.txt,line=1,title=M1 GitHub token \[check%3Asecrets\] \(allowed by config\)::/,
    );
    expect(annotation).toContain(line);
  });

  it('gitlab: the entry and its reason in the description, and the fingerprint it always had', () => {
    const [issue] = JSON.parse(reporters.gitlab(report, { color: false })) as Array<{ description: string; fingerprint: string }>;
    expect(issue?.description).toBe(`M1 GitHub token — ${line} — A GitHub token is added on this line.`);
    expect(issue?.fingerprint).toBe('13dc976d7231d3c9');
  });

  it('sarif: suppressed by the entry, the reason in the message and properties, and the fingerprint it always had', () => {
    const sarif = JSON.parse(reporters.sarif(report, { color: false }));
    const [result, other] = sarif.runs[0].results;
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: line }]);
    expect(result.message.text).toBe(`GitHub token\n\nA GitHub token is added on this line.\n\n${line}`);
    expect(result.properties.allowedByConfig).toBe('revoked token kept as a parser fixture');
    expect(result.partialFingerprints['reviewHookFinding/v1']).toBe('13dc976d7231d3c9');
    expect(other).not.toHaveProperty('suppressions');
  });
});
