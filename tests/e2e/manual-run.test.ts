// `npx review-hook` by hand: ranges, formats, config, and the commands around the review.
// Here the installed bin's own output (the JSON report on a real stdout, --version, config, init: the
// scenarios of tests/helpers/scenarios/manual-run.ts, which the in-process layer runs too) and a reader
// that quits early; the other cases run in-process in tests/integration/manual-run.test.ts.
import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { commandsAroundReview, defaultRangeAsJson } from '../helpers/scenarios/manual-run.js';
import { createHookedRepo, installedCli, useModelServer } from '../helpers/e2e.js';
import { criticalReview, QUERY } from '../helpers/reviews.js';

const server = useModelServer();

describe('manual review', () => {
  test('default range: commits not on the upstream; JSON report on stdout in the contract shape', async () => {
    await defaultRangeAsJson(await createHookedRepo({ server }));
  });
});

describe('commands around the review', () => {
  test('--version, config, init', async () => {
    await commandsAroundReview(await createHookedRepo({ server }));
  });
});

/** Runs the installed bin with its stdout pipe already closed, as when a reader such as `head` has quit. */
function runWithClosedStdout(args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [installedCli(), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the child has started, so its first write meets a closed pipe (EPIPE).
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('a reader that stops early', () => {
  test('a closed stdout neither crashes the run nor changes its exit code', async () => {
    const { repo, env } = await createHookedRepo({ server });
    const help = await runWithClosedStdout(['--help'], repo.dir, env);
    expect(help.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(help.status).toBe(0);

    // A blocked review piped into a reader that quit still exits 1: the verdict is not lost.
    server.setDefault({ review: criticalReview('src/find.js', 2) });
    repo.commit('add a lookup', { 'src/find.js': QUERY });
    const blocked = await runWithClosedStdout(['--format', 'json'], repo.dir, env);
    expect(blocked.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(blocked.status).toBe(1);
  });
});
