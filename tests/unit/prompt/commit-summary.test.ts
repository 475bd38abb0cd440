import { describe, expect, it } from 'vitest';
import { COMMIT_BUDGET_CHARS, summariseCommits } from '../../../src/prompt/commit-summary.js';
import type { CommitInfo } from '../../../src/domain/types.js';

const oid = (n: number): string => n.toString(16).padStart(40, '0');
const commit = (n: number, subject: string, body = ''): CommitInfo => ({ oid: oid(n), subject, body, author: 'A' });

describe('summariseCommits', () => {
  it('a short range in full: newest first, bodies without trailers', () => {
    const text = summariseCommits([commit(1, 'Add parser', 'Handles yaml.\n\nRefs: bd-1\nSigned-off-by: A <a@x>'), commit(2, 'Add tests')]);
    expect(text).toBe(`- ${oid(2).slice(0, 10)} Add tests\n- ${oid(1).slice(0, 10)} Add parser\n  Handles yaml.`);
  });

  it('a long range: the newest subjects within the budget and a count of the rest', () => {
    const commits = Array.from({ length: 200 }, (_, i) =>
      commit(i + 1, `Change number ${i + 1} to the module`, i % 2 === 0 ? `Why change ${i + 1} was needed.` : ''),
    );
    const text = summariseCommits(commits);
    expect(text.length).toBeLessThanOrEqual(COMMIT_BUDGET_CHARS + 80);
    expect(text.split('\n')[0]).toContain('Change number 200 ');
    const listed = text.split('\n').filter((l) => /^- [0-9a-f]{10} /.test(l)).length;
    expect(listed).toBeGreaterThan(10);
    expect(listed).toBeLessThan(200);
    expect(text).toContain(`- …and ${200 - listed} older commits not listed (200 in all)`);
    expect(text).not.toContain('Change number 1 ');
  });

  it('bodies only within the budget, each cut at a bound', () => {
    const long = 'x'.repeat(5000);
    const text = summariseCommits([commit(1, 'One', long), commit(2, 'Two', long)], 800);
    expect(text).toContain('Two');
    expect(text).toContain('One');
    expect(text).toContain('[…]');
    expect(text.length).toBeLessThanOrEqual(800);
  });

  it('always shows at least the newest subject, and says when there are none', () => {
    expect(summariseCommits([commit(1, 'A very long subject '.repeat(20))], 10)).toContain('A very long subject');
    expect(summariseCommits([])).toBe('(no commits)');
  });
});
