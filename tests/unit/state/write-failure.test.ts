import { describe, expect, it } from 'vitest';
import { collectWriteFailures, describeWriteFailure, writeOrWarn } from '../../../src/state/write-failure.js';
import { ReviewHookError } from '../../../src/errors.js';

function errno(code: string, path?: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: failed`), { code, ...(path === undefined ? {} : { path }) });
}

describe('describeWriteFailure', () => {
  it.each([
    [errno('EROFS', '/r/.git/review-hook/x'), 'EROFS (read-only file system) at /r/.git/review-hook/x'],
    [errno('ENOSPC'), 'ENOSPC (no space left on the device) at /fallback'],
    [errno('EACCES', '/a'), 'EACCES (permission denied) at /a'],
    [
      errno('ENOTDIR', '/r/.git/review-hook/last-review.json'),
      'ENOTDIR (a file is in the way where a folder should be) at /r/.git/review-hook/last-review.json',
    ],
    [errno('EWHATEVER', '/b'), 'EWHATEVER at /b'],
    [new ReviewHookError('INTERNAL', 'could not save', { cause: errno('EDQUOT', '/q') }), 'EDQUOT (disk quota exceeded) at /q'],
    [new Error('something odd'), 'something odd at /fallback'],
  ])('%s', (error, expected) => {
    expect(describeWriteFailure(error, '/fallback')).toBe(expected);
  });
});

describe('writeOrWarn', () => {
  it('turns a failed write into one warning and false', async () => {
    const warnings: string[] = [];
    const ok = await writeOrWarn(
      'the report',
      '/r/x',
      () => Promise.reject(errno('ENOSPC', '/r/x')),
      (m) => warnings.push(m),
    );
    expect(ok).toBe(false);
    expect(warnings).toEqual([
      'could not save the report: ENOSPC (no space left on the device) at /r/x; the review and its verdict are not affected',
    ]);
  });

  it('says nothing when the write works', async () => {
    const warnings: string[] = [];
    expect(
      await writeOrWarn(
        'the report',
        '/r/x',
        () => Promise.resolve(),
        (m) => warnings.push(m),
      ),
    ).toBe(true);
    expect(warnings).toEqual([]);
  });
});

describe('collectWriteFailures', () => {
  it('says every failed write of one cause in one warning, in the order they failed, and only once', async () => {
    const failures = collectWriteFailures();
    failures.record('the review in the cache', '/r/.git/review-hook/cache', errno('ENOTDIR', '/r/.git/review-hook/cache'));
    expect(await failures.attempt('the report', '/r/x', () => Promise.reject(errno('EEXIST', '/r/.git/review-hook')))).toBe(false);
    expect(await failures.attempt('the round', '/r/y', () => Promise.resolve())).toBe(true);
    await failures.attempt('the report', '/r/x', () => Promise.reject(errno('ENOTDIR')));
    const warnings: string[] = [];
    failures.flush((m) => warnings.push(m));
    expect(warnings).toEqual([
      'could not save the review in the cache and the report: ENOTDIR (a file is in the way where a folder should be) at /r/.git/review-hook/cache; the review and its verdict are not affected',
    ]);
    failures.flush((m) => warnings.push(m));
    expect(warnings).toHaveLength(1);
  });

  it('gives each distinct cause its own warning, and lists three or more with commas', async () => {
    const failures = collectWriteFailures();
    for (const what of ['a', 'b', 'c']) failures.record(what, `/r/${what}`, errno('EACCES', `/r/${what}`));
    failures.record('d', '/r/d', errno('ENOSPC'));
    const warnings: string[] = [];
    failures.flush((m) => warnings.push(m));
    expect(warnings).toEqual([
      'could not save a, b and c: EACCES (permission denied) at /r/a; the review and its verdict are not affected',
      'could not save d: ENOSPC (no space left on the device) at /r/d; the review and its verdict are not affected',
    ]);
  });

  it('says nothing when every write worked', async () => {
    const failures = collectWriteFailures();
    await failures.attempt('the report', '/r/x', () => Promise.resolve());
    const warnings: string[] = [];
    failures.flush((m) => warnings.push(m));
    expect(warnings).toEqual([]);
  });
});

describe('collectWriteFailures with writes side by side', () => {
  it('lists what failed in the order the writes were started, whichever failed first', async () => {
    const failures = collectWriteFailures();
    let failSecond: () => void = () => undefined;
    const second = new Promise<void>((_, reject) => {
      failSecond = () => reject(errno('EROFS', '/r/b'));
    });
    const both = Promise.all([
      failures.attempt('first', '/r/a', () => second.then(() => undefined)),
      failures.attempt('second', '/r/b', () => Promise.reject(errno('EROFS', '/r/b'))),
    ]);
    failSecond();
    await both;
    const warnings: string[] = [];
    failures.flush((m) => warnings.push(m));
    expect(warnings).toEqual([
      'could not save first and second: EROFS (read-only file system) at /r/b; the review and its verdict are not affected',
    ]);
  });
});
