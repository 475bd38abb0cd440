import { describe, expect, it } from 'vitest';
import { trailerStanding, type BlockingFinding } from '../../../src/overrides/trailer-standing.js';
import { findingFingerprint } from '../../../src/state/blocked-refs.js';

const REF = 'refs/heads/main';
const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);
const BLOCKED_AT = '2026-01-10T12:00:00.700Z';
const BLOCKED_SECONDS = Math.floor(Date.parse(BLOCKED_AT) / 1000);
const sql: BlockingFinding = { id: 'C1', fingerprint: 'f-sql', label: 'C1 src/find.js:2 SQL built from user input' };
const xss: BlockingFinding = { id: 'C2', fingerprint: 'f-xss', label: 'C2 src/view.js:9 Unescaped HTML' };
const blocked = { at: BLOCKED_AT, head: OLD, fingerprints: ['f-sql'] };

describe('trailerStanding', () => {
  it.each([
    [
      'a new commit written after the block, covering its findings',
      { oid: NEW, newInPush: true, committedAt: BLOCKED_SECONDS + 5 },
      blocked,
      [sql],
      null,
    ],
    [
      'written in the same second as the block (git keeps whole seconds)',
      { oid: NEW, newInPush: true, committedAt: BLOCKED_SECONDS },
      blocked,
      [sql],
      null,
    ],
    [
      'a block caused only by the failed model review (no findings)',
      { oid: NEW, newInPush: true, committedAt: BLOCKED_SECONDS + 5 },
      { ...blocked, fingerprints: [] },
      [],
      null,
    ],
  ])('stands: %s', (_name, commit, record, blocking, expected) => {
    expect(trailerStanding({ ref: REF, commit, blocked: record, blocking })).toBe(expected);
  });

  it.each([
    [
      'the commit is not new in this push',
      { oid: NEW, newInPush: false, committedAt: BLOCKED_SECONDS + 5 },
      blocked,
      [sql],
      /is not new in this push/,
    ],
    [
      'no block was recorded for the ref',
      { oid: NEW, newInPush: true, committedAt: BLOCKED_SECONDS + 5 },
      null,
      [sql],
      /no push of refs\/heads\/main was blocked before it/,
    ],
    [
      'it was written before the block',
      { oid: NEW, newInPush: true, committedAt: BLOCKED_SECONDS - 60 },
      blocked,
      [sql],
      /was written before the last blocked review of refs\/heads\/main \(2026-01-10T12:00:00.700Z\)/,
    ],
    [
      'it is the very commit that was blocked',
      { oid: OLD, newInPush: true, committedAt: BLOCKED_SECONDS + 5 },
      blocked,
      [sql],
      /written before the last blocked review/,
    ],
    [
      'a finding that was not in the blocked review',
      { oid: NEW, newInPush: true, committedAt: BLOCKED_SECONDS + 5 },
      blocked,
      [sql, xss],
      /^it does not cover C2 src\/view\.js:9 Unescaped HTML: that finding was not in the blocked review it answers$/,
    ],
  ])('does not stand: %s', (_name, commit, record, blocking, expected) => {
    expect(trailerStanding({ ref: REF, commit, blocked: record, blocking })).toMatch(expected);
  });
});

describe('findingFingerprint', () => {
  it('ignores lines, so a finding that moved is the same finding', () => {
    const base = { file: 'src/find.js', category: 'security' as const, title: 'SQL built from user input', code: 'db.query("x" + id)' };
    expect(findingFingerprint(base)).toBe(findingFingerprint({ ...base }));
    expect(findingFingerprint(base)).not.toBe(findingFingerprint({ ...base, title: 'Unescaped HTML' }));
  });
});
