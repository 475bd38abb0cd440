import { describe, expect, it } from 'vitest';
import { missingRequirementFindings } from '../../../src/findings/missing-requirements.js';
import type { RequirementResult } from '../../../src/domain/types.js';

const req = (requirement: string, status: RequirementResult['status'], evidence = ''): RequirementResult => ({
  requirement,
  status,
  evidence,
});
const task = (title: string, detail = '') => ({ category: 'task' as const, title, detail });

describe('missingRequirementFindings', () => {
  const cases: Array<{
    name: string;
    requirements: RequirementResult[];
    findings: Array<{ category: 'task' | 'security'; title: string; detail: string }>;
    titles: string[];
  }> = [
    { name: 'no requirements', requirements: [], findings: [], titles: [] },
    {
      name: 'met, partial and unclear make no finding',
      requirements: [req('A', 'met'), req('B', 'partial'), req('C', 'unclear')],
      findings: [],
      titles: [],
    },
    {
      name: 'a missing requirement becomes a task finding',
      requirements: [req('Users can reset their password', 'missing')],
      findings: [],
      titles: ['Missing requirement: Users can reset their password'],
    },
    {
      name: 'not when a task finding already covers it',
      requirements: [req('Users can reset their password', 'missing')],
      findings: [task('Password reset flow not implemented', 'No route lets users reset a password.')],
      titles: [],
    },
    {
      name: 'a finding of another category does not cover it',
      requirements: [req('Users can reset their password', 'missing')],
      findings: [{ category: 'security', title: 'Users can reset their password without a token', detail: '' }],
      titles: ['Missing requirement: Users can reset their password'],
    },
    {
      name: 'an unrelated task finding does not cover it',
      requirements: [req('Rate limiting on login', 'missing'), req('Audit trail', 'missing')],
      findings: [task('Audit trail entries lack the user id')],
      titles: ['Missing requirement: Rate limiting on login'],
    },
    { name: 'blank requirement text is ignored', requirements: [req('  ', 'missing')], findings: [], titles: [] },
  ];
  for (const c of cases) {
    it(c.name, () => expect(missingRequirementFindings(c.requirements, c.findings).map((f) => f.title)).toEqual(c.titles));
  }

  it('the finding is important, category task, without a location, and carries the evidence', () => {
    const [finding] = missingRequirementFindings([req('Audit\ntrail', 'missing', 'nothing writes audit.log')], []);
    expect(finding).toEqual({
      id: '',
      severity: 'important',
      category: 'task',
      file: null,
      line: null,
      endLine: null,
      title: 'Missing requirement: Audit trail',
      detail: 'nothing writes audit.log',
      source: 'llm',
      located: true,
    });
  });
});
