// `npx review-hook` by hand: ranges, formats, config, and the commands around the review.
// Here the installed bin's own output (the JSON report on a real stdout, --version, config, init); the
// other cases run in-process in tests/integration/manual-run.test.ts.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, useModelServer } from '../helpers/e2e.js';

const server = useModelServer();

describe('manual review', () => {
  test('default range: commits not on the upstream; JSON report on stdout in the contract shape', async () => {
    const { repo, cli } = await createHookedRepo({ server });
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
});

describe('commands around the review', () => {
  test('--version, config, init', async () => {
    const { repo, cli } = await createHookedRepo({ server });
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
