import { describe, expect, it } from 'vitest';
import { listProblems, verdictReasons } from '../../../src/report/format.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderPretty } from '../../../src/report/pretty.js';
import type { Report } from '../../../src/domain/types.js';

const report = (over: Partial<Report>): Report => ({
  version: 1,
  verdict: 'allow',
  override: null,
  ranges: [],
  findings: [],
  strengths: [],
  requirements: [],
  coverage: { reviewed: ['a.js'], skipped: [] },
  usage: { requests: 0, promptTokens: 0, completionTokens: 0, cached: false, estimatedCostUSD: null },
  errors: [],
  summary: null,
  modelReview: 'done',
  task: [],
  plans: [],
  ...over,
});

const NO_KEY = 'no API key: the model review did not run. Set OPENAI_API_KEY to enable it';
const WARNING = `warning: the model review could not complete (${NO_KEY}); onError is allow, so that alone does not block`;

describe('problems and verdict reasons', () => {
  it.each([
    ['a failure that names the model review stands alone', report({ modelReview: 'failed', errors: [NO_KEY] }), [NO_KEY]],
    [
      'a bare cause keeps the generic note',
      report({ modelReview: 'failed', errors: ['timed out after 120s'] }),
      ['the model review could not complete; only the deterministic checks ran', 'timed out after 120s'],
    ],
    [
      'offline says how to include the model',
      report({ modelReview: 'skipped' }),
      ['the model review did not run (--offline); only the deterministic checks ran. Run without --offline to include it'],
    ],
    ['a complete review has none', report({}), []],
  ])('%s', (_name, given, expected) => {
    expect(listProblems(given)).toEqual(expected);
  });

  it('a fail-open warning is shortened when its cause is already listed, and kept off the verdict line', () => {
    const failed = report({ modelReview: 'failed', errors: [NO_KEY] });
    expect(verdictReasons(failed, { color: false, reasons: ['1 critical finding', WARNING] })).toEqual({
      reasons: ['1 critical finding'],
      warnings: ['warning: not fully reviewed (see Problems); onError is allow, so that alone does not block'],
    });
    // Both reporters say the cause exactly once.
    for (const text of [
      renderPretty(failed, { color: false, reasons: [WARNING] }),
      renderMarkdown(failed, { color: false, reasons: [WARNING] }),
    ]) {
      expect(text.split(NO_KEY)).toHaveLength(2);
    }
  });
});
