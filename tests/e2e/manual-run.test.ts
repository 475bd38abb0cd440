// `npx review-hook` by hand: ranges, formats, config, and the commands around the review.
// Here the installed bin's own output (the JSON report on a real stdout, --version, config, init); the
// other cases run in-process in tests/integration/manual-run.test.ts.
import { spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, installedCli, useModelServer } from '../helpers/e2e.js';
import { criticalReview, QUERY } from '../helpers/reviews.js';

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

/** Runs the installed bin with its stdout pipe already closed, as when a reader such as `head` has quit. */
function runWithClosedStdout(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [installedCli(), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the child has started, so its first write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('a reader that stops early', () => {
  test('a closed stdout neither crashes the run nor changes its exit code', async () => {
    const { repo, env } = await createHookedRepo({ server });
    const help = await runWithClosedStdout(['--help'], repo.dir, env);
    expect(help.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(help.status).toBe(0);

    // A blocked review piped into a reader that quit still exits 1: the verdict is not lost.
    server.setDefault({ review: criticalReview('src/find.js', 2) });
    repo.commit('add a lookup', { 'src/find.js': QUERY });
    const blocked = await runWithClosedStdout(['--format', 'json'], repo.dir, env);
    expect(blocked.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(blocked.status).toBe(1);
  });
});
