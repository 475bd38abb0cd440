// A review you can trust at any size, through real pushes: a push of 60 files
// and one of 1,500 lines split into requests that each fit the budget, the push budget, requests
// running in parallel, dry runs that send nothing, servers that cannot do structured output and
// answer in drifting Markdown, answers that need a repair, and line numbers corrected by the quote.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { largePushSources } from '../../scripts/large-push-repo.js';
import { loadTokenCounter, messageTokens } from '../../src/prompt/tokens.js';
import { createReviewedRepo, promptOf, type ReviewedRepo, useModelServer } from '../helpers/in-process.js';
import { CLEAN_REVIEW, type RecordedRequest } from '../helpers/fake-openai.js';
import { QUERY } from '../helpers/reviews.js';
import { readLastReview } from '../helpers/state-files.js';

const server = useModelServer();

const count = await loadTokenCounter();
const LOCK_MARKER = 'LOCKFILE-CONTENT-7f3a9c';
const BINARY_MARKER = 'BINARY-CONTENT-51d0e2';

/** The large push: 60 modules, a 1,500-line file, a lockfile and a binary, in one commit. */
function commitLargePush(repo: ReviewedRepo['repo']): void {
  const files: Record<string, string | Buffer> = largePushSources();
  files['package-lock.json'] = JSON.stringify({ name: 'demo', lockfileVersion: 3, note: LOCK_MARKER, packages: {} }, null, 2);
  files['assets/logo.png'] = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
    Buffer.from(BINARY_MARKER),
    Buffer.alloc(64),
  ]);
  repo.commit('Add order helpers, rate table and logo', files);
}

const REVIEWED_COUNT = 61;

function setConfig(repo: ReviewedRepo['repo'], config: Record<string, unknown>): void {
  // Written after the commit, so it applies to the run without becoming part of the pushed change.
  writeFileSync(join(repo.dir, '.reviewrc.json'), JSON.stringify(config));
}

function tokensOf(request: RecordedRequest): number {
  return messageTokens(request.body.messages as Array<{ role: 'system' | 'user' | 'assistant'; content: string }>, count);
}

