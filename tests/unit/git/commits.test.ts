import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GitError } from '../../../src/errors.js';
import { readCommits, readConfigValue, readTrailer } from '../../../src/git/commits.js';
import { createGit } from '../../../src/git/exec-git.js';
import { createRepo, createRepoWithOrigin } from '../../helpers/git-repo.js';
import { installCaptureHook } from './push-fixture.js';

describe('readCommits', () => {
  it('reads subject, body and author, in the order asked', async () => {
    const repo = createRepo();
    const a = repo.commit('Add parser\n\nHandles quoted names.\n\nSecond paragraph with a \x1f separator.');
    const b = repo.commit('Fix: one-liner');
    const git = createGit(repo.dir, repo.env);
    const commits = await readCommits(git, [b, a, b]);
    expect(commits).toEqual([
      { oid: b, subject: 'Fix: one-liner', body: '', author: 'Test Author <author@example.com>' },
      {
        oid: a,
        subject: 'Add parser',
        body: 'Handles quoted names.\n\nSecond paragraph with a \x1f separator.',
        author: 'Test Author <author@example.com>',
      },
    ]);
    expect(await readCommits(git, [])).toEqual([]);
    await expect(readCommits(git, ['--all'])).rejects.toThrow(TypeError);
  });

  it('reads thousands of commits in batches', async () => {
    const repo = createRepo();
    // fast-import writes 1100 commits in one process.
    const n = 1100;
    let stream = '';
    for (let i = 1; i <= n; i++) {
      const msg = `commit ${i}\n`;
      stream += `commit refs/heads/main\nmark :${i}\ncommitter T <t@example.com> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`;
      if (i > 1) stream += `from :${i - 1}\n`;
      stream += '\n';
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, env: repo.env, input: stream });
    const oids = repo.git('rev-list', '--reverse', 'main').trim().split('\n');
    expect(oids).toHaveLength(n);
    const commits = await readCommits(createGit(repo.dir, repo.env), oids);
    expect(commits).toHaveLength(n);
    expect(commits.map((c) => c.oid)).toEqual(oids);
    expect(commits[0]!.subject).toBe('commit 1');
    expect(commits[n - 1]!.subject).toBe(`commit ${n}`);
  });
});

describe('readTrailer', () => {
  it('reads a trailer from the commit message, or null', async () => {
    const repo = createRepo();
    const plain = repo.commit('No trailer here\n\nReview-Override in prose is not a trailer.');
    const withTrailer = repo.commit(
      'Hotfix\n\nBody.\n\nReview-Override: prod is down,\n  fix verified by hand\nSigned-off-by: T <t@example.com>',
    );
    const git = createGit(repo.dir, repo.env);
    expect(await readTrailer(git, withTrailer, 'Review-Override')).toBe('prod is down, fix verified by hand');
    expect(await readTrailer(git, withTrailer, 'review-override')).toBe('prod is down, fix verified by hand');
    expect(await readTrailer(git, plain, 'Review-Override')).toBeNull();
    await expect(readTrailer(git, plain, 'x,valueonly)')).rejects.toThrow(TypeError);
  });
});

describe('readConfigValue', () => {
  it('reads repository config, null when unset', async () => {
    const repo = createRepo();
    repo.git('config', 'review-hook.model', 'm1');
    const git = createGit(repo.dir, repo.env);
    expect(await readConfigValue(git, 'review-hook.model')).toBe('m1');
    expect(await readConfigValue(git, 'review-hook.allow')).toBeNull();
    expect(await readConfigValue(git, 'not a key')).toBeNull();
  });

  it('reads a `git -c key=value push` value in the environment git gives the hook', async () => {
    const { repo } = createRepoWithOrigin();
    repo.commit('one');
    const { capture } = installCaptureHook(repo);
    const captured = capture(['origin', 'main'], { gitOptions: ['-c', 'review-hook.allow=ship it, reviewed offline'] });
    expect(captured.gitEnv.GIT_CONFIG_PARAMETERS).toBeDefined();
    const hookGit = createGit(captured.cwd, { ...repo.env, ...captured.gitEnv });
    expect(await readConfigValue(hookGit, 'review-hook.allow')).toBe('ship it, reviewed offline');
  });

  it('fails loudly on a broken config file', async () => {
    const repo = createRepo();
    writeFileSync(join(repo.dir, '.git', 'config'), '[broken\n');
    await expect(readConfigValue(createGit(repo.dir, repo.env), 'user.name')).rejects.toThrow(GitError);
  });
});
