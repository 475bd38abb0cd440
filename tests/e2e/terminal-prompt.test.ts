// A person at a terminal: a blocked push asks on /dev/tty, and a typed reason lets it through.
// `script` gives git a real pseudo-terminal; the hook's stdin is still git's ref lines.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview } from '../helpers/e2e.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ defaultReply: { review: criticalReview('src/find.js', 2) } });
});
afterAll(() => server.close());

const QUERY = 'export function find(db, id) {\n  return db.query("SELECT * FROM t WHERE id = " + id);\n}\n';

/** Runs `git push` in a pseudo-terminal, typing `answer` once the prompt shows (or closing input at once). */
function pushAtTerminal(cwd: string, env: Record<string, string>, answer: string | null): Promise<{ status: number; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', 'git push origin main', '/dev/null'], { cwd, env });
    let screen = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      if (!typed && answer !== null && screen.includes('Push anyway?')) {
        typed = true;
        child.stdin.write(`${answer}\r`);
      }
    });
    if (answer === null) child.stdin.end();
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, screen });
    });
  });
}

describe.skipIf(!hasScript)('the terminal prompt', () => {
  test('a typed reason overrides the block and is recorded with source "prompt"', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    const env = { ...repo.env };
    delete env.CI;

    const result = await pushAtTerminal(repo.dir, env, 'checked by hand: id is an integer');

    expect(result.status, result.screen).toBe(0);
    expect(result.screen).toContain('src/find.js:2');
    expect(remoteHead()).toBe(head);
    const audit = readFileSync(join(repo.dir, '.git', 'review-hook', 'audit.jsonl'), 'utf8').trim().split('\n');
    expect(JSON.parse(audit.at(-1)!)).toMatchObject({ source: 'prompt', reason: 'checked by hand: id is an integer', findings: [
      // The finding in full, so the line says what was waved through after the report is gone.
      { id: 'C1', severity: 'critical', category: 'security', file: 'src/find.js', line: 2, title: 'SQL built from user input', verification: 'confirmed' },
    ] });
  });

  test('no answer (input closed) is a No: the push stays blocked and nothing is logged', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const env = { ...repo.env };
    delete env.CI;

    const result = await pushAtTerminal(repo.dir, env, null);

    expect(result.status).not.toBe(0);
    expect(result.screen).toContain('Push anyway?');
    expect(remoteHead()).toBe(before);
    expect(existsSync(join(repo.dir, '.git', 'review-hook', 'audit.jsonl'))).toBe(false);
  });

  test('in CI there is no prompt even at a terminal', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const result = await pushAtTerminal(repo.dir, { ...repo.env, CI: 'true' }, 'should not be asked');

    expect(result.status).not.toBe(0);
    expect(result.screen).not.toContain('Push anyway?');
    expect(remoteHead()).toBe(before);
  });
});
