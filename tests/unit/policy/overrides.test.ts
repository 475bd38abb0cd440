import { describe, expect, it } from 'vitest';
import { findOverride, isSkip, reasonProblem, resolveOverride, type OverrideInput } from '../../../src/policy/overrides.js';
import type { Override } from '../../../src/domain/types.js';

const A = 'refs/heads/a';
const B = 'refs/heads/b';

function input(overrides: Partial<OverrideInput>): OverrideInput {
  return { env: {}, gitConfigAllow: null, trailers: [], blockingRefs: [A], ...overrides };
}

describe('isSkip', () => {
  it.each([
    [{ REVIEW_HOOK_SKIP: '1' }, true],
    [{ REVIEW_HOOK_SKIP: ' 1 ' }, true],
    [{ REVIEW_HOOK_SKIP: '0' }, false],
    [{ REVIEW_HOOK_SKIP: '' }, false],
    [{ REVIEW_HOOK_SKIP: 'true' }, false],
    [{}, false],
  ])('%j → %s', (env, expected) => {
    expect(isSkip(env)).toBe(expected);
  });
});

describe('findOverride: each source and precedence', () => {
  const cases: Array<{ name: string; input: OverrideInput; expected: Override | null }> = [
    { name: 'nothing set', input: input({}), expected: null },
    {
      name: 'env',
      input: input({ env: { REVIEW_HOOK_ALLOW: '  hotfix, reviewed by Ana ' } }),
      expected: { source: 'env', reason: 'hotfix, reviewed by Ana' },
    },
    {
      name: 'git config',
      input: input({ gitConfigAllow: 'false positive' }),
      expected: { source: 'git-config', reason: 'false positive' },
    },
    {
      name: 'trailer on the only ref',
      input: input({ trailers: [{ ref: A, reason: 'test fixture key' }] }),
      expected: { source: 'trailer', reason: 'test fixture key' },
    },
    {
      name: 'env wins over git config and trailer',
      input: input({
        env: { REVIEW_HOOK_ALLOW: 'from env' },
        gitConfigAllow: 'from config',
        trailers: [{ ref: A, reason: 'from trailer' }],
      }),
      expected: { source: 'env', reason: 'from env' },
    },
    {
      name: 'git config wins over trailer',
      input: input({ gitConfigAllow: 'from config', trailers: [{ ref: A, reason: 'from trailer' }] }),
      expected: { source: 'git-config', reason: 'from config' },
    },
    {
      name: 'empty env falls through to git config',
      input: input({ env: { REVIEW_HOOK_ALLOW: '' }, gitConfigAllow: 'from config' }),
      expected: { source: 'git-config', reason: 'from config' },
    },
    { name: 'empty env alone is no override', input: input({ env: { REVIEW_HOOK_ALLOW: '' } }), expected: null },
    { name: 'whitespace env is no override', input: input({ env: { REVIEW_HOOK_ALLOW: '   ' } }), expected: null },
    { name: 'REVIEW_HOOK_ALLOW=1 is not a reason', input: input({ env: { REVIEW_HOOK_ALLOW: '1' } }), expected: null },
    { name: '`git -c review-hook.allow push` (empty value) is no override', input: input({ gitConfigAllow: '' }), expected: null },
    { name: 'REVIEW_HOOK_SKIP is not an override here', input: input({ env: { REVIEW_HOOK_SKIP: '1' } }), expected: null },
    {
      name: 'trailers on every blocking ref, same reason',
      input: input({
        blockingRefs: [A, B],
        trailers: [
          { ref: A, reason: 'vendored' },
          { ref: B, reason: 'vendored' },
        ],
      }),
      expected: { source: 'trailer', reason: 'vendored' },
    },
    {
      name: 'trailers on every blocking ref, different reasons are kept per ref',
      input: input({
        blockingRefs: [A, B],
        trailers: [
          { ref: A, reason: 'one' },
          { ref: B, reason: 'two' },
        ],
      }),
      expected: { source: 'trailer', reason: `${A}: one; ${B}: two` },
    },
    {
      name: 'trailer on only some blocking refs does not override',
      input: input({
        blockingRefs: [A, B],
        trailers: [
          { ref: A, reason: 'vendored' },
          { ref: B, reason: null },
        ],
      }),
      expected: null,
    },
    {
      name: 'a trailer on a ref that is not blocking does not cover a blocking one',
      input: input({ blockingRefs: [A], trailers: [{ ref: B, reason: 'elsewhere' }] }),
      expected: null,
    },
    { name: 'an empty trailer value is no override', input: input({ trailers: [{ ref: A, reason: ' ' }] }), expected: null },
    {
      name: 'no blocking refs: trailers decide nothing',
      input: input({ blockingRefs: [], trailers: [{ ref: A, reason: 'x' }] }),
      expected: null,
    },
  ];

  it.each(cases)('$name', ({ input: given, expected }) => {
    expect(findOverride(given)).toEqual(expected);
  });
});

