// The model phase with the review cache and the cost limit, against the local model server.
import { statePaths } from '../../../src/state/paths.js';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';
import { collectChangeset } from '../../../src/git/changeset.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import { planModelReview, runModelPhase, type ModelPhaseInput } from '../../../src/review/model-phase.js';
import { CLEAN_REVIEW, useModelServer } from '../../helpers/fake-openai.js';
import { createRepo } from '../../helpers/git-repo.js';

const FINDING = {
  summary: 'One problem.',
  findings: [
    {
      severity: 'important',
      category: 'correctness',
      file: 'src/a.js',
      line: 2,
      endLine: null,
      quote: 'total - 1',
      title: 'Off by one',
      detail: 'd',
    },
  ],
  strengths: ['Small change'],
  requirements: [],
  verdict: 'ready_with_fixes',
};

const server = useModelServer({ review: FINDING, usage: { prompt_tokens: 1000, completion_tokens: 200 } });
const PRICING = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };

async function setup(
  config: Partial<ReviewConfig> = {},
  files: Record<string, string> = { 'src/a.js': 'export const total = 3;\nexport const last = total - 1;\n' },
): Promise<ModelPhaseInput> {
  const repo = createRepo();
  const base = repo.commit('initial', { 'README.md': '# demo\n' });
  const head = repo.commit('add a', files);
  const git = createGit(repo.dir, repo.env);
  const info = await openRepo(git);
  const full: ReviewConfig = { ...DEFAULTS, baseURL: server.url, maxRetries: 0, ...config };
  const changeset = await collectChangeset(git, info, [{ ref: 'refs/heads/main', base, head, commits: [head], notes: [] }], full);
  return { git, changeset, config: full, env: { OPENAI_API_KEY: 'sk-test' }, offline: false, commonDir: info.commonDir };
}

