// A push that changes exactly what the last review reviewed is the same round again: it gets the
// previous round that review was given, so its prompt (and cached review) is the same.
import { statePaths } from '../../../src/state/paths.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sameChange, savedRangeEnds, type PreviousFinding } from '../../../src/findings/previous-round.js';
import { readPreviousRound } from '../../../src/state/read-previous-round.js';
import { readRoundState, writeRoundState } from '../../../src/state/round-state.js';
import { createGit } from '../../../src/git/exec-git.js';
import type { PushRange } from '../../../src/domain/types.js';
import { createRepo, tempDir, type TestRepo } from '../../helpers/git-repo.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);

describe('savedRangeEnds and sameChange', () => {
  it.each<[string, unknown, Array<{ base: string; head: string }> | null]>([
    ['a report', { ranges: [{ ref: 'refs/heads/x', base: A, head: B, commits: [B] }] }, [{ base: A, head: B }]],
    ['no ranges', { ranges: [] }, null],
    ['a malformed range', { ranges: [{ base: A }] }, null],
    ['not an object', 'x', null],
  ])('%s', (_name, saved, expected) => {
    expect(savedRangeEnds(saved)).toEqual(expected);
  });

  it.each<[string, Array<{ base: string; head: string }>, Array<{ base: string; head: string }>, boolean]>([
    ['the same ranges', [{ base: A, head: B }], [{ base: A, head: B }], true],
    [
      'in another order',
      [
        { base: A, head: B },
        { base: B, head: C },
      ],
      [
        { base: B, head: C },
        { base: A, head: B },
      ],
      true,
    ],
    ['another head', [{ base: A, head: B }], [{ base: A, head: C }], false],
    ['another base', [{ base: A, head: B }], [{ base: C, head: B }], false],
    [
      'a range more',
      [{ base: A, head: B }],
      [
        { base: A, head: B },
        { base: B, head: C },
      ],
      false,
    ],
  ])('%s: %s', (_name, a, b, expected) => {
    expect(sameChange(a, b)).toBe(expected);
  });

  it('compares through the key it is given (trees)', () => {
    expect(sameChange([{ base: A, head: B }], [{ base: A, head: C }], (oid) => (oid === C ? B : oid))).toBe(true);
  });
});

const P1: PreviousFinding = {
  id: 'C1',
  severity: 'critical',
  file: 'a.txt',
  line: 1,
  endLine: null,
  title: 'First round finding',
  source: 'llm',
};

describe('round state', () => {
  it('gives back the previous round recorded for exactly these ranges', async () => {
    const dir = tempDir();
    await writeRoundState(dir, [{ base: A, head: B }], [P1]);
    expect(await readRoundState(dir, [{ base: A, head: B }])).toEqual([P1]);
    expect(await readRoundState(dir, [{ base: A, head: C }])).toBeNull();
    await writeRoundState(dir, [{ base: A, head: C }], []);
    expect(await readRoundState(dir, [{ base: A, head: C }])).toBeNull();
  });

  it('a state folder that cannot be written rejects with the errno, for the caller to warn', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'review-hook'), 'a file where the folder should be');
    await expect(writeRoundState(dir, [{ base: A, head: B }], [P1])).rejects.toMatchObject({
      code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/),
    });
  });

  it('a damaged file reads as no previous round', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'review-hook'), { recursive: true });
    writeFileSync(statePaths(dir).lastRound, '{"version":1,"ranges":[');
    expect(await readRoundState(dir, [{ base: A, head: B }])).toBeNull();
  });
});

/** Writes last-review.json as a blocked review of `ranges` with one finding. */
function saveBlocked(repo: TestRepo, ranges: PushRange[], title = 'Blocked finding'): void {
  const dir = join(repo.dir, '.git', 'review-hook');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'last-review.json'),
    JSON.stringify({
      version: 1,
      verdict: 'block',
      ranges: ranges.map((r) => ({ ref: r.ref, base: r.base, head: r.head, commits: r.commits })),
      findings: [
        {
          id: 'C1',
          severity: 'critical',
          category: 'security',
          file: 'a.txt',
          line: 1,
          endLine: null,
          title,
          detail: 'd',
          source: 'llm',
          located: true,
        },
      ],
    }),
  );
}

describe('readPreviousRound', () => {
  function setup() {
    const repo = createRepo();
    const base = repo.commit('initial', { 'a.txt': '0\n' });
    const head = repo.commit('change', { 'a.txt': '1\n' });
    const range: PushRange = { ref: 'refs/heads/main', base, head, commits: [head], notes: [] };
    return { repo, git: createGit(repo.dir, repo.env), commonDir: join(repo.dir, '.git'), range };
  }

  it('new commits after a block: a second round with the blocked findings', async () => {
    const { repo, git, commonDir, range } = setup();
    saveBlocked(repo, [range]);
    const next = repo.commit('fix', { 'a.txt': '2\n' });
    const previous = await readPreviousRound(commonDir, [{ ...range, head: next, commits: [range.head, next] }], git);
    expect(previous?.map((f) => f.title)).toEqual(['Blocked finding']);
  });

  it('the same commits again after a first-round block: a first round again', async () => {
    const { repo, git, commonDir, range } = setup();
    saveBlocked(repo, [range]);
    await writeRoundState(commonDir, [range], []);
    expect(await readPreviousRound(commonDir, [range], git)).toBeNull();
    // Without the round state (an older version wrote the report) it is a first round too.
    const other = setup();
    saveBlocked(other.repo, [other.range]);
    expect(await readPreviousRound(other.commonDir, [other.range], other.git)).toBeNull();
  });

  it('the same commits again after a second-round block: the round that review was given', async () => {
    const { repo, git, commonDir, range } = setup();
    saveBlocked(repo, [range], 'Second round finding');
    await writeRoundState(commonDir, [range], [P1]);
    expect(await readPreviousRound(commonDir, [range], git)).toEqual([P1]);
  });

  it('an amend that changes no content (another commit id, the same tree) is the same change', async () => {
    const { repo, git, commonDir, range } = setup();
    saveBlocked(repo, [range]);
    await writeRoundState(commonDir, [range], [P1]);
    repo.git('commit', '-q', '--amend', '--no-edit', '--date=2001-02-03T04:05:06Z');
    const amended = repo.head();
    expect(amended).not.toBe(range.head);
    expect(await readPreviousRound(commonDir, [{ ...range, head: amended, commits: [amended] }], git)).toEqual([P1]);
  });

  it('a round state about another review is not used', async () => {
    const { repo, git, commonDir, range } = setup();
    saveBlocked(repo, [range]);
    await writeRoundState(commonDir, [{ base: range.base, head: range.base }], [P1]);
    expect(await readPreviousRound(commonDir, [range], git)).toBeNull();
  });
});
