// The most a planned review can cost, the limit that stops it, and how a dry run says so.
import { describe, expect, it } from 'vitest';
import { overBudget, upperBoundCostUSD, type PlannedSpend } from '../../../src/cost/estimate-cost.js';
import { renderDryRun } from '../../../src/pipeline/dry-run.js';
import type { DryRunPlan } from '../../../src/review/model-phase.js';

const spend: PlannedSpend = {
  model: 'gpt-4o-mini-2024-07-18',
  pricing: { 'gpt-4o-mini': { input: 0.15, output: 0.6 } },
  promptTokens: 100_000,
  requests: 4,
  maxOutputTokens: 4096,
};

describe('upperBoundCostUSD', () => {
  it('counts every prompt token and every answer at its full allowance', () => {
    expect(upperBoundCostUSD(spend)).toBeCloseTo((100_000 * 0.15 + 4 * 4096 * 0.6) / 1e6, 12);
  });
  it('is null without a price for the model', () => {
    expect(upperBoundCostUSD({ ...spend, model: 'llama3.1' })).toBeNull();
  });
});

describe('overBudget', () => {
  it.each<[string, PlannedSpend, number | null, RegExp | null]>([
    ['no limit', spend, null, null],
    ['within the limit', spend, 0.03, null],
    ['exactly at the limit', { ...spend, promptTokens: 0, requests: 1, maxOutputTokens: 1_000_000 }, 0.6, null],
    [
      'over the limit',
      spend,
      0.02,
      /^the review would cost up to \$0\.0248 \(100,000 prompt tokens in 4 requests, each answer up to 4,096 tokens\), over maxCostPerPush \(\$0\.02\); nothing was sent\. Raise maxCostPerPush, narrow the push \(fewer commits, or exclude files\), or review with --offline$/,
    ],
    [
      'a limit but no price',
      { ...spend, model: 'llama3.1' },
      1,
      /^maxCostPerPush is \$1\.00 but pricing has no price for llama3\.1, so the cost cannot be checked; nothing was sent\. Add pricing\."llama3\.1"/,
    ],
    ['a free local model', { ...spend, model: 'llama3.1', pricing: { 'llama3.1': { input: 0, output: 0 } } }, 0.01, null],
  ])('%s', (_name, planned, limit, expected) => {
    const reason = overBudget(planned, limit);
    if (expected === null) expect(reason).toBeNull();
    else expect(reason).toMatch(expected);
  });
});

describe('a dry run says what the review could cost', () => {
  const plan: DryRunPlan = {
    model: 'gpt-4o-mini',
    endpoint: 'https://api.openai.com/v1',
    tokens: 1200,
    maxOutputTokens: 4096,
    maxPromptTokens: 100_000,
    maxPushTokens: 200_000,
    requests: [{ files: ['src/a.js'], tokens: 1200, messages: [] }],
    reviewed: ['src/a.js'],
    skipped: [],
    reason: null,
    estimatedCostUSD: 0.00264,
    maxCostPerPush: null,
    cached: false,
    verification: { maxRequests: 2, maxOutputTokens: 2048, estimatedCostUSD: 0.0325 },
  };
  it.each<[string, Partial<DryRunPlan>, string]>([
    ['with a price', {}, 'estimated cost: up to $0.0026 (every answer at its full allowance; usually far less)\n'],
    [
      'with a limit',
      { maxCostPerPush: 0.5 },
      'estimated cost: up to $0.0026 (every answer at its full allowance; usually far less); maxCostPerPush $0.50\n',
    ],
    ['without a price', { estimatedCostUSD: null }, 'estimated cost: unknown, no price for gpt-4o-mini in pricing\n'],
    [
      'a cached review',
      { cached: true },
      'a review of exactly these changes is in the cache: the real run would reuse it and send nothing\n',
    ],
    [
      'the verification that may follow',
      {},
      'verification: up to 2 more requests if findings would block (one per reviewed file that has one, one for findings without a file), each up to maxPromptTokens (100,000) prompt tokens and 2,048 answer tokens; up to $0.03 more\n',
    ],
    [
      'verify off',
      { verification: { maxRequests: 0, maxOutputTokens: 0, estimatedCostUSD: null } },
      'verification: off (verify: "off"); no second requests\n',
    ],
  ])('%s', (_name, change, line) => {
    expect(renderDryRun({ plan: { ...plan, ...change }, printPrompt: false, format: 'pretty' })).toContain(line);
  });
  it('the JSON form carries the figures', () => {
    const json = JSON.parse(renderDryRun({ plan: { ...plan, cached: true }, printPrompt: false, format: 'json' }));
    expect(json).toMatchObject({
      estimatedCostUSD: 0.00264,
      maxCostPerPush: null,
      cached: true,
      verification: { maxRequests: 2, maxOutputTokens: 2048, estimatedCostUSD: 0.0325 },
    });
  });
});
