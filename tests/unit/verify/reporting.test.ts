// How verification shows in every report format and in the verdict: a rejected finding is listed
// under "Not confirmed" with its reason and never blocks; an unverified one blocks and says why.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/policy/decide.js';
import { renderJson } from '../../../src/report/json.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderPretty } from '../../../src/report/pretty.js';
import { renderSarif } from '../../../src/report/sarif.js';
import { finding, sampleReport } from '../report/sample-report.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
const Ajv = createRequire(import.meta.url)('ajv-draft-04') as typeof import('ajv-draft-04').default;
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

const rejected = finding({
  id: 'C1',
  title: 'SQL built by string concatenation',
  verification: { status: 'rejected', reason: 'the id is parsed as an integer on line 40' },
});
const confirmed = finding({
  id: 'C2',
  file: 'src/exec.ts',
  line: 7,
  title: 'Shell command from user input',
  verification: { status: 'confirmed', reason: 'argv comes straight from the request' },
});
const unverified = finding({
  id: 'C3',
  file: 'src/io.ts',
  line: 3,
  title: 'File handle leaked',
  verification: { status: 'unverified', reason: 'the verification request timed out after 120s' },
});
const report = sampleReport({ findings: [rejected, confirmed, unverified], verdict: 'block', errors: [] });

describe('verification in the reports', () => {
  it('pretty: rejected findings leave the Critical section for "Not confirmed" with the reason', () => {
    const text = renderPretty(report, { color: false });
    const critical = text.slice(text.indexOf('Critical ('), text.indexOf('Not confirmed ('));
    expect(text).toContain('Critical (2)');
    expect(critical).not.toContain('SQL built by string concatenation');
    expect(critical).toContain('Shell command from user input  (confirmed)');
    expect(critical).toContain('Confirmed: argv comes straight from the request');
    expect(critical).toContain('File handle leaked  (not confirmed: verification could not complete)');
    expect(critical).toContain('Not confirmed, still blocking: the verification request timed out after 120s');
    const section = text.slice(text.indexOf('Not confirmed ('));
    expect(section).toMatch(
      /^Not confirmed \(1\): verification rejected these; they do not block\n {2}C1 critical src\/db\.ts:42 {2}SQL built by string concatenation/,
    );
    expect(section).toContain('Not confirmed: the id is parsed as an integer on line 40');
  });

  it('markdown: a "Not confirmed" heading with the reason; unverified findings say so', () => {
    const text = renderMarkdown(report, { color: false });
    expect(text).toContain('## Critical (2)');
    expect(text).toContain('## Not confirmed (1)');
    const section = text.slice(text.indexOf('## Not confirmed'));
    expect(section).toContain('- **C1** critical `src/db.ts:42` SQL built by string concatenation');
    expect(section).toContain('**Not confirmed:** the id is parsed as an integer on line 40');
    expect(text.slice(0, text.indexOf('## Not confirmed'))).not.toContain('SQL built by string concatenation');
    expect(text).toContain('**Not confirmed, still blocking:** the verification request timed out after 120s');
  });

  it('json: every finding carries verification (null when none was asked)', () => {
    const json = JSON.parse(
      renderJson(sampleReport({ findings: [rejected, unverified, finding({ id: 'I1', severity: 'important' })] }), { color: false }),
    );
    expect(json.findings.map((f: { verification: unknown }) => f.verification)).toEqual([
      { status: 'rejected', reason: 'the id is parsed as an integer on line 40' },
      { status: 'unverified', reason: 'the verification request timed out after 120s' },
      null,
    ]);
  });

  it('sarif: a rejected finding is a suppressed result with its reason; the run stays schema-valid', () => {
    const sarif = JSON.parse(renderSarif(report, { color: false }));
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const [first, second, third] = sarif.runs[0].results;
    expect(first.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Not confirmed: the id is parsed as an integer on line 40' },
    ]);
    expect(first.message.text).toContain('Not confirmed: the id is parsed as an integer on line 40');
    expect(first.properties.verification).toEqual({ status: 'rejected', reason: 'the id is parsed as an integer on line 40' });
    expect(second.suppressions).toBeUndefined();
    expect(third.message.text).toContain('Not confirmed, still blocking: the verification request timed out after 120s');
  });
});

describe('decide with verification', () => {
  const base = { blockOn: 'critical' as const, onError: 'allow' as const, modelStatus: 'done' as const, modelError: null };

  it('a rejected critical does not block, and the reason says verification did not confirm it', () => {
    const decision = decide({ ...base, findings: [rejected] });
    expect(decision.verdict).toBe('allow');
    expect(decision.blocking).toEqual([]);
    expect(decision.reasons).toEqual(['1 critical finding does not block: verification did not confirm it (see Not confirmed)']);
  });

  it('confirmed and unverified criticals block; the unverified one is named as not confirmed', () => {
    const decision = decide({ ...base, findings: [rejected, confirmed, unverified] });
    expect(decision.verdict).toBe('block');
    expect(decision.blocking.map((f) => f.id)).toEqual(['C2', 'C3']);
    expect(decision.reasons[0]).toBe('2 critical findings (1 not confirmed: verification could not complete)');
  });
});
