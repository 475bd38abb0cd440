// Model answers that point nowhere: impossible lines and ranges are unverified, never placed.
import { describe, expect, it } from 'vitest';
import { coerceReview } from '../../../src/llm/coerce-review.js';
import { locateFindings, MAX_CITED_SPAN, type CitedFinding } from '../../../src/findings/locate-findings.js';
import type { FileChange } from '../../../src/domain/types.js';

const TEXT = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
const change: FileChange = {
  path: 'src/a.js',
  oldPath: null,
  status: 'added',
  binary: false,
  additions: 20,
  deletions: 0,
  hunks: [
    {
      header: '@@ -0,0 +1,20 @@',
      oldStart: 0,
      oldLines: 0,
      newStart: 1,
      newLines: 20,
      lines: TEXT.map((text, i) => ({ kind: 'add' as const, text, oldLine: null, newLine: i + 1 })),
    },
  ],
};
const read = async (path: string) => (path === 'src/a.js' ? `${TEXT.join('\n')}\n` : null);

function answer(line: unknown, endLine: unknown = null) {
  const result = coerceReview({
    summary: '',
    strengths: [],
    requirements: [],
    verdict: 'not_ready',
    findings: [{ severity: 'critical', category: 'security', file: 'src/a.js', line, endLine, quote: null, title: 'Bad', detail: 'Bad.' }],
  });
  if (!result.ok) throw new Error(result.problem);
  return result.review.findings as CitedFinding[];
}

describe('impossible citations are unverified (located: false)', () => {
  it.each([
    ['line 0', 0, null],
    ['a negative line', -4, null],
    ['a fractional line', 2.5, null],
    ['an end past the file', 3, 21],
    ['an absurd range', 1, 1 + MAX_CITED_SPAN + 1],
  ])('%s', async (_name, line, endLine) => {
    const [finding] = await locateFindings(answer(line, endLine), [change], read);
    expect(finding!.located).toBe(false);
  });

  it('a sound citation is still located', async () => {
    const [finding] = await locateFindings(answer(3, 5), [change], read);
    expect(finding).toMatchObject({ line: 3, endLine: 5, located: true });
  });

  it('a file the request did not contain is never a place for a finding', async () => {
    const [finding] = await locateFindings(answer(3), [], read);
    expect(finding).toMatchObject({ file: 'src/a.js', located: false });
  });
});
