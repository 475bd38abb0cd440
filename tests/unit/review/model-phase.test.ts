// The model phase against the local model server: several requests merged into one review, partial
// and total failures, the deadline, what an endpoint accepts remembered between runs, dry runs.
import { statePaths } from '../../../src/state/paths.js';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/schema.js';
import type { ReviewConfig } from '../../../src/config/types.js';
import { collectChangeset } from '../../../src/git/changeset.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import { contextWindow } from '../../../src/prompt/tokens.js';
import { planModelReview, runModelPhase, type ModelPhaseInput } from '../../../src/review/model-phase.js';
import { derivePromptBudget } from '../../../src/providers/request-budget.js';
import { CLEAN_REVIEW, useModelServer, type RecordedRequest } from '../../helpers/fake-openai.js';
import { eventually, manualTimers } from '../../helpers/manual-timers.js';
import { createRepo, type TestRepo } from '../../helpers/git-repo.js';

const server = useModelServer();

/** 12 files of 40 lines, so a small maxPromptTokens needs several requests. */
function moduleText(n: number): string {
  return (
    Array.from({ length: 40 }, (_, i) => `export const value_${n}_${i + 1} = compute(${n}, ${i + 1}); // module ${n}`).join('\n') + '\n'
  );
}

async function setup(config: Partial<ReviewConfig> = {}): Promise<{ repo: TestRepo; input: ModelPhaseInput }> {
  const repo = createRepo();
  repo.commit('initial', { 'README.md': '# demo\n' });
  const base = repo.head();
  const files: Record<string, string> = {};
  for (let n = 0; n < 12; n++) files[`src/mod-${String(n).padStart(2, '0')}.js`] = moduleText(n);
  const head = repo.commit('add modules', files);
  const git = createGit(repo.dir, repo.env);
  const info = await openRepo(git);
  const full: ReviewConfig = { ...DEFAULTS, baseURL: server.url, maxPromptTokens: 2500, maxRetries: 0, ...config };
  const changeset = await collectChangeset(git, info, [{ ref: 'refs/heads/main', base, head, commits: [head], notes: [] }], full);
  return {
    repo,
    input: { git, changeset, config: full, env: { OPENAI_API_KEY: 'sk-test' }, offline: false, commonDir: info.commonDir },
  };
}

function userPrompt(request: RecordedRequest): string {
  return (request.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'user')!.content;
}

/** The files a request's diff holds. */
function filesIn(request: RecordedRequest): string[] {
  return [...userPrompt(request).matchAll(/^=== (\S+)/gm)].map((m) => m[1]!);
}

/** A review citing the first file of the request at line 5, plus a file-less finding every part repeats. */
function reviewFor(request: RecordedRequest) {
  const file = filesIn(request)[0]!;
  return {
    review: {
      summary: `Reviewed ${file}.`,
      findings: [
        {
          severity: 'important',
          category: 'correctness',
          file,
          line: 5,
          endLine: null,
          quote: null,
          title: `Unchecked result in ${file}`,
          detail: 'd',
        },
        {
          severity: 'minor',
          category: 'testing',
          file: null,
          line: null,
          endLine: null,
          quote: null,
          title: 'Missing tests for the modules',
          detail: 'd',
        },
      ],
      strengths: ['Consistent naming'],
      requirements: [],
      verdict: 'ready_with_fixes',
    },
    usage: { prompt_tokens: 1000, completion_tokens: 100 },
  };
}

