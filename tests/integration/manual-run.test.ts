// `npx review-hook` by hand: ranges, formats, config, and the commands around the review.
// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
// The default range and the commands around the review are scenarios (tests/helpers/scenarios/manual-run.ts)
// the end-to-end layer runs too, through the installed bin.
import { describe, expect, test } from 'vitest';
import { commandsAroundReview, defaultRangeAsJson } from '../helpers/scenarios/manual-run.js';
import { createReviewedRepo, promptOf, useModelServer } from '../helpers/in-process.js';
import { CLEAN_REVIEW } from '../helpers/fake-openai.js';

const server = useModelServer();

describe('manual review', () => {
  test('default range: commits not on the upstream; JSON report on stdout in the contract shape', async () => {
    await defaultRangeAsJson(await createReviewedRepo({ server }));
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
    await commandsAroundReview(await createReviewedRepo({ server }));
  });
});
