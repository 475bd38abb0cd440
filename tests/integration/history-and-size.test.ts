// Pushes of any size and any history length, through real pushes: a push far
// past the size that once overflowed the stack is reviewed with what is too large listed as
// skipped; the first push of a long history checks every commit, not only the maxCommits the model
// is sent, and names the commit a removed key is in; conflict markers fixed before the push do not
// block. (Timings of the full sizes are in scripts/bench-huge-push.js and scripts/bench-history.js.)
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, promptOf, type ReviewedRepo, useModelServer } from '../helpers/in-process.js';
import { pemKey } from '../helpers/fake-secrets.js';
import { readLastReview } from '../helpers/state-files.js';

const server = useModelServer();

/**
 * Writes a branch of `count` commits with no parent straight into the object store (one
 * fast-import run rather than thousands of git calls): commit i changes `log.txt`; `extra` adds
 * files to a commit.
 */
function importHistory(hooked: ReviewedRepo, branch: string, count: number, extra: Record<number, Record<string, string>>): void {
  const parts: string[] = [];
  for (let i = 1; i <= count; i++) {
    const files: Record<string, string> = { 'log.txt': `entry ${i}\n`, ...(extra[i] ?? {}) };
    parts.push(`commit refs/heads/${branch}`, `mark :${i}`, `committer Dev <dev@example.com> ${1_700_000_000 + i} +0000`);
    const message = `change ${i}\n`;
    parts.push(`data ${Buffer.byteLength(message)}`, message.slice(0, -1));
    if (i > 1) parts.push(`from :${i - 1}`);
    for (const [path, content] of Object.entries(files))
      parts.push(`M 100644 inline ${path}`, `data ${Buffer.byteLength(content)}`, content);
    parts.push('');
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: hooked.repo.dir, env: hooked.env, input: `${parts.join('\n')}\n` });
}

describe('size never refuses a push', () => {
  test('150,000 added lines and a 30,000-character line: exit 0, the oversized files listed as skipped "too large", the rest reviewed', async () => {
    const hooked = await createReviewedRepo({ server });
    const rows = Array.from({ length: 150_000 }, (_, i) => `${i},region-${i % 37},${(i * 7) % 1000}`).join('\n');
    hooked.repo.commit('Import the rate table and the bundle', {
      'data/rates.csv': `${rows}\n`,
      'public/bundle.txt': `${'x'.repeat(30_000)}\n`,
      'src/rates.js': "export const ratesFile = 'data/rates.csv';\n",
    });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/internal error|call stack/i);
    const report = readLastReview(hooked.repo);
    expect(report.verdict).toBe('allow');
    expect(report.coverage.reviewed).toEqual(['src/rates.js']);
    expect(report.coverage.skipped).toEqual(
      expect.arrayContaining([
        { file: 'data/rates.csv', reason: expect.stringMatching(/^too large: its diff is over /) },
        { file: 'public/bundle.txt', reason: expect.stringMatching(/^too large: a line longer than 20,000 characters/) },
      ]),
    );
    const prompts = server.chatRequests().map(promptOf).join('\n');
    expect(prompts).toContain('src/rates.js');
    expect(prompts).not.toContain('region-36,');
  });
});

describe('every pushed commit is checked', () => {
  test('the first push of a 150-commit history blocks on a key added in commit 1 and removed in commit 2, and names that commit', async () => {
    const hooked = await createReviewedRepo({ server });
    importHistory(hooked, 'legacy', 150, { 1: { 'deploy/key.pem': `${pemKey()}\n` }, 2: { 'deploy/key.pem': 'moved to the vault\n' } });
    const first = hooked.repo.git('rev-list', '--reverse', 'legacy').split('\n')[0]!.trim();

    const result = await hooked.push(['origin', 'legacy']);

    expect(result.status, result.stderr).toBe(1);
    expect(hooked.remoteHead('refs/heads/legacy')).toBeNull();
    // The model was sent the newest maxCommits (100); the checks read all 150.
    expect(result.stderr).toContain('the secret and private-key checks read all 150');
    const report = readLastReview(hooked.repo);
    expect(report.ranges[0]!.commits).toHaveLength(100);
    const key = report.findings.filter((f) => f.source === 'check:private-key');
    expect(key.map((f) => [f.severity, f.file, f.line, f.commit])).toEqual([['critical', 'deploy/key.pem', 1, first]]);
    expect(key[0]!.detail).toContain('git rebase -i --root');
    expect(result.stderr).toContain(`deploy/key.pem:1-7 in commit ${first.slice(0, 12)}`);

    // SARIF puts no region of the head on it, and names the commit.
    hooked.repo.git('switch', '-q', 'legacy');
    const sarif = await hooked.cli(['--format', 'sarif', '--offline']);
    expect(sarif.status, sarif.stderr).toBe(1);
    const results = (
      JSON.parse(sarif.stdout) as {
        runs: Array<{
          results: Array<{
            ruleId: string;
            locations: Array<{ physicalLocation: Record<string, unknown> }>;
            properties: Record<string, unknown>;
          }>;
        }>;
      }
    ).runs[0]!.results;
    const sarifKey = results.find((r) => r.ruleId === 'check:private-key')!;
    expect(sarifKey.locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'deploy/key.pem' } } }]);
    expect(sarifKey.properties).toMatchObject({ commit: first, commitLine: 1 });
  });

  test('conflict markers added by an intermediate commit and gone at the head do not block; a warning names the commit', async () => {
    const hooked = await createReviewedRepo({ server });
    const broken = hooked.repo.commit('Merge the pricing branch', {
      'src/price.js': '<<<<<<< HEAD\nexport const price = 1;\n=======\nexport const price = 2;\n>>>>>>> pricing\n',
    });
    hooked.repo.commit('Resolve the pricing conflict', { 'src/price.js': 'export const price = 2;\n' });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain(`src/price.js: commit ${broken.slice(0, 12)} added merge-conflict markers`);
    expect(readLastReview(hooked.repo).findings.filter((f) => f.source === 'check:conflict-markers')).toEqual([]);
  });

  test('conflict markers still in the pushed head block', async () => {
    const hooked = await createReviewedRepo({ server });
    hooked.repo.commit('Merge the pricing branch', {
      'src/price.js': '<<<<<<< HEAD\nexport const price = 1;\n=======\nexport const price = 2;\n>>>>>>> pricing\n',
    });

    const result = await hooked.push(['origin', 'main']);

    expect(result.status, result.stderr).toBe(1);
    const markers = readLastReview(hooked.repo).findings.filter((f) => f.source === 'check:conflict-markers');
    expect(markers.map((f) => [f.severity, f.file, f.line, f.commit])).toEqual([['critical', 'src/price.js', 1, undefined]]);
  });
});
