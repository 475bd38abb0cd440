// The setup commands' git layer (simple-git) on real repositories: where the repository is in
// every layout a setup command meets, the environment a hook hands over, and exit codes kept.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitPluginError, simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { ReviewHookError } from '../../../src/errors.js';
import { createSetupGit, GitExit, gitExitOf, setupGitError } from '../../../src/git/setup-git.js';
import { canonicalKey, configValue, locateRepo, setupRepoRoot } from '../../../src/git/setup-repo.js';
import { createRepo, createRepoWithOrigin, hermeticEnv, tempDir, TestRepo } from '../../helpers/git-repo.js';
import { installCaptureHook } from './push-fixture.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('locateRepo', () => {
  it('finds the top, git dir, common dir and hooks folder from a subdirectory', async () => {
    const repo = createRepo();
    mkdirSync(join(repo.dir, 'a', 'b'), { recursive: true });
    expect(await locateRepo(createSetupGit(join(repo.dir, 'a', 'b'), repo.env))).toEqual({
      kind: 'work-tree',
      toplevel: repo.dir,
      gitDir: join(repo.dir, '.git'),
      commonDir: join(repo.dir, '.git'),
      hooksDir: join(repo.dir, '.git', 'hooks'),
    });
  });

  it('in a linked worktree: its own git dir, the shared common dir and hooks folder', async () => {
    const repo = createRepo();
    repo.commit('first');
    const wt = join(tempDir(), 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    expect(await locateRepo(createSetupGit(wt, repo.env))).toEqual({
      kind: 'work-tree',
      toplevel: wt,
      gitDir: join(repo.dir, '.git', 'worktrees', 'wt'),
      commonDir: join(repo.dir, '.git'),
      hooksDir: join(repo.dir, '.git', 'hooks'),
    });
  });

  it('honours core.hooksPath, relative to the top even from a subdirectory, and reads it back', async () => {
    const repo = createRepo();
    repo.git('config', 'core.hooksPath', '.githooks');
    mkdirSync(join(repo.dir, 'sub'));
    const setup = createSetupGit(join(repo.dir, 'sub'), repo.env);
    expect(await locateRepo(setup)).toMatchObject({ hooksDir: join(repo.dir, '.githooks') });
    expect(await configValue(setup, 'core.hooksPath')).toBe('.githooks');
    repo.git('config', 'core.hooksPath', '');
    expect(await configValue(setup, 'core.hooksPath')).toBeNull();
    repo.git('config', '--unset', 'core.hooksPath');
    expect(await configValue(setup, 'core.hooksPath')).toBeNull();
  });

  it('reads a key with a subsection as git compares it: section and name in any case, the subsection exactly', async () => {
    const repo = createRepo();
    repo.git('config', 'remote.Origin.url', 'https://example.invalid/a.git');
    repo.git('config', 'remote.origin.url', 'https://example.invalid/b.git');
    const setup = createSetupGit(repo.dir, repo.env);
    expect(await configValue(setup, 'REMOTE.Origin.URL')).toBe('https://example.invalid/a.git');
    expect(await configValue(setup, 'remote.origin.url')).toBe('https://example.invalid/b.git');
    expect(await configValue(setup, 'Core.HooksPath')).toBeNull();
  });

  it.each([
    ['core.hooksPath', 'core.hookspath'],
    ['CORE.HOOKSPATH', 'core.hookspath'],
    ['remote.Origin.URL', 'remote.Origin.url'],
    ['url.https://Example.com/.insteadOf', 'url.https://Example.com/.insteadof'],
    ['nodots', 'nodots'],
  ])('canonicalKey(%j) is %j', (key, expected) => {
    expect(canonicalKey(key)).toBe(expected);
  });

  it('tells a bare repository, a git dir and no repository apart', async () => {
    const { origin, repo } = createRepoWithOrigin();
    expect(await locateRepo(createSetupGit(origin.dir, origin.env))).toEqual({ kind: 'bare', gitDir: origin.dir });
    expect(await locateRepo(createSetupGit(join(repo.dir, '.git'), repo.env))).toEqual({ kind: 'git-dir', gitDir: join(repo.dir, '.git') });
    const outside = await locateRepo(createSetupGit(tempDir(), repo.env));
    expect(outside).toMatchObject({ kind: 'none', stderr: expect.stringMatching(/not a git repository/) });
  });

  it('setupRepoRoot: the top of the work tree, the directory itself in a bare repository, a typed error elsewhere', async () => {
    const { origin, repo } = createRepoWithOrigin();
    mkdirSync(join(repo.dir, 'sub'));
    expect(await setupRepoRoot(createSetupGit(join(repo.dir, 'sub'), repo.env))).toBe(repo.dir);
    expect(await setupRepoRoot(createSetupGit(origin.dir, origin.env))).toBe(origin.dir);
    const outside = tempDir();
    const error = await rejection(setupRepoRoot(createSetupGit(outside, repo.env)));
    expect(error).toBeInstanceOf(ReviewHookError);
    expect(error).toMatchObject({ code: 'NOT_A_REPO', message: `${outside} is not inside a git repository` });
  });

  it('a directory that does not exist is a typed error naming it', () => {
    const missing = join(tempDir(), 'gone');
    expect(() => createSetupGit(missing, hermeticEnv())).toThrow(new RegExp(`cannot run git in ${missing}`));
  });
});

