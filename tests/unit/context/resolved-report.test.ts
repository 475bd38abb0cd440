// The second round in the report: which of the previous round's findings are no longer found.
import { describe, expect, it } from 'vitest';
import { reporters } from '../../../src/report/index.js';
import { sampleReport } from '../report/sample-report.js';

const RESOLVED = ['C1 (critical) src/find.js:2: SQL built from user input', 'I4 (important) (no file): Rate limiting missing'];

describe('resolved findings in the report', () => {
  it('pretty lists them under their own heading', () => {
    const text = reporters.pretty(sampleReport({ resolved: RESOLVED }), { color: false });
    expect(text).toContain(
      'Resolved since the previous round\n  - C1 (critical) src/find.js:2: SQL built from user input\n  - I4 (important) (no file): Rate limiting missing',
    );
  });

  it('Markdown lists them under their own heading', () => {
    const text = reporters.markdown(sampleReport({ resolved: RESOLVED }), { color: false });
    expect(text).toContain('## Resolved since the previous round\n\n- C1 (critical) src/find.js:2: SQL built from user input\n- I4');
  });

  it('JSON carries them after the documented extras, only on a second round', () => {
    const second = JSON.parse(reporters.json(sampleReport({ resolved: RESOLVED }), { color: false })) as Record<string, unknown>;
    expect(Object.keys(second).slice(-5)).toEqual(['summary', 'modelReview', 'task', 'plans', 'resolved']);
    expect(second.resolved).toEqual(RESOLVED);
    const none = JSON.parse(reporters.json(sampleReport({ resolved: [] }), { color: false })) as Record<string, unknown>;
    expect(none.resolved).toEqual([]);
    const first = JSON.parse(reporters.json(sampleReport(), { color: false })) as Record<string, unknown>;
    expect(first).not.toHaveProperty('resolved');
  });

  it('nothing is said when nothing was resolved or there was no previous round', () => {
    for (const report of [sampleReport(), sampleReport({ resolved: [] })]) {
      expect(reporters.pretty(report, { color: false })).not.toContain('Resolved since');
      expect(reporters.markdown(report, { color: false })).not.toContain('Resolved since');
    }
  });

  it('terminal escapes in a resolved title are removed', () => {
    const text = reporters.pretty(sampleReport({ resolved: ['C1 (critical) a.js:1: \u001b[2Jclear'] }), { color: false });
    expect(text).not.toContain('\u001b[2J');
    expect(text).toContain('a.js:1: clear');
  });
});
