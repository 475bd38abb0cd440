// `review-hook` run by hand, shared by both layers: tests/integration/manual-run.test.ts runs these
// in-process, tests/e2e/manual-run.test.ts through the installed package's bin (a real stdout).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CONTRACT_KEYS } from '../contract.js';
import { stateDir } from '../state-files.js';
import type { ScenarioRepo } from './scenario-repo.js';

/** Default range: the commits not on the upstream; the JSON report on stdout in the contract's shape. */
export async function defaultRangeAsJson({ repo, cli }: ScenarioRepo): Promise<void> {
  const base = repo.head();
  const one = repo.commit('first local', { 'one.txt': '1\n' });
  const two = repo.commit('second local', { 'two.txt': '2\n' });

  const result = await cli(['--format', 'json']);

  expect(result.status, result.stderr).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(Object.keys(report).slice(0, CONTRACT_KEYS.length)).toEqual(CONTRACT_KEYS);
  expect(report.verdict).toBe('allow');
  expect(report.ranges).toEqual([{ ref: expect.any(String), base, head: two, commits: [one, two] }]);
  expect(report.coverage.reviewed.sort()).toEqual(['one.txt', 'two.txt']);
  expect(report.usage).toMatchObject({ requests: 1, cached: false });
  // The latest report is kept in the git dir, not the work tree.
  const saved = JSON.parse(readFileSync(join(stateDir(repo), 'last-review.json'), 'utf8'));
  expect(saved.ranges[0].head).toBe(two);
  expect(existsSync(join(stateDir(repo), 'last-review.md'))).toBe(true);
}

/** --version, --help, config (text and JSON, with its origins) and init (which never overwrites). */
export async function commandsAroundReview({ repo, cli }: ScenarioRepo): Promise<void> {
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
}
