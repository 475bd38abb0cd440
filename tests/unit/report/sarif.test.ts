import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { insideRepository, renderSarif } from '../../../src/report/sarif.js';
import type { Finding, Report } from '../../../src/domain/types.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
// ajv-draft-04 is CommonJS (the SARIF schema is draft-04); require gives the class itself.
const Ajv = createRequire(import.meta.url)('ajv-draft-04') as typeof import('ajv-draft-04').default;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

const finding = (over: Partial<Finding>): Finding => ({
  id: 'C1',
  severity: 'critical',
  category: 'security',
  file: 'src/a b.ts',
  line: 3,
  endLine: 5,
  title: 'Injection',
  detail: 'Use parameters.',
  source: 'llm',
  located: true,
  ...over,
});

const report = (findings: Finding[]): Report => ({
  version: 1,
  verdict: 'block',
  override: null,
  ranges: [{ ref: 'refs/heads/main', base: 'a'.repeat(40), head: 'b'.repeat(40), commits: ['b'.repeat(40)] }],
  findings,
  strengths: [],
  requirements: [],
  coverage: { reviewed: ['src/a b.ts'], skipped: [] },
  usage: { requests: 1, promptTokens: 10, completionTokens: 5, cached: false, estimatedCostUSD: null },
  errors: [],
  summary: null,
  modelReview: 'done',
  task: [],
  plans: [],
});

describe('sarif reporter', () => {
  it('validates against the official SARIF 2.1.0 schema, with every kind of finding', () => {
    const out = renderSarif(
      report([
        finding({}),
        finding({ id: 'I1', severity: 'important', file: null, line: null, endLine: null, category: 'task' }),
        finding({ id: 'M1', severity: 'minor', line: null, endLine: null }),
        finding({ id: 'C2', source: 'check:secrets', line: 7, endLine: null, located: true }),
      ]),
      { color: false },
    );
    const sarif = JSON.parse(out);
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const results = sarif.runs[0].results;
    expect(results.map((r: { level: string }) => r.level)).toEqual(['error', 'warning', 'note', 'error']);
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'src/a%20b.ts' },
      region: { startLine: 3, endLine: 5 },
    });
    expect(results[1].locations).toEqual([]);
    expect(results[3].ruleId).toBe('check:secrets');
    expect(results[0].partialFingerprints['reviewHookFinding/v1']).toMatch(/^[0-9a-f]{16}$/);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['check:secrets', 'llm/security', 'llm/task']);
  });

  it('an empty review is a valid run with no results', () => {
    const sarif = JSON.parse(renderSarif(report([]), { color: false }));
    expect(validate(sarif)).toBe(true);
    expect(sarif.runs[0].results).toEqual([]);
  });

  it('an acknowledged finding is a result with an external suppression carrying the reason, and still validates', () => {
    const acknowledgement = {
      reason: 'id is validated by the router',
      by: 'Ada <ada@example.com>',
      at: '2026-11-29T16:00:00Z',
      expires: '2027-02-27',
    };
    const sarif = JSON.parse(
      renderSarif(report([finding({ acknowledgement }), finding({ id: 'C2', title: 'Other', acknowledgement: null })]), { color: false }),
    );
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results[0].suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'id is validated by the router' },
    ]);
    expect(sarif.runs[0].results[1]).not.toHaveProperty('suppressions');
  });

  it('a finding a checks allow-list accepted is suppressed by that entry, and still validates', () => {
    const allowed = finding({ severity: 'minor', source: 'check:secrets', title: 'GitHub token', allowedByConfig: 'a parser fixture' });
    const sarif = JSON.parse(renderSarif(report([allowed]), { color: false }));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs[0].results[0].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Allowed by checks.secrets.allow: a parser fixture. It does not block the push.',
      },
    ]);
  });
});

describe('sarif: paths outside the repository', () => {
  it.each([
    ['src/a.js', true],
    ['a/b/../c.js', false],
    ['../secrets.txt', false],
    ['/etc/passwd', false],
    ['C:\\Windows\\x.ini', false],
    ['file:///etc/passwd', false],
    ['\\\\server\\share', false],
  ])('%s inside: %s', (path, inside) => {
    expect(insideRepository(path)).toBe(inside);
  });

  it('a finding cited outside the repository has no location and is not located', () => {
    const out = JSON.parse(renderSarif(report([finding({ file: '../../etc/passwd', located: true })]), { color: false }));
    const result = out.runs[0].results[0];
    expect(result.locations).toEqual([]);
    expect(result.properties).toMatchObject({ located: false, citedOutsideRepository: '../../etc/passwd' });
  });
});