describe('resolveOverride: refused attempts are explained', () => {
  it('an empty REVIEW_HOOK_ALLOW is refused with a message showing how to give a reason', () => {
    const result = resolveOverride(input({ env: { REVIEW_HOOK_ALLOW: '' } }));
    expect(result.override).toBeNull();
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toContain('REVIEW_HOOK_ALLOW was ignored: the reason is empty');
    expect(result.refused[0]).toContain('REVIEW_HOOK_ALLOW="');
  });

  it('a refused env value is still reported when git config overrides', () => {
    const result = resolveOverride(input({ env: { REVIEW_HOOK_ALLOW: 'yes' }, gitConfigAllow: 'real reason' }));
    expect(result.override).toEqual({ source: 'git-config', reason: 'real reason' });
    expect(result.refused).toEqual([expect.stringContaining('"yes" is not a reason')]);
  });

  it('an empty git config value is refused', () => {
    const result = resolveOverride(input({ gitConfigAllow: '' }));
    expect(result.refused).toEqual([expect.stringContaining('git config review-hook.allow was ignored')]);
  });

  it('a trailer on some refs names the refs it does not cover', () => {
    const result = resolveOverride(input({ blockingRefs: [A, B], trailers: [{ ref: A, reason: 'ok' }] }));
    expect(result.override).toBeNull();
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toContain(`on ${A} does not cover ${B}`);
  });

  it('an empty trailer is refused by ref', () => {
    const result = resolveOverride(input({ trailers: [{ ref: A, reason: '' }] }));
    expect(result.refused).toEqual([`Review-Override trailer on ${A} was ignored: it has no reason`]);
  });

  it('nothing attempted, nothing refused', () => {
    expect(resolveOverride(input({}))).toEqual({ override: null, refused: [] });
  });
});

describe('reasonProblem', () => {
  it.each([
    ['', 'the reason is empty'],
    ['  ', 'the reason is empty'],
    ['true', '"true" is not a reason'],
    ['Y', '"Y" is not a reason'],
    ['yes, the key is a test fixture', null],
    ['1 test is flaky', null],
  ])('%j → %j', (value, expected) => {
    expect(reasonProblem(value)).toBe(expected);
  });
});

describe('resolveOverride: overrides that cannot outlive their reason', () => {
  it('a saved review-hook.allow is never an override, and says how to remove it from each scope', () => {
    const result = resolveOverride(input({ savedGitConfigAllow: [{ scope: 'local' }, { scope: 'global' }, { scope: 'local' }] }));
    expect(result.override).toBeNull();
    expect(result.refused).toEqual([
      'review-hook.allow is saved in the local git config and was ignored: it counts only when given for one push (git -c review-hook.allow="reason" push). Remove it with: git config --local --unset-all review-hook.allow',
      'review-hook.allow is saved in the global git config and was ignored: it counts only when given for one push (git -c review-hook.allow="reason" push). Remove it with: git config --global --unset-all review-hook.allow',
    ]);
  });

  it('a value given for this push still counts beside a saved one', () => {
    const result = resolveOverride(input({ gitConfigAllow: 'given now', savedGitConfigAllow: [{ scope: 'local' }] }));
    expect(result.override).toEqual({ source: 'git-config', reason: 'given now' });
    expect(result.refused).toHaveLength(1);
  });

  it('a stale trailer is refused with its reason and overrides nothing', () => {
    const result = resolveOverride(input({ trailers: [{ ref: A, reason: 'old reason', stale: 'it does not cover C2 x' }] }));
    expect(result.override).toBeNull();
    expect(result.refused).toEqual(['Review-Override trailer on refs/heads/a was ignored: it does not cover C2 x']);
  });
});
