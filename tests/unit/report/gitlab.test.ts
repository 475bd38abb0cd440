import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/findings/fingerprint.js';
import { renderGitlab } from '../../../src/report/gitlab.js';
import { formatLocation } from '../../../src/report/format.js';
import { finding, sampleReport } from './sample-report.js';

type Issue = {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
};
const parse = (text: string) => JSON.parse(text) as Issue[];

describe('renderGitlab', () => {
  const issues = parse(renderGitlab(sampleReport(), { color: false }));

  it("gives every finding GitLab's documented fields", () => {
    expect(issues).toHaveLength(5);
    expect(issues[0]).toEqual({
      type: 'issue',
      description: 'C1 SQL built by string concatenation — The user id is pasted into the query. Use a parameter.',
      check_name: 'review-hook/security',
      fingerprint: fingerprintOf(finding({})),
      severity: 'critical',
      location: { path: 'src/db.ts', lines: { begin: 42 } },
    });
    expect(issues.map((i) => i.severity)).toEqual(['critical', 'critical', 'major', 'major', 'major']);
    expect(issues[1]!.check_name).toBe('review-hook/check:secrets');
  });

  it('puts unverified lines at line 1, and a finding with no file on "(no file)", never on a file of the repository', () => {
    expect(issues[3]!.location).toEqual({ path: 'src/ghost.ts', lines: { begin: 1 } });
    expect(issues[4]!.location).toEqual({ path: '(no file)', lines: { begin: 1 } });
    // The pretty and Markdown reports say the same words for it.
    expect(formatLocation(sampleReport().findings[4]!)).toBe('(no file)');
  });

  it('fingerprints are unique, and stable when a finding moves or is renumbered', () => {
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    const moved = parse(renderGitlab(sampleReport({ findings: [finding({ id: 'C7', line: 90 })] }), { color: false }));
    expect(moved[0]!.fingerprint).toBe(issues[0]!.fingerprint);
    const twice = parse(renderGitlab(sampleReport({ findings: [finding({}), finding({ id: 'C2', line: 50 })] }), { color: false }));
    expect(twice.map((i) => i.fingerprint)).toEqual([issues[0]!.fingerprint, `${issues[0]!.fingerprint}-2`]);
  });
});
