import { describe, expect, it } from 'vitest';
import { decide, type DecideInput } from '../../../src/policy/decide.js';
import type { BlockOn, Finding, Severity } from '../../../src/domain/types.js';

function finding(severity: Severity, overrides: Partial<Finding> = {}): Finding {
  return {
    id: `${severity[0]?.toUpperCase()}1`,
    severity,
    category: 'correctness',
    file: 'src/a.ts',
    line: 3,
    endLine: null,
    title: `${severity} thing`,
    detail: 'detail',
    source: 'llm',
    located: true,
    ...overrides,
  };
}

function input(overrides: Partial<DecideInput>): DecideInput {
  return { findings: [], blockOn: 'critical', onError: 'allow', modelStatus: 'done', modelError: null, ...overrides };
}

const oneOfEach = [finding('critical'), finding('important'), finding('minor')];

describe('decide: blockOn thresholds', () => {
  const cases: Array<{ blockOn: BlockOn; blocking: Severity[] }> = [
    { blockOn: 'critical', blocking: ['critical'] },
    { blockOn: 'important', blocking: ['critical', 'important'] },
    { blockOn: 'minor', blocking: ['critical', 'important', 'minor'] },
    { blockOn: 'never', blocking: [] },
  ];
  it.each(cases)('blockOn $blockOn blocks on $blocking', ({ blockOn, blocking }) => {
    const decision = decide(input({ findings: oneOfEach, blockOn }));
    expect(decision.blocking.map((f) => f.severity)).toEqual(blocking);
    expect(decision.verdict).toBe(blocking.length > 0 ? 'block' : 'allow');
  });

  it('allows when findings are below the threshold, with no reasons', () => {
    const decision = decide(input({ findings: [finding('important'), finding('minor')] }));
    expect(decision).toEqual({ verdict: 'allow', blocking: [], reasons: [] });
  });

  it('counts blocking findings by severity in the reason', () => {
    const decision = decide(input({ findings: [finding('critical'), finding('critical'), finding('important')], blockOn: 'important' }));
    expect(decision.reasons).toEqual(['2 critical findings and 1 important finding']);
  });

  it('says "1 critical finding" in the singular', () => {
    expect(decide(input({ findings: [finding('critical')] })).reasons).toEqual(['1 critical finding']);
  });
});

describe('decide: located findings', () => {
  it('an unlocated critical finding does not block on its own, and says so', () => {
    const decision = decide(input({ findings: [finding('critical', { located: false, line: 999 })] }));
    expect(decision.verdict).toBe('allow');
    expect(decision.blocking).toEqual([]);
    expect(decision.reasons).toEqual(['1 critical finding does not block: its location is not in the reviewed change']);
  });

  it('an unlocated finding beside a located one: only the located one blocks', () => {
    const located = finding('critical', { title: 'real' });
    const decision = decide(input({ findings: [finding('critical', { located: false, title: 'ghost' }), located] }));
    expect(decision.verdict).toBe('block');
    expect(decision.blocking).toEqual([located]);
    expect(decision.reasons[0]).toBe('1 critical finding');
  });

  it('a finding without a file always counts as located', () => {
    const taskLevel = finding('critical', { file: null, line: null, located: false, category: 'task' });
    const decision = decide(input({ findings: [taskLevel] }));
    expect(decision.verdict).toBe('block');
    expect(decision.blocking).toEqual([taskLevel]);
  });

  it('unlocated findings below the threshold are not mentioned', () => {
    const decision = decide(input({ findings: [finding('minor', { located: false })] }));
    expect(decision.reasons).toEqual([]);
  });

  it('blockOn never ignores even file-less critical findings', () => {
    const decision = decide(input({ findings: [finding('critical', { file: null })], blockOn: 'never' }));
    expect(decision.verdict).toBe('allow');
  });
});

describe('decide: model review failures', () => {
  it('onError block blocks and names the cause', () => {
    const decision = decide(input({ modelStatus: 'failed', modelError: 'timed out after 120s', onError: 'block' }));
    expect(decision.verdict).toBe('block');
    expect(decision.blocking).toEqual([]);
    expect(decision.reasons).toEqual([
      'the model review could not complete (timed out after 120s), so there are no findings to fix; onError is block, so the push stops until the review can run',
    ]);
  });

  it('onError allow allows with a warning that names the cause', () => {
    const decision = decide(input({ modelStatus: 'failed', modelError: '401 invalid API key', onError: 'allow' }));
    expect(decision.verdict).toBe('allow');
    expect(decision.reasons).toHaveLength(1);
    expect(decision.reasons[0]).toMatch(/^warning: the model review could not complete \(401 invalid API key\)/);
    expect(decision.reasons[0]).toContain('not fully reviewed');
  });

  it('a failure without a message still says the cause is unknown', () => {
    const decision = decide(input({ modelStatus: 'failed', modelError: null, onError: 'block' }));
    expect(decision.reasons[0]).toContain('(cause unknown)');
  });

  it('onError block applies even with blockOn never: it is about the review not running', () => {
    const decision = decide(input({ modelStatus: 'failed', modelError: 'ECONNREFUSED', onError: 'block', blockOn: 'never' }));
    expect(decision.verdict).toBe('block');
  });

  it('check findings still block when the model failed and onError is allow', () => {
    const secret = finding('critical', { source: 'check:secrets' });
    const decision = decide(input({ findings: [secret], modelStatus: 'failed', modelError: 'HTTP 500', onError: 'allow' }));
    expect(decision.verdict).toBe('block');
    expect(decision.reasons).toHaveLength(2);
    expect(decision.reasons[0]).toBe('1 critical finding');
  });

  it.each(['done', 'skipped', 'not-needed'] as const)('modelStatus %s with onError block does not block by itself', (modelStatus) => {
    const decision = decide(input({ modelStatus, onError: 'block', modelError: 'stale message' }));
    expect(decision).toEqual({ verdict: 'allow', blocking: [], reasons: [] });
  });
});