describe('runModelPhase with several requests', () => {
  it('reviews every file once, merges the answers and sums the usage', async () => {
    const { input } = await setup();
    server.setDefault((request) => reviewFor(request));

    const result = await runModelPhase(input);

    const requests = server.chatRequests();
    expect(requests.length).toBeGreaterThan(2);
    expect(result.status).toBe('done');
    const sentFiles = requests.flatMap(filesIn).sort();
    expect(sentFiles).toEqual(input.changeset.files.map((f) => f.path).sort());
    // One finding per request, and the repeated file-less one once.
    expect(result.findings.filter((f) => f.file !== null)).toHaveLength(requests.length);
    expect(result.findings.filter((f) => f.file === null).map((f) => f.title)).toEqual(['Missing tests for the modules']);
    expect(result.findings.every((f) => f.located)).toBe(true);
    expect(result.strengths).toEqual(['Consistent naming']);
    expect(result.usage).toEqual({
      requests: requests.length,
      promptTokens: 1000 * requests.length,
      completionTokens: 100 * requests.length,
    });
    expect(result.summary).toMatch(/^Part 1 of \d+: Reviewed src\/mod-00\.js\./);
    expect(result.skipped).toEqual([]);
  });

  it('a part that answers garbage twice fails the review, keeps the other parts, and names its files', async () => {
    const { input } = await setup({ concurrency: 1 });
    let count = 0;
    server.setDefault((request) => (++count <= 2 ? { content: 'I cannot help with that today.' } : reviewFor(request)));

    const result = await runModelPhase(input);

    const requests = server.chatRequests();
    // The first part was asked twice (one repair), then every other part once.
    const parts = new Set(requests.map((r) => filesIn(r).join(','))).size;
    expect(requests).toHaveLength(parts + 1);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(new RegExp(`^the model review could not complete: 1 of ${parts} requests failed \\(unusable answer`));
    expect(result.reason).toMatch(/not reviewed by the model/);
    const failedFiles = filesIn(requests[0]!);
    expect(result.skipped).toEqual(failedFiles.map((file) => ({ file, reason: 'not reviewed: its review request failed' })));
    expect(result.findings.some((f) => f.file === filesIn(requests[2]!)[0])).toBe(true);
    expect(result.usage.requests).toBe(requests.length);
  });

  it('stops sending after a failure every request would meet (401), and fails the review', async () => {
    const { input } = await setup({ concurrency: 2 });
    server.setDefault({ status: 401 });
    const result = await runModelPhase(input);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/none of the \d+ requests was answered \(authentication failed \(401\)/);
    expect(server.chatRequests().length).toBeLessThanOrEqual(2);
  });

  it('keeps the whole phase within timeoutSeconds, however many requests there are', async () => {
    // 30 s on the manual clock; on the wall clock the test gives up long before (its timeout below).
    const { input } = await setup({ concurrency: 2, timeoutSeconds: 30 });
    server.setDefault({ delayMs: 60_000 });
    const timers = manualTimers();
    const phase = runModelPhase({ ...input, timers });
    await eventually(() => server.chatRequests().length === 2, 'both lanes sent a request');
    // The server never answers: only the phase's clock reaching timeoutSeconds can end it.
    timers.advance(29_000);
    expect(server.chatRequests()).toHaveLength(2);
    timers.advance(1000);
    const result = await phase;
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/timed out after 30s waiting for the model/);
    // No request was started once the time was up.
    expect(server.chatRequests()).toHaveLength(2);
    expect(timers.pending()).toBe(0);
  }, 10_000);
});

