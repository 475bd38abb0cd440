// The API key never shows (output of every kind of run, saved reports, the audit log) and is refused
// in a config file; the hook never changes the user's work tree, index, refs or config; Ctrl-C leaves
// nothing half-written behind.
// Here only Ctrl-C, which needs a real process and signal; the other cases run in-process in
// tests/integration/safety.test.ts.
import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { createHookedRepo, installedCli, useModelServer } from '../helpers/e2e.js';
import type { TestRepo } from '../helpers/git-repo.js';
import { reviewHookFiles, snapshot } from '../helpers/state-files.js';

const server = useModelServer();

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