describe('the environment a hook hands over', () => {
  it('a push from a linked worktree: GIT_DIR reaches git, and what git exports besides does not make simple-git refuse', async () => {
    const { repo } = createRepoWithOrigin();
    repo.commit('first');
    const { capture } = installCaptureHook(repo);
    const wt = new TestRepo(join(tempDir(), 'wt'), repo.env);
    repo.git('worktree', 'add', '-q', '-b', 'side', wt.dir);
    wt.commit('in the worktree', { 'b.txt': 'b\n' });
    const hook = capture(['origin', 'side'], { cwd: wt.dir });
    expect(hook.gitEnv.GIT_DIR).toBe(join(repo.dir, '.git', 'worktrees', 'wt'));
    expect(Object.keys(hook.gitEnv)).toContain('GIT_EXEC_PATH');
    const env = { ...repo.env, ...hook.gitEnv };

    // simple-git refuses a task whose environment holds a guarded variable it was not told to allow.
    const raw = await rejection(
      simpleGit({ baseDir: hook.cwd })
        .env({ PATH: env.PATH, ...hook.gitEnv })
        .revparse(['--show-toplevel']),
    );
    expect(raw).toBeInstanceOf(GitPluginError);
    expect((raw as Error).message).toMatch(/GIT_EXEC_PATH/);

    const setup = createSetupGit(hook.cwd, env);
    expect(await locateRepo(setup)).toEqual({
      kind: 'work-tree',
      toplevel: wt.dir,
      gitDir: join(repo.dir, '.git', 'worktrees', 'wt'),
      commonDir: join(repo.dir, '.git'),
      hooksDir: join(repo.dir, '.git', 'hooks'),
    });
  });

  it('git --git-dir --work-tree push from another directory: the hook runs there, and the work tree is still found', async () => {
    const { repo } = createRepoWithOrigin();
    repo.commit('first');
    const { capture } = installCaptureHook(repo);
    const elsewhere = tempDir();
    const hook = capture(['origin', 'main'], {
      cwd: elsewhere,
      gitOptions: ['--git-dir', join(repo.dir, '.git'), '--work-tree', repo.dir],
    });
    expect(hook.cwd).toBe(elsewhere);
    expect(hook.gitEnv).toMatchObject({ GIT_DIR: join(repo.dir, '.git'), GIT_WORK_TREE: repo.dir });
    const setup = createSetupGit(hook.cwd, { ...repo.env, ...hook.gitEnv });
    expect(await locateRepo(setup)).toMatchObject({ kind: 'work-tree', toplevel: repo.dir });
  });

  it('passes on the user config git is pointed at: GIT_CONFIG_GLOBAL, GIT_CONFIG_COUNT pairs, git -c', async () => {
    const repo = createRepo();
    const global = join(tempDir(), 'gitconfig');
    writeFileSync(global, '[core]\n\thooksPath = from-global\n');
    const env = {
      ...repo.env,
      GIT_CONFIG_GLOBAL: global,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'review.fromCount',
      GIT_CONFIG_VALUE_0: 'count',
      GIT_CONFIG_PARAMETERS: "'review.fromparameters'='parameters'",
    };
    const setup = createSetupGit(repo.dir, env);
    expect(await configValue(setup, 'core.hooksPath')).toBe('from-global');
    expect(await configValue(setup, 'review.fromCount')).toBe('count');
    expect(await configValue(setup, 'review.fromParameters')).toBe('parameters');
    expect(await locateRepo(setup)).toMatchObject({ hooksDir: join(repo.dir, 'from-global') });
  });

  it('refuses config from the environment that can run programs, with what to do about it', async () => {
    const repo = createRepo();
    const env = { ...repo.env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.sshCommand', GIT_CONFIG_VALUE_0: 'ssh -v' };
    const error = await rejection(locateRepo(createSetupGit(repo.dir, env)));
    expect(error).toBeInstanceOf(ReviewHookError);
    expect((error as ReviewHookError).message).toBe(
      'could not inspect the repository: the environment sets core.sshCommand for git (GIT_CONFIG_COUNT and GIT_CONFIG_KEY_n), ' +
        'which can run a program, and the setup commands do not pass that on',
    );
    expect((error as ReviewHookError).hint).toMatch(/env -u GIT_CONFIG_COUNT/);
  });
});

describe('exit codes are kept', () => {
  it('not a repository is exit 128 with git’s message, and checkIsRepo still answers false', async () => {
    const setup = createSetupGit(tempDir(), hermeticEnv());
    const error = await rejection(setup.git.revparse(['--show-toplevel']));
    expect(error).toBeInstanceOf(GitExit);
    expect(gitExitOf(error)).toMatchObject({ exitCode: 128, stderr: expect.stringMatching(/^fatal: not a git repository/) });
    expect(await setup.git.checkIsRepo()).toBe(false);
  });

  it('an unset key is exit 1, where simple-git alone reports success with nothing', async () => {
    const repo = createRepo();
    const error = await rejection(createSetupGit(repo.dir, repo.env).git.getConfig('core.hooksPath'));
    expect(gitExitOf(error)).toMatchObject({ exitCode: 1, stderr: '' });
    const plain = await simpleGit({ baseDir: repo.dir }).getConfig('core.hooksPath');
    expect(plain.value).toBeNull();
  });

  it('a broken config file is a real failure, named', async () => {
    const repo = createRepo();
    writeFileSync(join(repo.dir, '.git', 'config'), '[core\nbroken');
    const setup = createSetupGit(repo.dir, repo.env);
    const listed = await rejection(setup.git.listConfig());
    expect(gitExitOf(listed)?.exitCode).toBe(128);
    await expect(configValue(setup, 'core.hooksPath')).rejects.toThrow(/could not read core\.hooksPath: .*bad config/);
    await expect(locateRepo(setup)).rejects.toThrow(/could not inspect the repository: .*bad config/);
  });

  it('git missing from PATH: version() says not installed, other calls fail with how to fix it', async () => {
    const setup = createSetupGit(tempDir(), { ...hermeticEnv(), PATH: tempDir() });
    expect(await setup.git.version()).toMatchObject({ installed: false });
    const error = await rejection(setup.git.checkIsRepo());
    expect(gitExitOf(error)?.exitCode).toBeLessThan(0);
    const typed = setupGitError('could not inspect the repository', error);
    expect(typed.message).toMatch(/could not inspect the repository: git could not run \(.*ENOENT/);
    expect(typed.hint).toBe('Install git and make sure it is on PATH.');
  });
});