describe('what an endpoint accepts is remembered', () => {
  // Each run here must reach the server: the same review twice would otherwise come from the cache.
  it('a server that rejects json_schema is asked with json_object from the next run on', async () => {
    const { input } = await setup({ maxPromptTokens: 50_000, cache: { enabled: false, maxAgeDays: 30, maxEntries: 200 } });
    server.setDefault((request) =>
      request.body.response_format?.type === 'json_schema'
        ? {
            status: 400,
            error: {
              message: "response_format 'json_schema' is not supported",
              type: 'invalid_request_error',
              param: 'response_format',
              code: null,
            },
          }
        : { review: CLEAN_REVIEW },
    );

    expect((await runModelPhase(input)).status).toBe('done');
    expect(server.chatRequests().map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object']);
    const saved = JSON.parse(readFileSync(statePaths(input.commonDir!).endpoints, 'utf8'));
    expect(Object.values(saved.endpoints)).toEqual([expect.objectContaining({ mode: 'json_object' })]);
    expect(Object.keys(saved.endpoints)[0]).toBe(`${server.url} gpt-4o-mini`);

    server.requests.length = 0;
    expect((await runModelPhase(input)).status).toBe('done');
    expect(server.chatRequests().map((r) => r.body.response_format?.type)).toEqual(['json_object']);
  });

  it('remembers nothing when the request as configured works, or when nothing was answered', async () => {
    const { input } = await setup({ maxPromptTokens: 50_000, cache: { enabled: false, maxAgeDays: 30, maxEntries: 200 } });
    await runModelPhase(input);
    expect(existsSync(statePaths(input.commonDir!).endpoints)).toBe(false);
    server.setDefault({ status: 400, error: { message: 'bad request', type: 'invalid_request_error' } });
    expect((await runModelPhase(input)).status).toBe('failed');
    expect(existsSync(statePaths(input.commonDir!).endpoints)).toBe(false);
  });
});

describe('planModelReview (what a dry run prints)', () => {
  it('plans and counts every request and sends nothing', async () => {
    const { input } = await setup();
    const result = await planModelReview({ ...input });
    expect(server.requests).toHaveLength(0);
    expect(result.settled).toBeNull();
    const plan = result.dryRun;
    expect(plan.requests.length).toBeGreaterThan(2);
    expect(plan.tokens).toBe(plan.requests.reduce((sum, r) => sum + r.tokens, 0));
    for (const request of plan.requests) expect(request.tokens).toBeLessThanOrEqual(2500);
    expect(plan.reviewed).toHaveLength(12);
    expect(plan.endpoint).toBe(server.url);
  });

  it('plans even without a key, and says the real run would not send', async () => {
    const { input } = await setup({ baseURL: null });
    const result = await planModelReview({ ...input, env: {} });
    expect(result.dryRun.requests.length).toBeGreaterThan(0);
    expect(result.dryRun.reason).toMatch(/no API key/);
    expect(server.requests).toHaveLength(0);
  });

  it('for a real run without a key plans nothing: the review fails at once, as it always did, and no request is counted', async () => {
    const { input } = await setup({ baseURL: null });
    const plan = await planModelReview({ ...input, env: {} }, 'send');
    expect(plan.settled?.status).toBe('failed');
    expect(plan.settled?.reason).toMatch(/no API key/);
    expect(plan.requests).toEqual([]);
    expect(plan.noKey).toMatch(/no API key/);
    expect(server.requests).toHaveLength(0);
  });

  it('derives maxPromptTokens from the model when it is not set', async () => {
    const { input } = await setup({ maxPromptTokens: null });
    const result = await planModelReview({ ...input });
    expect(result.dryRun.maxPromptTokens).toBe(derivePromptBudget(await contextWindow('gpt-4o-mini'), 4096));
    expect(result.dryRun.requests).toHaveLength(1);
  });

  it('puts the previous round in the prompt when the task stage gives one', async () => {
    const { input } = await setup({ maxPromptTokens: 50_000 });
    const result = await planModelReview({ ...input, task: { previousRound: '- C1 src/mod-00.js:3 SQL built from input' } });
    const user = result.dryRun.requests[0]!.messages[1]!.content;
    expect(user).toContain("## Previous Round's Findings");
    expect(user).toContain('- C1 src/mod-00.js:3 SQL built from input');
    expect(user.indexOf('## Requirements/Plan')).toBeLessThan(user.indexOf("## Previous Round's Findings"));
    expect(user.indexOf("## Previous Round's Findings")).toBeLessThan(user.indexOf('## Code Changes to Review'));
    const without = (await planModelReview({ ...input })).dryRun.requests[0]!.messages[1]!.content;
    expect(without).not.toContain('Previous Round');
  });
});

describe('locating findings through the phase', () => {
  it('moves a finding to the line its quote is on', async () => {
    const { input } = await setup({ maxPromptTokens: 50_000 });
    server.reply({
      review: {
        ...CLEAN_REVIEW,
        findings: [
          {
            severity: 'critical',
            category: 'correctness',
            file: 'src/mod-03.js',
            line: 2,
            endLine: null,
            quote: 'export const value_3_17 = compute(3, 17);',
            title: 'Wrong value',
            detail: 'd',
          },
        ],
      },
    });
    const result = await runModelPhase(input);
    expect(result.findings).toEqual([expect.objectContaining({ file: 'src/mod-03.js', line: 17, located: true })]);
    expect(result.findings[0]).not.toHaveProperty('quote');
  });
});