/** The files a request's diff holds ("=== path (status…)" headers). */
function diffFiles(request: RecordedRequest): string[] {
  return [...promptOf(request).matchAll(/^=== (\S+) \(/gm)].map((m) => m[1]!);
}

describe('a large push', () => {
  test('is split into requests that each fit maxPromptTokens; every file is reviewed or listed; lockfile and binary are never sent', async () => {
    const hooked = await createReviewedRepo({ server });
    commitLargePush(hooked.repo);
    setConfig(hooked.repo, { maxPromptTokens: 4000 });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    const requests = server.chatRequests();
    expect(requests.length).toBeGreaterThan(5);
    for (const request of requests) expect(tokensOf(request)).toBeLessThanOrEqual(4000);

    const report = readLastReview(hooked.repo);
    const reviewed = report.coverage.reviewed;
    const skipped = report.coverage.skipped.map((s) => s.file);
    expect(reviewed).toHaveLength(REVIEWED_COUNT);
    expect([...reviewed, ...skipped].sort()).toEqual(
      [
        ...Array.from({ length: 60 }, (_, n) => `src/orders/module-${String(n).padStart(2, '0')}.js`),
        'src/rates.js',
        'package-lock.json',
        'assets/logo.png',
      ].sort(),
    );
    expect(report.coverage.skipped).toEqual(
      expect.arrayContaining([
        { file: 'assets/logo.png', reason: 'binary' },
        { file: 'package-lock.json', reason: expect.stringMatching(/excluded/) },
      ]),
    );
    // Every reviewed file is in some request's diff; the large one in several pieces.
    const sent = requests.flatMap(diffFiles);
    for (const file of reviewed) expect(sent).toContain(file);
    expect(sent.filter((f) => f === 'src/rates.js').length).toBeGreaterThan(3);
    for (const request of requests) {
      const prompt = promptOf(request);
      expect(prompt).not.toContain(LOCK_MARKER);
      expect(prompt).not.toContain(BINARY_MARKER);
      expect(diffFiles(request)).not.toContain('package-lock.json');
      expect(diffFiles(request)).not.toContain('assets/logo.png');
      // The task context goes with every part.
      expect(prompt).toContain('## Task Context');
      expect(prompt).toContain('Add order helpers, rate table and logo');
    }
    expect(report.usage.requests).toBe(requests.length);
    expect(result.stderr).toContain(`Usage: ${requests.length} requests`);
  });

  test('files beyond maxPushTokens are listed as skipped for "budget", and the report says how much was reviewed', async () => {
    const hooked = await createReviewedRepo({ server });
    commitLargePush(hooked.repo);
    setConfig(hooked.repo, { maxPromptTokens: 4000, maxPushTokens: 15_000 });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    const requests = server.chatRequests();
    const total = requests.reduce((sum, r) => sum + tokensOf(r), 0);
    expect(total).toBeLessThanOrEqual(15_000);
    const report = readLastReview(hooked.repo);
    const budget = report.coverage.skipped.filter((s) => s.reason === 'budget').map((s) => s.file);
    expect(budget.length).toBeGreaterThan(10);
    expect(report.coverage.reviewed.length + budget.length).toBe(REVIEWED_COUNT);
    expect(result.stderr).toContain(`the model reviewed ${report.coverage.reviewed.length} of ${REVIEWED_COUNT} files`);
    expect(result.stderr).toMatch(/did not fit maxPushTokens \(15000\)/);
    // Nothing skipped for budget was sent.
    const sent = new Set(requests.flatMap(diffFiles));
    for (const file of budget) expect(sent.has(file)).toBe(false);
  });

  test('a part that fails: the report says which files were reviewed and names the ones that were not, in every format', async () => {
    const hooked = await createReviewedRepo({ server });
    commitLargePush(hooked.repo);
    setConfig(hooked.repo, { maxPromptTokens: 4000, concurrency: 1 });
    // The first part answers garbage, and again when asked to repair it; every other part is answered.
    server.reply({ content: 'I cannot help with that today.' }, { content: 'Still no.' });

    const result = await hooked.push(['origin', 'main']);

    // onError allow: a review that could not complete does not block, and says so.
    expect(result.status, result.stderr).toBe(0);
    const failedFiles = diffFiles(server.chatRequests()[0]!);
    expect(failedFiles.length).toBeGreaterThan(0);
    const report = readLastReview(hooked.repo) as { coverage: { reviewed: string[]; skipped: Array<{ file: string; reason: string }> } };
    const notReviewed = report.coverage.skipped.filter((s) => s.reason === 'not reviewed: its review request failed').map((s) => s.file);
    expect(notReviewed.sort(), result.stderr).toEqual([...failedFiles].sort());
    expect(report.coverage.reviewed).toHaveLength(REVIEWED_COUNT - failedFiles.length);
    expect(result.stderr).toContain(
      `${REVIEWED_COUNT - failedFiles.length} files reviewed, ${failedFiles.length} not (their part of the model review failed), 2 skipped`,
    );
    expect(result.stderr).not.toMatch(/files checked/);
    for (const file of failedFiles) expect(result.stderr).toContain(`  ${file} (not reviewed: its review request failed)`);
    const markdown = readFileSync(join(hooked.repo.dir, '.git', 'review-hook', 'last-review.md'), 'utf8');
    expect(markdown).toContain(`${failedFiles.length} not (their part of the model review failed)`);
    expect(markdown).toContain(`- \`${failedFiles[0]}\` (not reviewed: its review request failed)`);
  });

  test('requests run in parallel: four are in flight at once before any is answered', async () => {
    const hooked = await createReviewedRepo({ server });
    commitLargePush(hooked.repo);
    setConfig(hooked.repo, { maxPromptTokens: 4000 });
    // The first four requests are held until all four have arrived: one at a time would never get
    // there, and the push would run into the test's timeout.
    let arrived = 0;
    let release!: () => void;
    const fourInFlight = new Promise<void>((resolve) => (release = resolve));
    server.setDefault(async () => {
      arrived += 1;
      if (arrived === 4) release();
      if (arrived <= 4) await fourInFlight;
      return { review: CLEAN_REVIEW };
    });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(server.chatRequests().length).toBeGreaterThan(5);
  }, 20_000);

  test('--print-prompt and --dry-run say what would be sent and send nothing', async () => {
    const hooked = await createReviewedRepo({ server });
    commitLargePush(hooked.repo);
    setConfig(hooked.repo, { maxPromptTokens: 4000 });

    const printed = await hooked.cli(['--print-prompt']);
    expect(printed.status, printed.stderr).toBe(0);
    const parts = [...printed.stdout.matchAll(/^===== request (\d+) of (\d+) \((\d+) prompt tokens\) =====$/gm)];
    expect(parts.length).toBeGreaterThan(5);
    expect(printed.stdout).toContain('----- system -----');
    expect(printed.stdout).toContain('## Task Context');
    expect(printed.stdout).not.toContain(LOCK_MARKER);

    const dry = await hooked.cli(['--dry-run', '--format', 'json']);
    expect(dry.status, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout) as {
      dryRun: boolean;
      requests: Array<{ tokens: number; files: string[] }>;
      tokens: number;
      reviewed: string[];
      skipped: Array<{ file: string }>;
    };
    expect(plan.dryRun).toBe(true);
    expect(plan.requests).toHaveLength(parts.length);
    expect(plan.tokens).toBe(plan.requests.reduce((sum, r) => sum + r.tokens, 0));
    expect(plan.requests.map((r) => r.tokens)).toEqual(parts.map((p) => Number(p[3])));
    expect(plan.reviewed).toHaveLength(REVIEWED_COUNT);
    expect(plan.skipped.map((s) => s.file).sort()).toEqual(['assets/logo.png', 'package-lock.json']);

    const text = await hooked.cli(['--dry-run']);
    expect(text.stdout).toMatch(new RegExp(`would send ${parts.length} requests, [\\d,]+ prompt tokens in all`));

    expect(server.requests).toHaveLength(0);
  });
});

/** Markdown the way models drift into it: numbered bold headings, "None" items, locations in several styles. */
const DRIFTING_MARKDOWN = `## Code Review Summary

The change adds a lookup helper. One serious problem.

### 1. Critical Issues
- **SQL built from user input** (\`src/find.js\`, line 2) — the query concatenates \`id\`; use placeholders.

### 2. Important Issues
**None.**

### 3. Minor Issues
* \`src/find.js#L1\`: the function has no JSDoc

### 4. Strengths
- Small, focused change

**Verdict:** Not ready.`;

describe('servers without structured output', () => {
  test('a server rejecting json_schema and json_object answers in Markdown, and the lesson is remembered', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    server.setDefault((request) =>
      request.body.response_format
        ? {
            status: 400,
            error: {
              message: `response_format of type ${request.body.response_format.type} is not supported`,
              type: 'invalid_request_error',
              param: 'response_format',
              code: null,
            },
          }
        : { content: DRIFTING_MARKDOWN },
    );
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const blocked = await push(['origin', 'main']);

    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('src/find.js:2');
    expect(blocked.stderr).toContain('SQL built from user input');
    expect(server.reviewRequests().map((r) => r.body.response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
    // The verification of the critical starts from what the review learned.
    expect(server.verifyRequests().map((r) => r.body.response_format?.type ?? 'none')).toEqual(['none']);
    const report = readLastReview(repo);
    expect(report.findings.map((f) => [f.id, f.file, f.line])).toEqual([
      ['C1', 'src/find.js', 2],
      ['M1', 'src/find.js', 1],
    ]);
    expect(existsSync(join(repo.dir, '.git', 'review-hook', 'endpoints.json'))).toBe(true);

    // The next push goes straight to what worked (past the review cache, which would answer it otherwise).
    server.requests.length = 0;
    writeFileSync(join(repo.dir, '.reviewrc.json'), JSON.stringify({ cache: false }));
    const again = await push(['origin', 'main']);
    expect(again.status).toBe(1);
    expect(server.reviewRequests().map((r) => r.body.response_format?.type ?? 'none')).toEqual(['none']);
    expect(server.verifyRequests().map((r) => r.body.response_format?.type ?? 'none')).toEqual(['none']);
  });

  test('a server that ignores response_format and answers in Markdown anyway is read too', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    server.setDefault({
      content: DRIFTING_MARKDOWN.replace('### 1. Critical Issues\n', '### 1. Critical Issues\nNone\n\n### Important\n'),
    });
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(server.chatRequests()).toHaveLength(1);
    expect(readLastReview(repo).findings.map((f) => [f.severity, f.file, f.line])).toEqual([
      ['important', 'src/find.js', 2],
      ['minor', 'src/find.js', 1],
    ]);
  });
});

describe('answers that cannot be used', () => {
  test('a truncated answer gets one repair, and the repaired review decides', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    server.reply(
      { truncated: '{"summary": "A critical problem", "findings": [{"severity": "critical", "file": "src/fi' },
      { review: criticalWithQuote(2, null) },
    );
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const result = await push(['origin', 'main']);
    expect(result.status).toBe(1);
    expect(server.reviewRequests()).toHaveLength(2);
    expect(server.verifyRequests()).toHaveLength(1);
    expect(readLastReview(repo).modelReview).toBe('done');
  });

  test('garbage twice is a review that could not complete: never a crash or exit 2; onError decides', async () => {
    const { repo, push, remoteHead } = await createReviewedRepo({ server });
    server.setDefault({ content: 'As an AI model I think the code is fine probably.' });
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    const result = await push(['origin', 'main']);
    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(result.stderr).toMatch(/could not complete: unusable answer/);
    expect(server.chatRequests()).toHaveLength(2);
    expect(readLastReview(repo).modelReview).toBe('failed');
  });
});

function criticalWithQuote(line: number, quote: string | null) {
  return {
    summary: 'A critical problem.',
    findings: [
      {
        severity: 'critical',
        category: 'security',
        file: 'src/find.js',
        line,
        endLine: null,
        quote,
        title: 'SQL built from user input',
        detail: 'Use a parameterised query.',
      },
    ],
    strengths: [],
    requirements: [],
    verdict: 'not_ready',
  };
}

describe('located findings', () => {
  test('a wrong line number is corrected by the quote, and the corrected finding blocks', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    server.reply({ review: criticalWithQuote(9, 'return db.query("SELECT * FROM t WHERE id = " + id);') });
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const result = await push(['origin', 'main']);

    expect(result.status).toBe(1);
    expect(result.stderr).toContain('src/find.js:2');
    expect(readLastReview(repo).findings).toEqual([expect.objectContaining({ file: 'src/find.js', line: 2, located: true })]);
  });

  test('without a quote to go by, the same wrong line stays unverified and does not block', async () => {
    const { repo, push } = await createReviewedRepo({ server });
    server.reply({ review: criticalWithQuote(9, null) });
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const result = await push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/unverified/);
    expect(readLastReview(repo).findings).toEqual([expect.objectContaining({ line: 9, located: false })]);
  });
});
