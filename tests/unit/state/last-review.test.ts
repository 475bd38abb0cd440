import { statePaths } from '../../../src/state/paths.js';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewHookError } from '../../../src/errors.js';
import { writeAtomically } from '../../../src/atomic-write.js';
import { writeLastReview } from '../../../src/state/last-review.js';
import { tempDir } from '../../helpers/git-repo.js';
import { asJson, sampleReport } from '../report/sample-report.js';

describe('writeLastReview', () => {
  it('writes valid JSON and Markdown under review-hook/ and leaves no temp files', async () => {
    const commonDir = tempDir();
    const report = sampleReport();
    await writeLastReview(commonDir, report);

    const paths = statePaths(commonDir);
    expect(paths).toMatchObject({
      lastReviewJson: join(commonDir, 'review-hook', 'last-review.json'),
      lastReviewMarkdown: join(commonDir, 'review-hook', 'last-review.md'),
    });
    expect(JSON.parse(readFileSync(paths.lastReviewJson, 'utf8'))).toEqual(asJson(report));
    const markdown = readFileSync(paths.lastReviewMarkdown, 'utf8');
    expect(markdown.startsWith('# review-hook: BLOCKED\n')).toBe(true);
    expect(markdown).not.toMatch(/\u001b\[/);
    expect(readdirSync(join(commonDir, 'review-hook')).sort()).toEqual(['last-review.json', 'last-review.md']);
  });

  it('replaces the previous report whole', async () => {
    const commonDir = tempDir();
    await writeLastReview(commonDir, sampleReport());
    await writeLastReview(commonDir, sampleReport({ verdict: 'allow', findings: [], errors: [] }));
    const parsed = JSON.parse(readFileSync(statePaths(commonDir).lastReviewJson, 'utf8')) as { verdict: string; findings: unknown[] };
    expect(parsed.verdict).toBe('allow');
    expect(parsed.findings).toEqual([]);
    expect(readdirSync(join(commonDir, 'review-hook')).sort()).toEqual(['last-review.json', 'last-review.md']);
  });

  it('concurrent writers leave one whole report, not a mix', async () => {
    const commonDir = tempDir();
    const reports = Array.from({ length: 8 }, (_, i) => sampleReport({ summary: `run ${i} ${'x'.repeat(50_000)}` }));
    await Promise.all(reports.map((report) => writeLastReview(commonDir, report)));
    const parsed = JSON.parse(readFileSync(statePaths(commonDir).lastReviewJson, 'utf8')) as { summary: string };
    expect(reports.map((r) => r.summary)).toContain(parsed.summary);
    expect(readdirSync(join(commonDir, 'review-hook')).sort()).toEqual(['last-review.json', 'last-review.md']);
  });

  it('a failed write keeps the old file and removes its temp file', async () => {
    const dir = tempDir();
    const target = join(dir, 'last-review.json');
    writeFileSync(target, '{"old":true}');
    // Renaming a file over a directory fails, which stands in for a write interrupted before rename.
    const blocked = join(dir, 'blocked');
    mkdirSync(blocked);
    writeFileSync(join(blocked, 'keep'), '');
    await expect(writeAtomically(blocked, 'new content')).rejects.toThrow();
    expect(readFileSync(target, 'utf8')).toBe('{"old":true}');
    expect(readdirSync(dir).sort()).toEqual(['blocked', 'last-review.json']);
  });

  it('reports a directory it cannot write as a ReviewHookError with the cause', async () => {
    const dir = tempDir();
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    const error = await writeLastReview(notADir, sampleReport()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReviewHookError);
    expect((error as ReviewHookError).code).toBe('INTERNAL');
    expect((error as Error).cause).toBeDefined();
  });
});
