// install, uninstall, doctor and init as the command line runs them (in-process, through
// buildProgram), on real repositories, with the environment a real hook was given.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/commands.js';
import { createRepo, createRepoWithOrigin, hermeticEnv, tempDir, TestRepo } from '../../helpers/git-repo.js';
import { installCaptureHook } from '../git/push-fixture.js';

const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..', '..');

async function cli(argv: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  stderr.resume();
  const code = await buildProgram({
    cwd,
    // Never the developer's key or endpoint: doctor must not reach a network.
    env: { ...env, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined },
    stdout,
    stderr,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    now: () => new Date('2026-01-01T00:00:00Z'),
    nodePath: process.execPath,
    version: '0.0.0-test',
    stdinText: null,
    packageRoot: PACKAGE_ROOT,
    nodeVersion: process.versions.node,
  }).run(argv);
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

/** doctor's lines as "status name" pairs, up to the config line. */
function doctorLines(stdout: string): string[] {
  return [...stdout.matchAll(/^(ok {2}|warn|FAIL) {2}(\S+(?: runs| order)?)/gm)].map((m) => `${m[1]!.trim()} ${m[2]}`);
}

const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function privateHome(): Record<string, string> {
  const home = tempDir();
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
}

describe('from inside a pre-push hook of a linked worktree', () => {
  it('install, doctor, init and uninstall answer for the repository git named', async () => {
    const { repo } = createRepoWithOrigin();
    repo.env = hermeticEnv(privateHome());
    repo.commit('first');
    const { capture } = installCaptureHook(repo);
    const wt = new TestRepo(join(tempDir(), 'wt'), repo.env);
    repo.git('worktree', 'add', '-q', '-b', 'side', wt.dir);
    wt.commit('in the worktree', { 'b.txt': 'b\n' });
    const captured = capture(['origin', 'side'], { cwd: wt.dir });
    expect(captured.gitEnv.GIT_DIR).toBe(join(repo.dir, '.git', 'worktrees', 'wt'));
    const hook = { cwd: captured.cwd, env: { ...repo.env, ...captured.gitEnv } };
    const hookFile = join(repo.dir, '.git', 'hooks', 'pre-push');

    const installed = await cli(['install'], hook.cwd, hook.env);
    expect(installed).toMatchObject({ code: 0, stdout: expect.stringContaining(`review-hook: installed: ${hookFile}`) });
    // The recording hook was chained, not replaced.
    expect(readFileSync(hookFile, 'utf8')).toContain('capture.stdin');

    const doctor = await cli(['doctor'], hook.cwd, hook.env);
    expect(doctorLines(doctor.stdout).slice(0, 6)).toEqual([
      'ok node',
      'ok git',
      'ok repository',
      'ok hook',
      'ok hook runs',
      'ok hook order',
    ]);
    expect(doctor.stdout).toMatch(new RegExp(`^ok +repository +${esc(wt.dir)} \\(git dir ${esc(join(repo.dir, '.git'))}\\)$`, 'm'));
    expect(doctor.stdout).toMatch(/^ok +git +git version \d+\.\d+\.\d+/m);

    expect(await cli(['init'], hook.cwd, hook.env)).toMatchObject({
      code: 0,
      stdout: `review-hook: wrote ${join(wt.dir, '.reviewrc.json')}\n`,
    });

    const removed = await cli(['uninstall'], hook.cwd, hook.env);
    expect(removed.stdout).toContain(`review-hook: removed: ${hookFile}`);
    expect(readFileSync(hookFile, 'utf8')).not.toContain('review-hook >>>');
  });
});

describe('where there is no work tree', () => {
  it('outside a repository: install and init stop with a typed error, doctor fails the repository line', async () => {
    const outside = tempDir();
    const env = hermeticEnv(privateHome());
    await expect(cli(['install'], outside, env)).rejects.toMatchObject({
      code: 'INSTALL',
      message: `${outside} is not inside a git repository`,
    });
    await expect(cli(['init'], outside, env)).rejects.toMatchObject({ code: 'NOT_A_REPO' });
    expect(existsSync(join(outside, '.reviewrc.json'))).toBe(false);
    const doctor = await cli(['doctor'], outside, env);
    expect(doctor.code).toBe(1);
    expect(doctorLines(doctor.stdout)).toEqual(['ok node', 'ok git', 'FAIL repository']);
    expect(doctor.stdout).toContain(`${outside} is not inside a git repository`);
  });

  it('a bare repository: install refuses and says why, doctor names it, init writes where it was run', async () => {
    const { origin } = createRepoWithOrigin();
    const env = hermeticEnv(privateHome());
    await expect(cli(['install'], origin.dir, env)).rejects.toThrow(
      `a pre-push hook needs a work tree; ${origin.dir} is a bare repository`,
    );
    const doctor = await cli(['doctor'], origin.dir, env);
    expect(doctor.stdout).toMatch(new RegExp(`^ok +repository +${esc(origin.dir)} \\(a bare repository: no work tree\\)$`, 'm'));
    expect(doctor.stdout).toMatch(/^FAIL +hook +a pre-push hook needs a work tree/m);
    expect(await cli(['init'], origin.dir, env)).toMatchObject({ stdout: `review-hook: wrote ${join(origin.dir, '.reviewrc.json')}\n` });
  });

  it('inside the git dir of a checkout: install says so', async () => {
    const repo = createRepo();
    const gitDir = join(repo.dir, '.git');
    await expect(cli(['install'], gitDir, repo.env)).rejects.toThrow(
      `a pre-push hook needs a work tree; ${gitDir} is inside the git dir ${gitDir}`,
    );
  });
});

describe('core.hooksPath', () => {
  it('install and doctor use the configured folder from a subdirectory', async () => {
    const repo = createRepo();
    repo.env = hermeticEnv(privateHome());
    repo.git('config', 'core.hooksPath', '.githooks');
    mkdirSync(join(repo.dir, 'src'));
    const installed = await cli(['install'], join(repo.dir, 'src'), repo.env);
    expect(installed.stdout).toContain(`review-hook: installed: ${join(repo.dir, '.githooks', 'pre-push')}`);
    expect(installed.stdout).toContain('core.hooksPath is .githooks');
    const doctor = await cli(['doctor'], join(repo.dir, 'src'), repo.env);
    expect(doctor.stdout).toMatch(new RegExp(`^ok +hook runs +git runs ${esc(join(repo.dir, '.githooks', 'pre-push'))}$`, 'm'));
  });
});

describe('git configuration in the environment that runs a program', () => {
  it('install stops and doctor fails the git line, each naming the key and the way out', async () => {
    const repo = createRepo();
    const env = {
      ...hermeticEnv(privateHome()),
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: 'store',
    };
    await expect(cli(['install'], repo.dir, env)).rejects.toMatchObject({
      message: expect.stringContaining('the environment sets credential.helper for git'),
      hint: expect.stringContaining('env -u GIT_CONFIG_COUNT'),
    });
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-push'))).toBe(false);
    const doctor = await cli(['doctor'], repo.dir, env);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(
      /^FAIL +git +git --version: the environment sets credential\.helper for git .*\n +fix: Run the command without that setting/m,
    );
  });
});

describe('git not on PATH', () => {
  it('doctor fails the git line with the fix and stops there', async () => {
    const doctor = await cli(['doctor'], tempDir(), { ...hermeticEnv(), PATH: tempDir() });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/^FAIL +git +git is not installed or not on PATH\n +fix: Install git and make sure it is on PATH\.$/m);
  });
});
