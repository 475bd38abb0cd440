// Size limits on what is read for the model: applied by bytes while the diff streams in, before
// anything is tokenized; what is over them is skipped "too large", and the rest is still reviewed.
import { describe, expect, test } from 'vitest';
import { collectChangeset } from '../../../src/git/changeset.js';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_NEVER_SEND } from '../../../src/git/default-globs.js';
import { createGit } from '../../../src/git/exec-git.js';
import { openRepo } from '../../../src/git/repo.js';
import { sizeLimits } from '../../../src/git/size-limits.js';
import { createRepo } from '../../helpers/git-repo.js';

const filter = { include: [...DEFAULT_INCLUDE], exclude: [...DEFAULT_EXCLUDE], neverSend: [...DEFAULT_NEVER_SEND] };

async function changesetOf(files: Record<string, string>, maxPushTokens?: number) {
  const repo = createRepo();
  const base = repo.commit('base', { 'README.md': '# x\n' });
  const head = repo.commit('big', files);
  const git = createGit(repo.dir, repo.env);
  const info = await openRepo(git);
  return collectChangeset(git, info, [{ ref: 'refs/heads/main', base, head, commits: [head], notes: [] }], {
    ...filter,
    ...(maxPushTokens === undefined ? {} : { maxPushTokens }),
  });
}

const lines = (n: number, width: number) => Array.from({ length: n }, (_, i) => `${i} ${'v'.repeat(width)}`).join('\n') + '\n';

describe('size limits', () => {
  test('the defaults: 1,200,000 bytes per file, four times that per push, lines of 20,000 characters', () => {
    expect(sizeLimits(200_000)).toEqual({ fileBytes: 1_200_000, pushBytes: 4_800_000, lineChars: 20_000 });
    expect(sizeLimits(1000).fileBytes).toBe(1024 * 1024);
  });

  test('a file with a line over 20,000 characters is skipped too large; the others are reviewed', async () => {
    const cs = await changesetOf({ 'min.bundle.txt': `${'x'.repeat(25_000)}\nend\n`, 'src/a.js': 'export const a = 1;\n' });
    expect(cs.files.map((f) => f.path)).toEqual(['src/a.js']);
    expect(cs.skipped).toEqual([
      { file: 'min.bundle.txt', reason: 'too large: a line longer than 20,000 characters (minified or generated?)' },
    ]);
  });

  test('a file whose diff is over the file limit is skipped; a file under it keeps every hunk line', async () => {
    const cs = await changesetOf({ 'data/big.txt': lines(30_000, 40), 'data/small.txt': lines(100, 40) }, 1000);
    expect(cs.skipped).toEqual([{ file: 'data/big.txt', reason: 'too large: its diff is over 1 MB' }]);
    const small = cs.files.find((f) => f.path === 'data/small.txt')!;
    expect(small.hunks.flatMap((h) => h.lines).filter((l) => l.kind === 'add')).toHaveLength(100);
  });

  test('once the files read add up to the push limit, the rest are skipped; earlier ones are reviewed', async () => {
    // Five files of about 900 KB: four fit the 4 MiB push limit, the fifth does not.
    const files: Record<string, string> = {};
    for (let i = 1; i <= 5; i++) files[`data/part-${i}.txt`] = lines(20_000, 40);
    const cs = await changesetOf(files, 1000);
    expect(cs.files.map((f) => f.path)).toEqual(['data/part-1.txt', 'data/part-2.txt', 'data/part-3.txt', 'data/part-4.txt']);
    expect(cs.skipped).toEqual([{ file: 'data/part-5.txt', reason: "too large: the push's diff is over 4 MB, more than can be sent" }]);
  });
});
