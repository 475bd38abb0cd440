// install/uninstall against real repositories, checked by real `git push`es through the hook.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InstallError } from '../../../src/errors.js';
import { createSetupGit } from '../../../src/git/setup-git.js';
import { BLOCK_START, CREATED_MARKER, renderBlock } from '../../../src/install/hook-script.js';
import { installHook, uninstallHook, type InstallOptions } from '../../../src/install/install-hook.js';
import { createRepo, createRepoWithOrigin, hermeticEnv, tempDir, TestRepo } from '../../helpers/git-repo.js';
import { readCalls, writeFakeTool } from './fake-tool.js';

const ZERO = '0'.repeat(40);
const HUSKY_BIN = join(dirname(createRequire(import.meta.url).resolve('husky')), 'bin.js');

interface Setup {
  repo: TestRepo;
  origin: TestRepo;
  /** Where the fake tools log their calls. */
  log: string;
  /** A second log for other commands in the hook. */
  otherLog: string;
  options: InstallOptions;
  /** A runner for another directory (a subdirectory, a worktree) with the same environment. */
  gitAt(dir: string): InstallOptions['git'];
}

function setup(): Setup {
  const { repo, origin } = createRepoWithOrigin();
  const scratch = tempDir();
  const log = join(scratch, 'calls.jsonl');
  const otherLog = join(scratch, 'other.log');
  // A private HOME: git's global config and husky's ~/.config/husky/init.sh must not leak in.
  const home = join(scratch, 'home');
  mkdirSync(home);
  repo.env = hermeticEnv({ RH_FAKE_LOG: log, RH_OTHER_LOG: otherLog, HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
  repo.commit('first', { 'a.txt': 'a\n' });
  const cliPath = writeFakeTool(join(scratch, 'pkg', 'bin', 'review-hook.js'), 'recorded');
  const gitAt = (dir: string) => createSetupGit(dir, { ...repo.env, GIT_CONFIG_NOSYSTEM: '1' });
  return { repo, origin, log, otherLog, options: { git: gitAt(repo.dir), cliPath, nodePath: process.execPath }, gitAt };
}

function refLine(repo: TestRepo, branch = 'main', remote = ZERO): string {
  return `refs/heads/${branch} ${repo.head()} refs/heads/${branch} ${remote}\n`;
}

function read(path: string): string {
  return readFileSync(path, 'utf8');
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function runHusky(repo: TestRepo): void {
  execFileSync(process.execPath, [HUSKY_BIN], { cwd: repo.dir, env: repo.env, stdio: 'pipe' });
  expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
}

/** Every file under a folder with its mode and bytes, to prove install left it alone. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    out[name] = `${mode(path).toString(8)} ${read(path)}`;
  }
  return out;
}

const OTHER_READER = '{ echo "other $*"; cat; } >> "$RH_OTHER_LOG"\nexit "${OTHER_EXIT:-0}"\n';

describe('a plain repository', () => {
  it('installs an executable hook that a real push runs with the arguments and ref lines', async () => {
    const { repo, origin, log, options } = setup();
    const result = await installHook(options);
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    expect(result).toMatchObject({ action: 'installed', file });
    expect(read(file).startsWith(`#!/bin/sh\n${BLOCK_START}\n`)).toBe(true);
    expect(mode(file)).toBe(0o755);

    const push = repo.tryGit(['push', '--porcelain', 'origin', 'main']);
    expect(push.status, push.stderr).toBe(0);
    expect(readCalls(log)).toMatchObject([
      { label: 'recorded', argv: ['pre-push', 'origin', origin.dir], stdin: refLine(repo), cwd: repo.dir },
    ]);
    // Hook output goes to stderr; git's stdout (here --porcelain's) stays clean.
    expect(push.stdout).not.toContain('FAKE-STDOUT');
    expect(push.stderr).toContain('FAKE-STDOUT recorded');
  });

  it('lets the tool block the push', async () => {
    const { repo, origin, log, options } = setup();
    await installHook(options);
    const push = repo.tryGit(['push', 'origin', 'main'], { env: { ...repo.env, RH_FAKE_EXIT: '1' } });
    expect(push.status).not.toBe(0);
    expect(readCalls(log)).toHaveLength(1);
    expect(origin.tryGit(['rev-parse', '--verify', '-q', 'refs/heads/main']).status).not.toBe(0);
  });

  it('is idempotent, and updates the recorded paths in place', async () => {
    const { repo, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    await installHook(options);
    const first = read(file);
    expect(await installHook(options)).toMatchObject({ action: 'already-installed', file });
    expect(read(file)).toBe(first);

    const moved = { ...options, cliPath: '/elsewhere/bin/review-hook.js' };
    expect(await installHook(moved)).toMatchObject({ action: 'updated', file });
    const updated = read(file);
    expect(updated.split(BLOCK_START)).toHaveLength(2);
    expect(updated).toContain("'/elsewhere/bin/review-hook.js'");
    expect(updated).toContain(CREATED_MARKER); // still ours, so uninstall may delete it
    expect(await installHook(options)).toMatchObject({ action: 'updated' });
    expect(read(file)).toBe(first);

    chmodSync(file, 0o644);
    expect(await installHook(options)).toMatchObject({ action: 'updated' });
    expect(mode(file)).toBe(0o755);
  });

  it('finds the repository from a subdirectory', async () => {
    const { repo, options, gitAt } = setup();
    mkdirSync(join(repo.dir, 'sub', 'deep'), { recursive: true });
    const result = await installHook({ ...options, git: gitAt(join(repo.dir, 'sub', 'deep')) });
    expect(result.file).toBe(join(repo.dir, '.git', 'hooks', 'pre-push'));
  });

  it('refuses outside a repository and in a bare one', async () => {
    const { options, origin, gitAt } = setup();
    const outside = tempDir();
    await expect(installHook({ ...options, git: gitAt(outside) })).rejects.toThrow(/not inside a git repository/);
    await expect(installHook({ ...options, git: gitAt(origin.dir) })).rejects.toThrow(InstallError);
  });

  it('refuses to edit around a damaged block', async () => {
    const { repo, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(file, `#!/bin/sh\n${BLOCK_START}\necho half a block\n`, { mode: 0o755 });
    await expect(installHook(options)).rejects.toThrow(/damaged/);
    await expect(uninstallHook(options)).rejects.toThrow(/damaged/);
    expect(read(file)).toBe(`#!/bin/sh\n${BLOCK_START}\necho half a block\n`);
  });
});

describe('core.hooksPath', () => {
  it('installs into the folder git runs hooks from, resolved from the top even when run in a subdirectory', async () => {
    const { repo, log, options, gitAt } = setup();
    repo.git('config', 'core.hooksPath', '.githooks');
    mkdirSync(join(repo.dir, 'sub'));
    const result = await installHook({ ...options, git: gitAt(join(repo.dir, 'sub')) });
    expect(result.file).toBe(join(repo.dir, '.githooks', 'pre-push'));
    expect(result.messages.join('\n')).toContain('core.hooksPath is .githooks');
    expect(existsSync(join(repo.dir, 'sub', '.githooks'))).toBe(false);

    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
    expect(readCalls(log)).toMatchObject([{ label: 'recorded', stdin: refLine(repo) }]);
  });

  it("chains into another manager's hook in that folder instead of replacing it", async () => {
    const { repo, log, otherLog, options } = setup();
    const hooks = join(repo.dir, '.managed-hooks');
    mkdirSync(hooks);
    const original = `#!/bin/sh\n# generated by some hook manager\n${OTHER_READER}`;
    writeFileSync(join(hooks, 'pre-push'), original, { mode: 0o755 });
    repo.git('config', 'core.hooksPath', hooks);

    expect(await installHook(options)).toMatchObject({ action: 'installed', file: join(hooks, 'pre-push') });
    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
    expect(readCalls(log)).toHaveLength(1);
    expect(read(otherLog)).toContain(refLine(repo));

    await uninstallHook(options);
    expect(read(join(hooks, 'pre-push'))).toBe(original);
  });
});

describe('chaining a foreign shell hook', () => {
  it.each([
    ['#!/bin/sh\n'],
    ['#!/usr/bin/env bash\n'],
    ['#!/bin/bash\nset -euo pipefail\n'],
    [''], // no shebang: git runs it with sh
  ])('%j: both run, both see the ref lines, either can block, uninstall restores it exactly', async (head) => {
    const { repo, origin, log, otherLog, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    const original = `${head}# the team's own hook\n${OTHER_READER}`;
    writeFileSync(file, original, { mode: 0o750 });

    const result = await installHook(options);
    expect(result.action).toBe('installed');
    expect(result.messages.join('\n')).toContain('existing commands');
    expect(read(file).indexOf(BLOCK_START)).toBe(head.split('\n')[0]!.length + (head ? 1 : 0));
    expect(mode(file)).toBe(0o750);

    const push = repo.tryGit(['push', 'origin', 'main']);
    expect(push.status, push.stderr).toBe(0);
    expect(readCalls(log)).toMatchObject([{ argv: ['pre-push', 'origin', origin.dir], stdin: refLine(repo) }]);
    expect(read(otherLog)).toBe(`other origin ${origin.dir}\n${refLine(repo)}`);

    // The foreign hook's failure still blocks the push.
    repo.commit('second');
    const blocked = repo.tryGit(['push', 'origin', 'main'], { env: { ...repo.env, OTHER_EXIT: '3' } });
    expect(blocked.status).not.toBe(0);
    expect(readCalls(log)).toHaveLength(2);

    // A block from the review stops the hook before the foreign part runs.
    const before = read(otherLog);
    const reviewed = repo.tryGit(['push', 'origin', 'main'], { env: { ...repo.env, RH_FAKE_EXIT: '1' } });
    expect(reviewed.status).not.toBe(0);
    expect(read(otherLog)).toBe(before);

    expect(await uninstallHook(options)).toMatchObject({ action: 'removed', file });
    expect(read(file)).toBe(original);
    expect(mode(file)).toBe(0o750);
    expect(await uninstallHook(options)).toMatchObject({ action: 'not-installed' });
  });

  it.each([
    ['a python script', '#!/usr/bin/env python3\nimport sys\nsys.exit(0)\n', /python3 script/],
    ['a node script', '#!/usr/bin/env node\nprocess.exit(0)\n', /node script/],
    ['a binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), /binary program/],
  ])('refuses %s and leaves it untouched', async (_name, content, message) => {
    const { repo, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(file, content, { mode: 0o755 });
    const error: unknown = await installHook(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstallError);
    expect((error as InstallError).message).toMatch(message);
    expect((error as InstallError).hint).toContain(`mv '${file}' '${file}.local'`);
    expect(readFileSync(file)).toEqual(Buffer.from(content));
  });

  it('refuses a hook git does not run (not executable) and a symbolic link', async () => {
    const { repo, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(file, '#!/bin/sh\nexit 1\n', { mode: 0o644 });
    await expect(installHook(options)).rejects.toThrow(/not executable/);
    expect(read(file)).toBe('#!/bin/sh\nexit 1\n');

    const target = join(repo.dir, 'scripts', 'pre-push');
    mkdirSync(dirname(target));
    writeFileSync(target, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    execFileSync('rm', [file]);
    symlinkSync(target, file);
    await expect(installHook(options)).rejects.toThrow(/symbolic link/);
    expect(read(target)).toBe('#!/bin/sh\nexit 0\n');
  });

  it('the hint for a non-shell hook works as written', async () => {
    const { repo, log, otherLog, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    // A node hook that records the ref lines it reads on stdin.
    writeFileSync(
      file,
      `#!${process.execPath}\nrequire('fs').appendFileSync(process.env.RH_OTHER_LOG, require('fs').readFileSync(0, 'utf8'));\n`,
      { mode: 0o755 },
    );
    const error = (await installHook(options).catch((e: unknown) => e)) as InstallError;
    const hint = error.hint!;
    const [move, install, append] = hint.slice(hint.indexOf('mv ')).split(' && ');
    expect(install).toBe('review-hook install');
    execFileSync('sh', ['-c', move!], { env: repo.env });
    await installHook(options);
    execFileSync('sh', ['-c', append!], { env: repo.env });
    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
    expect(readCalls(log)).toHaveLength(1);
    expect(read(otherLog)).toBe(refLine(repo));
  });
});

describe('husky 9', () => {
  // The committed hook finds the tool in the pushing clone's node_modules, as a project installs it.
  const projectBin = (dir: string, label = 'recorded') => writeFakeTool(join(dir, 'node_modules', '.bin', 'review-hook'), label);

  it('adds the block to .husky/pre-push ahead of other commands, which still get the ref lines', async () => {
    const { repo, origin, log, otherLog, options } = setup();
    projectBin(repo.dir);
    runHusky(repo);
    const huskyFile = join(repo.dir, '.husky', 'pre-push');
    const original = `echo "lint: fine" >&2\n${OTHER_READER.replace(/\nexit .*\n$/, '\n')}printf '%s\\n' "$REVIEW_HOOK_REFS" > "$RH_OTHER_LOG.var"\n`;
    writeFileSync(huskyFile, original);
    const runnerDir = join(repo.dir, '.husky', '_');
    const runner = snapshot(runnerDir);

    const result = await installHook(options);
    expect(result).toMatchObject({ action: 'installed', file: huskyFile });
    expect(read(huskyFile).startsWith(BLOCK_START)).toBe(true);
    expect(read(huskyFile).endsWith(original)).toBe(true);
    expect(snapshot(runnerDir)).toEqual(runner); // never writes into .husky/_
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-push'))).toBe(false);

    const push = repo.tryGit(['push', 'origin', 'main']);
    expect(push.status, push.stderr).toBe(0);
    expect(readCalls(log)).toMatchObject([{ argv: ['pre-push', 'origin', origin.dir], stdin: refLine(repo) }]);
    expect(read(otherLog)).toBe(`other origin ${origin.dir}\n${refLine(repo)}`);
    expect(read(`${otherLog}.var`)).toBe(refLine(repo));

    expect(await uninstallHook(options)).toMatchObject({ action: 'removed', file: huskyFile });
    expect(read(huskyFile)).toBe(original);
  });

  it('creates .husky/pre-push when missing, runs under husky, and uninstall deletes it', async () => {
    const { repo, log, options } = setup();
    projectBin(repo.dir);
    runHusky(repo);
    const huskyFile = join(repo.dir, '.husky', 'pre-push');
    expect(await installHook(options)).toMatchObject({ action: 'installed', file: huskyFile });
    expect(mode(huskyFile)).toBe(0o644); // husky runs it with sh -e
    expect(await installHook(options)).toMatchObject({ action: 'already-installed' });

    const blocked = repo.tryGit(['push', 'origin', 'main'], { env: { ...repo.env, RH_FAKE_EXIT: '1' } });
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('husky - pre-push script failed (code 1)');
    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
    expect(readCalls(log).map((c) => c.stdin)).toEqual([refLine(repo), refLine(repo)]);

    expect(await uninstallHook(options)).toMatchObject({ action: 'removed', file: huskyFile });
    expect(existsSync(huskyFile)).toBe(false);
    expect(existsSync(join(repo.dir, '.husky', '_', 'pre-push'))).toBe(true);
  });

  it('keeps a created .husky/pre-push on uninstall when the user added lines to it', async () => {
    const { repo, options } = setup();
    projectBin(repo.dir);
    runHusky(repo);
    const huskyFile = join(repo.dir, '.husky', 'pre-push');
    await installHook(options);
    writeFileSync(huskyFile, read(huskyFile) + 'npm test\n');
    await uninstallHook(options);
    expect(read(huskyFile)).toBe('npm test\n');
  });

  it('sets husky up (and adds "prepare": "husky") when the project has husky installed but this clone has not run it', async () => {
    const { repo, log, options } = setup();
    projectBin(repo.dir);
    repo.write({
      'package.json': JSON.stringify({ name: 'x', scripts: { test: 'vitest' }, devDependencies: { husky: '^9.1.7' } }, null, 2) + '\n',
    });
    symlinkSync(dirname(HUSKY_BIN), join(repo.dir, 'node_modules', 'husky'));
    const result = await installHook({ ...options, env: repo.env });

    const huskyFile = join(repo.dir, '.husky', 'pre-push');
    expect(result).toMatchObject({ action: 'installed', file: huskyFile });
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
    expect(JSON.parse(read(join(repo.dir, 'package.json'))).scripts).toEqual({ test: 'vitest', prepare: 'husky' });
    expect(result.messages.join('\n')).toContain('Set up husky');

    // The very next push runs the block, with no `npx husky` in between.
    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
    expect(readCalls(log)).toHaveLength(1);
  });

  it('leaves an existing prepare script alone and says what to add', async () => {
    const { repo, options } = setup();
    projectBin(repo.dir);
    repo.write({
      'package.json': JSON.stringify({ name: 'x', scripts: { prepare: 'npm run build' }, devDependencies: { husky: '^9.1.7' } }),
    });
    symlinkSync(dirname(HUSKY_BIN), join(repo.dir, 'node_modules', 'husky'));
    const result = await installHook({ ...options, env: repo.env });
    expect(JSON.parse(read(join(repo.dir, 'package.json'))).scripts).toEqual({ prepare: 'npm run build' });
    expect(result.messages.join('\n')).toContain('"npm run build && husky"');
    expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
  });

  it('writes .husky/pre-push and says how to finish when package.json lists husky but it is not set up', async () => {
    const { repo, log, options } = setup();
    projectBin(repo.dir);
    repo.write({ 'package.json': JSON.stringify({ name: 'x', devDependencies: { husky: '^9.1.7' } }) });
    const result = await installHook(options);
    const huskyFile = join(repo.dir, '.husky', 'pre-push');
    expect(result).toMatchObject({ action: 'installed', file: huskyFile });
    const said = result.messages.join('\n');
    expect(said).toContain('npx husky');
    expect(said).toContain('"prepare": "husky"');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-push'))).toBe(false);

    // Once husky is set up, the block runs.
    runHusky(repo);
    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);
    expect(readCalls(log)).toHaveLength(1);
  });

  it('does not suggest a prepare script that is already there', async () => {
    const { repo, options } = setup();
    projectBin(repo.dir);
    repo.write({ 'package.json': JSON.stringify({ scripts: { prepare: 'husky && tsc' } }) });
    const result = await installHook(options);
    expect(result.file).toBe(join(repo.dir, '.husky', 'pre-push'));
    expect(result.messages.join('\n')).not.toContain('"prepare"');
  });

  it('uninstall also removes a block left in .git/hooks from before husky was set up', async () => {
    const { repo, options } = setup();
    projectBin(repo.dir);
    await installHook(options);
    runHusky(repo);
    await installHook(options);
    const result = await uninstallHook(options);
    expect(result.action).toBe('removed');
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'pre-push'))).toBe(false);
    expect(existsSync(join(repo.dir, '.husky', 'pre-push'))).toBe(false);
    expect(result.messages).toHaveLength(2);
  });

  it('commits a hook that names no path of this machine, and a second clone at another path runs it', async () => {
    const { repo, origin, options } = setup();
    projectBin(repo.dir, 'first-clone');
    writeFileSync(join(repo.dir, '.gitignore'), 'node_modules\n');
    runHusky(repo);
    await installHook(options);
    const committed = read(join(repo.dir, '.husky', 'pre-push'));
    for (const path of [repo.dir, options.cliPath, process.execPath, dirname(process.execPath)]) expect(committed).not.toContain(path);
    repo.git('add', '.gitignore', '.husky/pre-push');
    repo.git('commit', '-q', '-m', 'review pushes');
    expect(repo.tryGit(['push', 'origin', 'main']).status).toBe(0);

    // A teammate's clone elsewhere: npm install (here, the tool in node_modules/.bin) and husky.
    const clone = new TestRepo(join(tempDir(), 'elsewhere', 'clone'), repo.env);
    execFileSync('git', ['clone', '-q', origin.dir, clone.dir], { env: repo.env });
    const secondLog = join(tempDir(), 'second.jsonl');
    clone.env = { ...repo.env, RH_FAKE_LOG: secondLog };
    projectBin(clone.dir, 'second-clone');
    runHusky(clone);
    clone.commit('teammate work', { 'b.txt': 'b\n' });
    const pushed = clone.tryGit(['push', 'origin', 'main']);
    expect(pushed.status, pushed.stderr).toBe(0);
    expect(readCalls(secondLog)).toMatchObject([{ label: 'second-clone', argv: ['pre-push', 'origin', origin.dir] }]);
  });

  it('upgrades a block from an older install that recorded absolute paths', async () => {
    const { repo, options } = setup();
    projectBin(repo.dir);
    runHusky(repo);
    const huskyFile = join(repo.dir, '.husky', 'pre-push');
    writeFileSync(
      huskyFile,
      renderBlock({ recorded: { nodePath: process.execPath, cliPath: options.cliPath }, createdFile: true }) + 'npm test\n',
    );
    expect(await installHook(options)).toMatchObject({ action: 'updated', file: huskyFile });
    expect(read(huskyFile)).toBe(renderBlock({ recorded: null, createdFile: true }) + 'npm test\n');
  });
});

describe('linked worktrees', () => {
  function addWorktree(s: Setup): TestRepo {
    const dir = join(tempDir(), 'wt');
    s.repo.git('worktree', 'add', '-q', '-b', 'feature', dir);
    const wt = new TestRepo(dir, s.repo.env);
    wt.commit('work in the worktree', { 'b.txt': 'b\n' });
    return wt;
  }

  it('installs into the shared hooks folder, and a push from a worktree without node_modules uses the recorded path', async () => {
    const s = setup();
    const wt = addWorktree(s);
    const result = await installHook({ ...s.options, git: s.gitAt(wt.dir) });
    expect(result.file).toBe(join(s.repo.dir, '.git', 'hooks', 'pre-push'));

    const push = wt.tryGit(['push', 'origin', 'feature']);
    expect(push.status, push.stderr).toBe(0);
    const [call] = readCalls(s.log);
    expect(call).toMatchObject({ label: 'recorded', stdin: refLine(wt, 'feature'), cwd: wt.dir });
    expect(call?.gitDir).toBe(join(s.repo.dir, '.git', 'worktrees', 'wt'));
  });

  it("prefers the worktree's own node_modules, then the main worktree's", async () => {
    const s = setup();
    const wt = addWorktree(s);
    await installHook(s.options);
    writeFakeTool(join(s.repo.dir, 'node_modules', '.bin', 'review-hook'), 'main-bin');
    expect(wt.tryGit(['push', 'origin', 'feature']).status).toBe(0);
    writeFakeTool(join(wt.dir, 'node_modules', '.bin', 'review-hook'), 'worktree-bin');
    wt.commit('more');
    expect(wt.tryGit(['push', 'origin', 'feature']).status).toBe(0);
    expect(readCalls(s.log).map((c) => [c.label, c.stdin.split(' ')[1]])).toEqual([
      ['main-bin', expect.any(String)],
      ['worktree-bin', wt.head()],
    ]);
  });
});

describe('uninstall', () => {
  it('reports not-installed and touches nothing when there is no block', async () => {
    const { repo, options } = setup();
    expect(await uninstallHook(options)).toMatchObject({
      action: 'not-installed',
      file: join(repo.dir, '.git', 'hooks', 'pre-push'),
    });
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(file, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    expect(await uninstallHook(options)).toMatchObject({ action: 'not-installed' });
    expect(read(file)).toBe('#!/bin/sh\nexit 0\n');
  });

  it('deletes a hook it created, and keeps one the user has since added to', async () => {
    const { repo, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    await installHook(options);
    expect(await uninstallHook(options)).toMatchObject({ action: 'removed', file });
    expect(existsSync(file)).toBe(false);

    await installHook(options);
    writeFileSync(file, read(file) + 'echo mine\n');
    await uninstallHook(options);
    expect(read(file)).toBe('#!/bin/sh\necho mine\n');
    expect(mode(file)).toBe(0o755);
  });

  it('leaves a foreign hook that consisted only of a shebang in place', async () => {
    const { repo, options } = setup();
    const file = join(repo.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
    await installHook(options);
    await uninstallHook(options);
    expect(read(file)).toBe('#!/bin/sh\n');
  });
});

describe('a repository with no commits yet', () => {
  it('installs all the same', async () => {
    const repo = createRepo();
    const home = tempDir();
    const result = await installHook({
      git: createSetupGit(repo.dir, { ...repo.env, HOME: home, XDG_CONFIG_HOME: home }),
      cliPath: '/pkg/bin/review-hook.js',
      nodePath: process.execPath,
    });
    expect(result).toMatchObject({ action: 'installed', file: join(repo.dir, '.git', 'hooks', 'pre-push') });
  });
});
