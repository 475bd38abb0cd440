// Installing the packed package into other repositories: husky, plain hooks, linked worktrees.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { consumerDir, createHookedRepo, criticalReview, promptOf, run, useModelServer } from '../helpers/e2e.js';
import { createRepoWithOrigin, hermeticEnv, tempDir } from '../helpers/git-repo.js';
import { QUERY } from '../helpers/reviews.js';

const server = useModelServer();
const root = resolve(import.meta.dirname, '..', '..');

describe('the packed package', () => {
  test('ships what runs and nothing else', () => {
    const listing = execFileSync('tar', ['-tzf', inject('tarball')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const files = listing.map((f) => f.replace(/^package\//, ''));
    expect(files).toContain('bin/review-hook.js');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/THIRD-PARTY-LICENSES.txt');
    // The code is this build's bundles, all of them and nothing else (no file left from an older build).
    const meta = JSON.parse(readFileSync(join(root, 'dist', 'meta.json'), 'utf8')) as { outputs: Record<string, unknown> };
    expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.js')).sort()).toEqual(Object.keys(meta.outputs).sort());
    expect(files).toContain('.reviewrc.example');
    expect(files).toContain('reviewrc.schema.json');
    expect(files).toContain('README.md');
    // The eval cases are data (their .ts files are inputs to review, never run).
    expect(files).toContain('eval-cases/ts-missing-await-auth/after/src/routes/projects.ts');
    const code = files.filter((f) => !f.startsWith('eval-cases/'));
    expect(code.filter((f) => /^(src|tests|scripts|\.ci)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);
  });
});

describe('the README flow for users', () => {
  test('npm i -D review-hook husky, npx review-hook install, git push: the push is reviewed', async () => {
    const { repo, origin } = createRepoWithOrigin();
    repo.env = hermeticEnv({ CI: 'true', OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test-e2e-key-0123456789' });
    repo.write({
      'package.json': JSON.stringify({ name: 'demo', private: true, version: '1.0.0' }, null, 2) + '\n',
      '.gitignore': 'node_modules\n',
    });
    repo.commit('initial commit');
    repo.git('push', '-q', 'origin', 'main');

    const npmEnv = Object.fromEntries(Object.entries(repo.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
    const installed = await run('npm', ['i', '-D', '--no-audit', '--no-fund', '--prefer-offline', inject('tarball'), 'husky@9.1.7'], {
      cwd: repo.dir,
      env: npmEnv,
      timeoutMs: 180_000,
    });
    expect(installed.status, installed.stderr).toBe(0);
    const hooked = await run('npx', ['--no-install', 'review-hook', 'install'], { cwd: repo.dir, env: npmEnv });
    expect(hooked.status, hooked.stderr + hooked.stdout).toBe(0);
    expect(hooked.stdout).toContain('Set up husky');

    repo.commit('add lookup', { 'src/find.js': QUERY });
    server.reply({ review: criticalReview('src/find.js', 2) });
    const before = origin.tryGit(['rev-parse', 'refs/heads/main']).stdout.trim();
    const pushed = await run('git', ['push', 'origin', 'main'], { cwd: repo.dir, env: repo.env });

    expect(pushed.status).not.toBe(0);
    expect(pushed.stderr).toContain('src/find.js:2');
    expect(server.reviewRequests()).toHaveLength(1);
    expect(server.verifyRequests()).toHaveLength(1);
    expect(origin.tryGit(['rev-parse', 'refs/heads/main']).stdout.trim()).toBe(before);
    expect(JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8')).scripts).toEqual({ prepare: 'husky' });

    // init's $schema names the JSON Schema the installed package ships, so editors find it.
    const init = await run('npx', ['--no-install', 'review-hook', 'init'], { cwd: repo.dir, env: npmEnv });
    expect(init.status, init.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(repo.dir, '.reviewrc.json'), 'utf8')) as { $schema: string };
    const schema = JSON.parse(readFileSync(join(repo.dir, written.$schema), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['provider', 'model', 'blockOn']));
  }, 240_000);
});

describe('husky 9 repositories', () => {
  test('install adds a marked block to .husky/pre-push and a push goes through husky to the review', async () => {
    const { repo, push, remoteHead, cli } = await createHookedRepo({ server, husky: true });
    const hook = readFileSync(join(repo.dir, '.husky', 'pre-push'), 'utf8');
    expect(hook).toContain('review-hook');
    expect(existsSync(join(repo.dir, '.husky', '_', 'pre-push'))).toBe(true);
    // husky's own stub is untouched: it only sources the runner.
    expect(readFileSync(join(repo.dir, '.husky', '_', 'pre-push'), 'utf8')).not.toContain('review-hook');

    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    server.reply({ review: criticalReview('src/find.js', 2) });
    const blocked = await push(['origin', 'main']);
    expect(blocked.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(blocked.stderr).toContain('src/find.js:2');
    expect(server.reviewRequests()).toHaveLength(1);
    expect(server.verifyRequests()).toHaveLength(1);

    const again = await cli(['install']);
    expect(again.status).toBe(0);
    expect(readFileSync(join(repo.dir, '.husky', 'pre-push'), 'utf8')).toBe(hook);

    const removed = await cli(['uninstall']);
    expect(removed.status).toBe(0);
    const after = existsSync(join(repo.dir, '.husky', 'pre-push')) ? readFileSync(join(repo.dir, '.husky', 'pre-push'), 'utf8') : '';
    expect(after).not.toContain('review-hook');
    const unhooked = await push(['origin', 'main']);
    expect(unhooked.status, unhooked.stderr).toBe(0);
  });
});

describe('the committed husky hook', () => {
  test('names no path of the machine that installed it, and reviews a push from a second clone at another path', async () => {
    const { repo, origin, env } = await createHookedRepo({ server, husky: true });
    const hook = readFileSync(join(repo.dir, '.husky', 'pre-push'), 'utf8');
    for (const path of [repo.dir, consumerDir(), process.execPath]) expect(hook).not.toContain(path);
    repo.git('add', '.husky/pre-push');
    repo.git('commit', '-q', '-m', 'review pushes with review-hook');
    // Not reviewed: the model server answers in this process, which a synchronous push would block.
    repo.git('push', '-q', '--no-verify', 'origin', 'main');

    // A teammate clones at another path, installs (node_modules) and lets husky set itself up.
    const clone = join(tempDir(), 'teammate', 'project');
    execFileSync('git', ['clone', '-q', origin.dir, clone], { env });
    symlinkSync(join(consumerDir(), 'node_modules'), join(clone, 'node_modules'));
    execFileSync(process.execPath, [join(clone, 'node_modules', 'husky', 'bin.js')], { cwd: clone, env });
    writeFileSync(join(clone, 'find.js'), QUERY);
    execFileSync('git', ['add', 'find.js'], { cwd: clone, env });
    execFileSync('git', ['commit', '-q', '-m', 'add lookup'], { cwd: clone, env });

    server.reply({ review: criticalReview('find.js', 2) });
    const pushed = await run('git', ['push', 'origin', 'main'], { cwd: clone, env });
    expect(pushed.status).not.toBe(0);
    expect(pushed.stderr).toContain('find.js:2');
    expect(server.reviewRequests()).toHaveLength(1);
    expect(promptOf(server.reviewRequests()[0]!)).toContain('find.js');
  });
});

describe('plain repositories', () => {
  test('a linked worktree push runs the hook and reviews that worktree’s branch', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const wt = join(repo.dir, '..', 'wt');
    repo.git('worktree', 'add', '-q', '-b', 'side', wt);
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'side work'], { cwd: wt, env: repo.env });
    execFileSync('sh', ['-c', 'printf "side\\n" > side.txt && git add side.txt && git commit -q -m "add side file"'], {
      cwd: wt,
      env: repo.env,
    });

    const result = await run('git', ['push', 'origin', 'side'], { cwd: wt, env: repo.env });

    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead('refs/heads/side')).not.toBeNull();
    expect(server.chatRequests()).toHaveLength(1);
    const prompt = JSON.stringify(server.chatRequests()[0]!.body);
    expect(prompt).toContain('side.txt');
    // The review files live in the common git dir, not in the worktree's private one.
    expect(existsSync(join(repo.dir, '.git', 'review-hook', 'last-review.json'))).toBe(true);
  });

  test('a push run with --git-dir from another directory still reviews', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const head = repo.commit('change', { 'x.txt': 'x\n' });
    const elsewhere = join(repo.dir, '..');
    const result = await run('git', [`--git-dir=${join(repo.dir, '.git')}`, `--work-tree=${repo.dir}`, 'push', 'origin', 'main'], {
      cwd: elsewhere,
      env: repo.env,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(remoteHead()).toBe(head);
    expect(server.chatRequests()).toHaveLength(1);
  });

  test('install is idempotent and never clobbers a foreign hook', async () => {
    const { repo, cli } = await createHookedRepo({ server });
    const hookPath = join(repo.dir, '.git', 'hooks', 'pre-push');
    const first = readFileSync(hookPath, 'utf8');
    const again = await cli(['install']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already-installed');
    expect(readFileSync(hookPath, 'utf8')).toBe(first);
  });
});
