import { describe, expect, it } from 'vitest';
import { isExpired, parseAckFile, pathProblem, serializeAcks, type AckEntry } from '../../../src/ack/ack-file.js';
import { parseExpiry } from '../../../src/ack/expiry.js';

const entry = (overrides: Partial<AckEntry> = {}): AckEntry => ({
  fingerprint: '0123456789abcdef',
  file: 'src/find.js',
  category: 'security',
  severity: 'critical',
  title: 'SQL built from user input',
  reason: 'id is validated by the router',
  by: 'Ada <ada@example.com>',
  at: '2026-11-29T16:00:00Z',
  expires: null,
  ...overrides,
});
const line = (overrides: Record<string, unknown> = {}): string => JSON.stringify({ ...entry(), ...overrides });

describe('parseAckFile', () => {
  it('reads one entry per line and skips blank lines', () => {
    const text = `${line()}\n\n${line({ fingerprint: 'fedcba9876543210', file: null, expires: '2027-01-01' })}\n`;
    expect(parseAckFile(text)).toEqual({
      entries: [entry(), entry({ fingerprint: 'fedcba9876543210', file: null, expires: '2027-01-01' })],
      problems: [],
    });
  });

  it('an empty file has no entries', () => {
    expect(parseAckFile('')).toEqual({ entries: [], problems: [] });
  });

  it.each([
    ['not JSON', 'hello', 'not a JSON object'],
    ['a conflict marker', '<<<<<<< HEAD', 'an unresolved merge conflict marker'],
    ['an array', '[1]', 'not a JSON object'],
    ['a short fingerprint', line({ fingerprint: 'abc' }), '"fingerprint" must be 16 hex digits'],
    ['an absolute path', line({ file: '/home/ada/src/find.js' }), '"file" must be relative to the repository root'],
    ['a Windows path', line({ file: 'C:/src/find.js' }), '"file" must be relative to the repository root'],
    ['a path out of the repository', line({ file: '../x.js' }), '"file" must not leave the repository'],
    ['an unknown category', line({ category: 'style' }), '"category" must be one of'],
    ['an unknown severity', line({ severity: 'high' }), '"severity" must be one of'],
    ['an empty reason', line({ reason: ' ' }), '"reason" must say why'],
    ['a bad time', line({ at: 'yesterday' }), '"at" must be an ISO 8601 time'],
    ['a bad expiry', line({ expires: '2027-02-30' }), '"expires" must be a date'],
  ])('names the line and what is wrong: %s', (_name, text, message) => {
    const parsed = parseAckFile(`${line({ fingerprint: 'ffffffffffffffff' })}\n${text}\n`);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.problems).toEqual([expect.stringContaining(`.review-acks.jsonl line 2: ${message}`)]);
    expect(parsed.problems[0]).toContain('fix or delete that line');
  });

  it('after a merge brought the same fingerprint twice, the later acknowledgement wins', () => {
    const text = `${line({ reason: 'newer', at: '2026-12-01T00:00:00Z' })}\n${line({ reason: 'older', at: '2026-01-01T00:00:00Z' })}\n`;
    expect(parseAckFile(text).entries.map((e) => e.reason)).toEqual(['newer']);
  });
});

describe('serializeAcks', () => {
  it('sorts by fingerprint, one line each, keys in a fixed order, and reads back the same', () => {
    const entries = [entry({ fingerprint: 'ffffffffffffffff' }), entry({ fingerprint: '0000000000000000', expires: '2027-03-01' })];
    const text = serializeAcks(entries);
    expect(text.split('\n').map((l) => l.slice(0, 36))).toEqual([
      '{"fingerprint":"0000000000000000","f',
      '{"fingerprint":"ffffffffffffffff","f',
      '',
    ]);
    expect(Object.keys(JSON.parse(text.split('\n')[0]!))).toEqual([
      'fingerprint',
      'file',
      'category',
      'severity',
      'title',
      'reason',
      'by',
      'at',
      'expires',
    ]);
    expect(parseAckFile(text).entries).toEqual([entries[1], entries[0]]);
  });

  it('drops fields it does not know and writes nothing for no entries', () => {
    expect(serializeAcks([{ ...entry(), home: '/home/ada' } as AckEntry])).not.toContain('home');
    expect(serializeAcks([])).toBe('');
  });
});

describe('expiry', () => {
  const now = new Date('2026-11-29T16:30:00Z');

  it.each([
    ['90d', '2027-02-27'],
    ['1d', '2026-11-30'],
    ['2w', '2026-12-13'],
    ['2027-01-15', '2027-01-15'],
    [undefined, '2027-02-27'],
    ['never', null],
    [' Never ', null],
  ])('--expires %s is %s', (spec, date) => {
    expect(parseExpiry(spec, now)).toBe(date);
  });

  it.each([
    ['soon', 'not a duration or a date'],
    ['0d', 'at least one day'],
    ['2026-11-29', 'has already begun'],
    ['2020-01-01', 'has already begun'],
    ['2027-02-30', 'not a duration or a date'],
  ])('--expires %s is refused: %s', (spec, message) => {
    expect(() => parseExpiry(spec, now)).toThrow(message);
  });

  it('an entry stops applying at the start of its expiry day (UTC)', () => {
    const e = entry({ expires: '2026-11-30' });
    expect(isExpired(e, new Date('2026-11-29T23:59:59Z'))).toBe(false);
    expect(isExpired(e, new Date('2026-11-30T00:00:00Z'))).toBe(true);
    expect(isExpired(entry(), new Date('2999-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('pathProblem', () => {
  it.each([
    ['src/a.ts', null],
    ['a b/c.ts', null],
    ['/etc/passwd', 'relative'],
    ['~/x', 'relative'],
    ['src\\a.ts', 'forward slashes'],
    ['src/../../x', 'leave the repository'],
    ['', 'empty'],
  ])('%j', (path, problem) => {
    const found = pathProblem(path);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});
