import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderGithub } from '../../../src/report/github.js';
import { finding, sampleReport } from './sample-report.js';

describe('escaping for workflow commands', () => {
  it.each([
    ['plain', 'plain', 'plain'],
    ['50% done', '50%25 done', '50%25 done'],
    ['a\nb\r\nc', 'a%0Ab%0D%0Ac', 'a%0Ab%0D%0Ac'],
    ['src/a:b,c.ts', 'src/a:b,c.ts', 'src/a%3Ab%2Cc.ts'],
    ['%0A', '%250A', '%250A'],
  ])('%j → data %j, property %j', (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });
});

describe('renderGithub', () => {
  const lines = renderGithub(sampleReport(), { color: false, reasons: ['1 critical finding blocks'] })
    .trimEnd()
    .split('\n');

  it('puts each finding on its file and line with its severity as the command', () => {
    expect(lines[0]).toBe(
      '::error file=src/db.ts,line=42,title=C1 SQL built by string concatenation::The user id is pasted into the query.%0AUse a parameter.',
    );
    expect(lines[1]).toMatch(/^::error file=\.env\.test,line=1,title=C2 AWS key added \[check%3Asecrets\]::/);
    expect(lines[2]).toMatch(/^::warning file=src\/api\.ts,line=10,endLine=14,title=I1 Errors swallowed::/);
  });

  it('keeps an unverified location to the file, and a file-less finding without one', () => {
    expect(lines[3]).toMatch(/^::warning file=src\/ghost\.ts,title=I2 Cites a line that does not exist \(unverified location\)::/);
    expect(lines[4]).toMatch(/^::warning title=I3 Acceptance criterion 2 not implemented::/);
  });

  it('ends with one summary line per severity, the problems, and the verdict', () => {
    expect(lines).toContain('review-hook: Critical: 2 findings');
    expect(lines).toContain('review-hook: Important: 3 findings');
    expect(lines).toContain('review-hook: Minor: 0 findings');
    expect(lines).toContain('::warning title=review-hook::chunk 2 of 2 was retried after HTTP 429');
    expect(lines.at(-1)).toBe('review-hook: BLOCKED: 1 critical finding blocks');
  });

  it('never lets model text start a workflow command of its own', () => {
    const hostile = finding({ title: 'x::set-output name=a::b', detail: 'ok\n::add-mask::secret\n::stop-commands::tok' });
    const out = renderGithub(sampleReport({ findings: [hostile], errors: [] }), { color: false });
    const commands = out.split('\n').filter((l) => l.startsWith('::'));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(
      /^::error file=src\/db\.ts,line=42,title=C1 x%3A%3Aset-output name=a%3A%3Ab::ok%0A::add-mask::secret%0A::stop-commands::tok$/,
    );
  });
});
