import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReviewHookError } from '../../../src/errors.js';
import { createGit } from '../../../src/git/exec-git.js';
import { EMPTY_TREE, openRepo } from '../../../src/git/repo.js';
import { createRepo, createRepoWithOrigin, hermeticEnv, tempDir } from '../../helpers/git-repo.js';

describe('openRepo', () => {
  it('describes a normal repository, from its top and from a subdirectory', async () => {
    const repo = createRepo();
    repo.commit('one', { 'sub/a.txt': 'a\n' });
    const expected = {
      toplevel: repo.dir,
      gitDir: join(repo.dir, '.git'),
      commonDir: join(repo.dir, '.git'),
      objectFormat: 'sha1',
      emptyTree: EMPTY_TREE.sha1,
      isShallow: false,
    };
    expect(await openRepo(createGit(repo.dir, repo.env))).toEqual(expected);
    expect(await openRepo(createGit(join(repo.dir, 'sub'), repo.env))).toEqual(expected);
    expect(repo.git('hash-object', '-t', 'tree', '/dev/null').trim()).toBe(EMPTY_TREE.sha1);
  });

  it('knows the SHA-256 empty tree', async () => {
    const repo = createRepo({ objectFormat: 'sha256' });
    const info = await openRepo(createGit(repo.dir, repo.env));
    expect(info.objectFormat).toBe('sha256');
    expect(info.emptyTree).toBe(repo.git('hash-object', '-t', 'tree', '/dev/null').trim());
    expect(info.emptyTree).toBe(EMPTY_TREE.sha256);
  });

  it('reports no top level for a bare repository', async () => {
    const { origin } = createRepoWithOrigin();
    const info = await openRepo(createGit(origin.dir, origin.env));
    expect(info).toMatchObject({ toplevel: null, gitDir: origin.dir, commonDir: origin.dir, objectFormat: 'sha1' });
  });

  it('follows GIT_DIR and GIT_WORK_TREE from an unrelated directory (git --git-dir=… push)', async () => {
    const repo = createRepo();
    repo.commit('one');
    const scratch = tempDir();
    const env = { ...repo.env, GIT_DIR: join(repo.dir, '.git'), GIT_WORK_TREE: repo.dir };
    const info = await openRepo(createGit(scratch, env));
    expect(info).toMatchObject({ toplevel: repo.dir, gitDir: join(repo.dir, '.git'), commonDir: join(repo.dir, '.git') });
  });

  it('detects a shallow clone', async () => {
    const { repo, origin } = createRepoWithOrigin();
    repo.commit('one');
    repo.commit('two');
    repo.git('push', '-q', 'origin', 'main');
    const clone = join(dirname(repo.dir), 'shallow');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone], { env: hermeticEnv() });
    expect((await openRepo(createGit(clone, hermeticEnv()))).isShallow).toBe(true);
  });

  it('outside any repository: a NOT_A_REPO error with a hint', async () => {
    const dir = tempDir();
    const git = createGit(dir, hermeticEnv({ GIT_CEILING_DIRECTORIES: dirname(dir) }));
    const error = await openRepo(git).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReviewHookError);
    expect(error).toMatchObject({ code: 'NOT_A_REPO' });
    expect((error as ReviewHookError).hint).toMatch(/git repository/);
  });
});
