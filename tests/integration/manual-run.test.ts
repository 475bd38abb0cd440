// `npx review-hook` by hand: ranges, formats, config, and the commands around the review.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, promptOf, useModelServer } from '../helpers/in-process.js';
import { CLEAN_REVIEW } from '../helpers/fake-openai.js';

const server = useModelServer();

describe('manual review', () => {
  test('default range: commits not on the upstream; JSON report on stdout in the contract shape', async () => {
    const { repo, cli } = await createReviewedRepo({ server });
    const base = repo.head();
    const one = repo.commit('first local', { 'one.txt': '1\n' });
    const two = repo.commit('second local', { 'two.txt': '2\n' });

    const result = await cli(['--format', 'json']);

    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report).slice(0, 10)).toEqual([
      'version',
      'verdict',
      'override',
      'ranges',
      'findings',
      'strengths',
      'requirements',
      'coverage',
      'usage',
      'errors',
    ]);
    expect(report.verdict).toBe('allow');
    expect(report.ranges).toEqual([{ ref: expect.any(String), base, head: two, commits: [one, two] }]);
    expect(report.coverage.reviewed.sort()).toEqual(['one.txt', 'two.txt']);
    expect(report.usage).toMatchObject({ requests: 1, cached: false });
    // The latest report is kept in the git dir, not the work tree.
    const saved = JSON.parse(readFileSync(join(repo.dir, '.git', 'review-hook', 'last-review.json'), 'utf8'));
    expect(saved.ranges[0].head).toBe(two);
    expect(existsSync(join(repo.dir, '.git', 'review-hook', 'last-review.md'))).toBe(true);
  });

  test('A..B, A...B, one commit and --base/--head pick the right range', async () => {
    const { repo, cli } = await createReviewedRepo({ server });
    const a = repo.head();
    const b = repo.commit('commit b', { 'b.txt': 'b\n' });
    const c = repo.commit('commit c', { 'c.txt': 'c\n' });

    const ranges = async (args: string[]) => {
      const result = await cli([...args, '--format', 'json']);
      expect(result.status, result.stderr).toBe(0);
      return JSON.parse(result.stdout).ranges.map((r: { base: string; head: string; commits: string[] }) => [r.base, r.head, r.commits]);
    };
    expect(await ranges([`${a}..${c}`])).toEqual([[a, c, [b, c]]]);
    expect(await ranges([`${b}...${c}`])).toEqual([[b, c, [c]]]);
    expect(await ranges([b])).toEqual([[a, b, [b]]]);
    expect(await ranges(['--base', b, '--head', c])).toEqual([[b, c, [c]]]);
    const prompts = server.chatRequests().map(promptOf);
    expect(prompts[2]).toContain('b.txt');
    expect(prompts[2]).not.toContain('c.txt');
  });

  test('nothing unpushed: says so, exit 0, no request', async () => {
    const { cli } = await createReviewedRepo({ server });
    const result = await cli([]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/nothing to review/);
    expect(server.chatRequests()).toHaveLength(0);
  });

  test('usage errors exit 2 with a message', async () => {
    const { cli } = await createReviewedRepo({ server });
    const badFlag = await cli(['--format', 'yaml']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/yaml/);
    const badRev = await cli(['no-such-revision']);
    expect(badRev.status).toBe(2);
    expect(badRev.stderr).toContain('no-such-revision');
    const both = await cli(['HEAD', '--base', 'HEAD']);
    expect(both.status).toBe(2);
  });

  test('--block-on important blocks on an Important finding; exit 1 without a push', async () => {
    const { repo, cli } = await createReviewedRepo({ server });
    repo.commit('change', { 'x.js': 'export let x = 1;\n' });
    server.setDefault({
      review: {
        ...CLEAN_REVIEW,
        findings: [
          {
            severity: 'important',
            category: 'quality',
            file: 'x.js',
            line: 1,
            endLine: null,
            title: 'Mutable export',
            detail: 'Use const.',
            quote: null,
          },
        ],
      },
    });
    expect((await cli([])).status).toBe(0);
    const strict = await cli(['--block-on', 'important']);
    expect(strict.status).toBe(1);
    expect(strict.stdout).toContain('x.js:1');
  });
});

describe('commands around the review', () => {
  test('--version, config, init', async () => {
    const { repo, cli } = await createReviewedRepo({ server });
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // review is the default command: the top-level help lists its options.
    const help = await cli(['--help']);
    for (const flag of ['--format <format>', '--offline', '--dry-run', '--issue <id>', '--block-on <level>'])
      expect(help.stdout).toContain(flag);
    expect(help.stdout).toContain('pretty, json, markdown, sarif');

    const fromEnv = await cli(['config'], { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
    expect(fromEnv.stdout).toMatch(/^baseURL +env:OPENAI_BASE_URL +"http:\/\/127\.0\.0\.1:9\/v1"$/m);

    const shown = await cli(['config', '--json'], { REVIEW_HOOK_MODEL: 'gpt-4.1-mini' });
    expect(shown.status, shown.stderr).toBe(0);
    const config = JSON.parse(shown.stdout);
    expect(config.config.model).toBe('gpt-4.1-mini');
    expect(config.origins.model).toBe('env:REVIEW_HOOK_MODEL');
    expect(config.origins.blockOn).toBe('default');

    const init = await cli(['init']);
    expect(init.status).toBe(0);
    expect(existsSync(join(repo.dir, '.reviewrc.json'))).toBe(true);
    const written = readFileSync(join(repo.dir, '.reviewrc.json'), 'utf8');
    const again = await cli(['init']);
    expect(again.stdout).toMatch(/already exists/);
    expect(readFileSync(join(repo.dir, '.reviewrc.json'), 'utf8')).toBe(written);

    const text = await cli(['config']);
    expect(text.stdout).toContain('.reviewrc.json');
  });
});
