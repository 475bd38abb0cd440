// Real processes: node scripts stand in for the tracker programs.
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../src/run-command.js';
import { tempDir } from '../../helpers/git-repo.js';

const node = process.execPath;
const env = { PATH: process.env.PATH ?? '' };

describe('runCommand', () => {
  it('passes argv without a shell, in the given cwd and environment', async () => {
    const cwd = tempDir();
    const result = await runCommand(
      [
        node,
        '-e',
        'console.log(JSON.stringify([process.argv.slice(1), process.cwd(), process.env.ONLY_THIS ?? null, process.env.HOME ?? null]))',
        'a b; echo hacked',
        '$(id)',
      ],
      { cwd, env: { ONLY_THIS: 'yes', HOME: undefined }, timeoutMs: 10_000 },
    );
    expect(result.ok).toBe(true);
    expect(JSON.parse(result.stdout)).toEqual([['a b; echo hacked', '$(id)'], cwd, 'yes', null]);
  });

  it('reports a missing program as not found', async () => {
    const result = await runCommand(['review-hook-no-such-program-xyz', 'show'], { cwd: tempDir(), env, timeoutMs: 5_000 });
    expect(result).toMatchObject({ ok: false, notFound: true, timedOut: false });
  });

  it('reports a non-zero exit with its code and stderr', async () => {
    const result = await runCommand([node, '-e', 'console.error("no such issue"); process.exit(3)'], {
      cwd: tempDir(),
      env,
      timeoutMs: 10_000,
    });
    expect(result).toMatchObject({ ok: false, exitCode: 3, notFound: false, timedOut: false });
    expect(result.stderr).toContain('no such issue');
  });

  it('kills a program that outlives its time limit', async () => {
    // The program would run 60 s, past the test's timeout: only the limit can end it in time.
    const result = await runCommand([node, '-e', 'setTimeout(() => {}, 60000)'], { cwd: tempDir(), env, timeoutMs: 500 });
    expect(result).toMatchObject({ ok: false, timedOut: true });
  }, 10_000);

  it('returns within the limit even when a background child keeps the output open', async () => {
    // The program exits at once but leaves a child holding stdout, as a daemon would.
    const script = [
      "const { spawn } = require('node:child_process');",
      "const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });",
      'child.unref();',
      "console.log('started ' + child.pid);",
    ].join('\n');
    const result = await runCommand([node, '-e', script], { cwd: tempDir(), env, timeoutMs: 500 });
    // The program itself finished; what it printed is kept.
    const pid = Number(/^started (\d+)\n$/.exec(result.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The background child still holds the output open, so runCommand did not wait for it.
    expect(() => process.kill(pid, 0)).not.toThrow();
    process.kill(pid, 'SIGKILL');
  });

  it('caps the output it keeps', async () => {
    const result = await runCommand([node, '-e', 'process.stdout.write("x".repeat(100000))'], {
      cwd: tempDir(),
      env,
      timeoutMs: 10_000,
      maxOutputBytes: 1000,
    });
    expect(result.truncated).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(1000);
    expect(result.stdout.length).toBeGreaterThan(0);
  });

  it('an empty argv is a failure, not a crash', async () => {
    expect(await runCommand([], { cwd: tempDir(), env, timeoutMs: 1000 })).toMatchObject({ ok: false, notFound: false });
  });
});
