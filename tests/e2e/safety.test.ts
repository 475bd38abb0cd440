// The API key never shows (output of every kind of run, saved reports, the audit log) and is refused
// in a config file; the hook never changes the user's work tree, index, refs or config; Ctrl-C leaves
// nothing half-written behind.
// Here only Ctrl-C, which needs a real process and signal; the other cases run in-process in
// tests/integration/safety.test.ts.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, installedCli, useModelServer } from '../helpers/e2e.js';
import type { TestRepo } from '../helpers/git-repo.js';

const server = useModelServer();

function reviewHookFiles(repo: TestRepo): Record<string, string> {
  const dir = join(repo.dir, '.git', 'review-hook');
  const out: Record<string, string> = {};
  const walk = (at: string): void => {
    if (!existsSync(at)) return;
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Everything of the user's that the hook must leave alone. */
function snapshot(repo: TestRepo): Record<string, string> {
  const git = (...args: string[]) => repo.git('--no-optional-locks', ...args);
  const gitDir = join(repo.dir, '.git');
  const hash = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const name of readdirSync(at).sort()) {
      if (at === repo.dir && name === '.git') continue;
      const path = join(at, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else files.push(`${relative(repo.dir, path)} ${stat.mode.toString(8)} ${hash(readFileSync(path))}`);
    }
  };
  walk(repo.dir);
  return {
    status: git('status', '--porcelain=v2', '--branch', '--untracked-files=all', '--ignored'),
    stash: git('stash', 'list'),
    index: git('ls-files', '-s'),
    indexFile: hash(readFileSync(join(gitDir, 'index'))),
    refs: git('for-each-ref', '--format=%(refname) %(objectname) %(symref)'),
    head: readFileSync(join(gitDir, 'HEAD'), 'utf8'),
    config: readFileSync(join(gitDir, 'config'), 'utf8'),
    worktree: files.join('\n'),
  };
}

describe('Ctrl-C', () => {
  test('a manual review interrupted while waiting for the model exits 130 and leaves no partial file', async () => {
    const hooked = await createHookedRepo({ server });
    const { repo } = hooked;
    repo.commit('slow', { 'slow.js': 'export const slow = true;\n' });
    server.setDefault({ delayMs: 60_000 });
    const before = snapshot(repo);

    const child = spawn(process.execPath, [installedCli()], { cwd: repo.dir, env: hooked.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    await until(() => server.chatRequests().length > 0, 30_000);
    child.kill('SIGINT');
    const { code } = await closed;

    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted');
    expectNoPartialFiles(repo);
    expect(snapshot(repo)).toEqual(before);
  });

  test('git push interrupted during the review lands nothing and leaves no partial file', async () => {
    const hooked = await createHookedRepo({ server });
    const { repo } = hooked;
    const remoteBefore = hooked.remoteHead();
    repo.commit('slow', { 'slow.js': 'export const slow = true;\n' });
    server.setDefault({ delayMs: 60_000 });

    // Its own process group, as a terminal gives it, so Ctrl-C reaches git and the hook alike.
    const child = spawn('git', ['push', 'origin', 'main'], {
      cwd: repo.dir,
      env: hooked.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await until(() => server.chatRequests().length > 0, 30_000);
    process.kill(-child.pid!, 'SIGINT');
    const code = await closed;

    expect(code).not.toBe(0);
    expect(hooked.remoteHead()).toBe(remoteBefore);
    // The hook may still be finishing after git itself exits; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expectNoPartialFiles(repo);
  });
});

function expectNoPartialFiles(repo: TestRepo): void {
  const files = reviewHookFiles(repo);
  for (const [name, text] of Object.entries(files)) {
    expect(name).not.toMatch(/\.tmp$|~$|\.part$/);
    if (name.endsWith('.json')) expect(() => JSON.parse(text), `${name} is whole`).not.toThrow();
    if (name.endsWith('.jsonl')) for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
