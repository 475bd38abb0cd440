// A person at a terminal: a blocked push asks on /dev/tty about each blocking finding —
// acknowledge it, allow it for this push only, or stop — and a reason lets it through.
// `script` gives git a real pseudo-terminal; the hook's stdin is still git's ref lines.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHookedRepo, criticalReview } from '../helpers/e2e.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';
import { AUDITED_QUERY_FINDING, QUERY } from '../helpers/reviews.js';
import { auditLines } from '../helpers/state-files.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ defaultReply: { review: criticalReview('src/find.js', 2) } });
});
afterAll(() => server.close());

const CHOICES = '[a] acknowledge';

/** Runs `git push` in a pseudo-terminal, typing each answer once its question shows (or closing input at once). */
function pushAtTerminal(cwd: string, env: Record<string, string>, answers: string[] | null): Promise<{ status: number; screen: string }> {
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', 'git push origin main', '/dev/null'], { cwd, env });
    let screen = '';
    let typed = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString();
      // Every question ends with "): ".
      const asked = (screen.match(/\): /g) ?? []).length;
      while (answers !== null && typed < asked && typed < answers.length) child.stdin.write(`${answers[typed++]}\r`);
    });
    if (answers === null) child.stdin.end();
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ status: code ?? -1, screen });
    });
  });
}

describe.skipIf(!hasScript)('the terminal prompt', () => {
  test('"allow for this push only" with a reason overrides the block and is recorded with source "prompt"', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    const env = { ...repo.env };
    delete env.CI;

    const result = await pushAtTerminal(repo.dir, env, ['o', 'checked by hand: id is an integer']);

    expect(result.status, result.screen).toBe(0);
    expect(result.screen).toContain('C1 (critical) src/find.js:2  SQL built from user input');
    expect(result.screen).toContain(CHOICES);
    expect(existsSync(join(repo.dir, '.review-acks.jsonl'))).toBe(false);
    expect(remoteHead()).toBe(head);
    expect(auditLines(repo).at(-1)).toMatchObject({
      source: 'prompt',
      reason: 'C1: checked by hand: id is an integer',
      // The finding in full, so the line says what was waved through after the report is gone.
      findings: [AUDITED_QUERY_FINDING],
    });
  });

  test('"acknowledge" with a reason records the finding in .review-acks.jsonl, lets this push through, and the next push too once committed', async () => {
    const hooked = await createHookedRepo({ server });
    const { repo, remoteHead } = hooked;
    const head = repo.commit('add lookup', { 'src/find.js': QUERY });
    const env = { ...repo.env };
    delete env.CI;

    const result = await pushAtTerminal(repo.dir, env, ['a', 'id is validated by the router']);

    expect(result.status, result.screen).toBe(0);
    expect(remoteHead()).toBe(head);
    // Like `review-hook ack` without --expires: 90 days, said in the question and in the answer.
    const today = new Date();
    const in90Days = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 90)).toISOString().slice(0, 10);
    expect(result.screen).toContain('[a] acknowledge for 90 days');
    expect(result.screen).toContain(`C1 Acknowledged until ${in90Days}: id is validated by the router`);
    expect(result.screen).toContain('review-hook ack C1 --reason');
    const entries = readFileSync(join(repo.dir, '.review-acks.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries).toEqual([
      expect.objectContaining({
        file: 'src/find.js',
        severity: 'critical',
        title: 'SQL built from user input',
        reason: 'id is validated by the router',
        expires: in90Days,
      }),
    ]);
    expect(auditLines(repo)).toEqual([
      expect.objectContaining({ source: 'ack', reason: 'id is validated by the router', findings: [AUDITED_QUERY_FINDING] }),
    ]);
    const report = JSON.parse(readFileSync(join(repo.dir, '.git', 'review-hook', 'last-review.json'), 'utf8'));
    expect(report).toMatchObject({
      verdict: 'allow',
      override: null,
      findings: [{ id: 'C1', acknowledgement: { reason: 'id is validated by the router' } }],
    });

    // Committed with more work, the acknowledgement keeps the finding from blocking, with no one at a terminal.
    const next = repo.commit('acknowledge the lookup; more work', { 'src/other.js': 'export const x = 1;\n' });
    const again = await hooked.push(['origin', 'main'], { CI: 'true' });
    expect(again.status, again.stderr).toBe(0);
    expect(remoteHead()).toBe(next);
  });

  test('"stop" is a No: the push stays blocked and nothing is logged or written', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const env = { ...repo.env };
    delete env.CI;

    const result = await pushAtTerminal(repo.dir, env, ['s']);

    expect(result.status).not.toBe(0);
    expect(remoteHead()).toBe(before);
    expect(existsSync(join(repo.dir, '.review-acks.jsonl'))).toBe(false);
    expect(existsSync(join(repo.dir, '.git', 'review-hook', 'audit.jsonl'))).toBe(false);
  });

  test('no answer (input closed) is a No: the push stays blocked and nothing is logged', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });
    const env = { ...repo.env };
    delete env.CI;

    const result = await pushAtTerminal(repo.dir, env, null);

    expect(result.status).not.toBe(0);
    expect(result.screen).toContain(CHOICES);
    expect(remoteHead()).toBe(before);
    expect(existsSync(join(repo.dir, '.git', 'review-hook', 'audit.jsonl'))).toBe(false);
  });

  test('in CI there is no prompt even at a terminal', async () => {
    const { repo, remoteHead } = await createHookedRepo({ server });
    const before = remoteHead();
    repo.commit('add lookup', { 'src/find.js': QUERY });

    const result = await pushAtTerminal(repo.dir, { ...repo.env, CI: 'true' }, ['o', 'should not be asked']);

    expect(result.status).not.toBe(0);
    expect(result.screen).not.toContain(CHOICES);
    expect(remoteHead()).toBe(before);
  });
});