const entries = (input: ModelPhaseInput): string[] => {
  try {
    return readdirSync(statePaths(input.commonDir!).cache).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
};

describe('the review cache in the model phase', () => {
  it('a second review of the same changes sends nothing and gives the same review', async () => {
    const input = await setup({ pricing: PRICING });
    const first = await runModelPhase(input);
    expect(first).toMatchObject({ status: 'done', cached: false, usage: { requests: 1, promptTokens: 1000, completionTokens: 200 } });
    expect(first.estimatedCostUSD).toBeCloseTo((1000 * 0.15 + 200 * 0.6) / 1e6, 12);
    expect(entries(input)).toHaveLength(1);

    const second = await runModelPhase(input);
    expect(server.chatRequests()).toHaveLength(1);
    expect(second).toMatchObject({
      status: 'done',
      cached: true,
      estimatedCostUSD: 0,
      usage: { requests: 0, promptTokens: 0, completionTokens: 0 },
    });
    expect(second.findings).toEqual(first.findings);
    expect(second.findings[0]).toMatchObject({ file: 'src/a.js', line: 2, located: true, title: 'Off by one' });
    expect([second.summary, second.strengths, second.requirements]).toEqual([first.summary, first.strengths, first.requirements]);
  });

  it.each<[string, Partial<ModelPhaseInput>, Partial<ReviewConfig>]>([
    ['--no-cache', { noCache: true }, {}],
    ['cache.enabled false', {}, { cache: { enabled: false, maxAgeDays: 30, maxEntries: 200 } }],
  ])('%s neither reads nor writes it', async (_name, flags, config) => {
    const plain = await setup();
    await runModelPhase(plain);
    const input = { ...plain, ...flags, config: { ...plain.config, ...config } };
    const result = await runModelPhase(input);
    expect(result.cached).toBe(false);
    expect(server.chatRequests()).toHaveLength(2);
    const bypass = { ...(await setup()), ...flags };
    await runModelPhase({ ...bypass, config: { ...bypass.config, ...config } });
    expect(entries(bypass)).toEqual([]);
  });

  it('a failed review is not kept: the next run asks again', async () => {
    const input = await setup();
    server.reply({ status: 500, error: { message: 'down', type: 'server_error' } });
    expect((await runModelPhase(input)).status).toBe('failed');
    expect(entries(input)).toEqual([]);
    expect((await runModelPhase(input)).cached).toBe(false);
    expect(server.chatRequests()).toHaveLength(2);
  });

  it('a partial review (one part failed) is not kept', async () => {
    const files: Record<string, string> = {};
    for (let n = 0; n < 6; n++)
      files[`src/m${n}.js`] =
        Array.from({ length: 40 }, (_, i) => `export const v${n}_${i} = ${i} * ${n}; // module ${n}`).join('\n') + '\n';
    const input = await setup({ maxPromptTokens: 1500, concurrency: 1 }, files);
    server.reply({ review: CLEAN_REVIEW }, { status: 500, error: { message: 'down', type: 'server_error' } });
    const partial = await runModelPhase(input);
    expect(partial.status).toBe('failed');
    // One part answered, so this is the partial case, not a review that failed whole.
    expect(partial.reason).toMatch(/\d+ of \d+ requests failed/);
    expect(entries(input)).toEqual([]);
  });

  it('a damaged entry is a miss: the review is asked again and the entry rewritten whole', async () => {
    const input = await setup();
    await runModelPhase(input);
    const [name] = entries(input);
    writeFileSync(join(statePaths(input.commonDir!).cache, name!), '{"format":1,"key":"');
    const again = await runModelPhase(input);
    expect(again).toMatchObject({ status: 'done', cached: false });
    expect(server.chatRequests()).toHaveLength(2);
    expect(JSON.parse(readFileSync(join(statePaths(input.commonDir!).cache, name!), 'utf8')).value.answers).toHaveLength(1);
  });
});

describe('maxCostPerPush', () => {
  it('stops a review that could cost more before anything is sent, and says what it would cost', async () => {
    const input = await setup({ pricing: PRICING, maxCostPerPush: 0.001 });
    const result = await runModelPhase(input);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(
      /^the review would cost up to \$0\.00\d\d \([\d,]+ prompt tokens in 1 request, each answer up to 4,096 tokens\), over maxCostPerPush \(\$0\.0010\); nothing was sent/,
    );
    expect(result.reason).toContain('Raise maxCostPerPush, narrow the push');
    expect(server.requests).toHaveLength(0);
  });

  it('lets a review within the limit through', async () => {
    const result = await runModelPhase(await setup({ pricing: PRICING, maxCostPerPush: 0.05 }));
    expect(result.status).toBe('done');
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('cannot check a limit without a price for the model: nothing is sent, and the reason says how to fix it', async () => {
    const result = await runModelPhase(await setup({ maxCostPerPush: 1 }));
    expect(result.status).toBe('failed');
    expect(result.reason).toContain('pricing has no price for gpt-4o-mini');
    expect(result.reason).toContain('set maxCostPerPush to null');
    expect(server.requests).toHaveLength(0);
  });

  it('a cached review is shown whatever the limit: it costs nothing', async () => {
    const input = await setup({ pricing: PRICING });
    await runModelPhase(input);
    const result = await runModelPhase({ ...input, config: { ...input.config, maxCostPerPush: 0.0001 } });
    expect(result).toMatchObject({ status: 'done', cached: true });
    expect(server.chatRequests()).toHaveLength(1);
  });
});

describe('a dry run', () => {
  it('shows the most the review could cost, and whether it is cached', async () => {
    const input = await setup({ pricing: PRICING, maxCostPerPush: 0.001 });
    const { dryRun: plan } = await planModelReview({ ...input });
    expect(plan!.estimatedCostUSD).toBeCloseTo((plan!.tokens * 0.15 + 4096 * 0.6) / 1e6, 12);
    expect(plan!.cached).toBe(false);
    expect(plan!.reason).toMatch(/over maxCostPerPush/);

    await runModelPhase({ ...input, config: { ...input.config, maxCostPerPush: null } });
    const after = (await planModelReview({ ...input })).dryRun;
    expect(after.cached).toBe(true);
    // Reused, so the limit would not stop it.
    expect(after.reason).toBeNull();
    expect(server.chatRequests()).toHaveLength(1);
  });

  it('says the cost is unknown without a price', async () => {
    const { dryRun: plan } = await planModelReview({ ...(await setup()) });
    expect(plan!.estimatedCostUSD).toBeNull();
  });
});
