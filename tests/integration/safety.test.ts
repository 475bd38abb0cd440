// In-process: the pipeline runs through src/cli/run-cli.ts; git and pushes are real (tests/helpers/in-process.ts).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createReviewedRepo, criticalReview, type ReviewedRepo, type CliRun, useModelServer } from '../helpers/in-process.js';
import { CLEAN_REVIEW } from '../helpers/fake-openai.js';
import { FAKE } from '../helpers/fake-secrets.js';
import { tempDir, type TestRepo } from '../helpers/git-repo.js';
import { reviewHookFiles, snapshot } from '../helpers/state-files.js';

const server = useModelServer();

/** A key-shaped value unique to this run, so a match can only mean it leaked. */
const KEY = ['sk', 'proj', randomBytes(18).toString('hex')].join('-');

function expectNoKey(results: CliRun[], repo: TestRepo): void {
  for (const result of results) {
    expect(result.stdout.includes(KEY), `stdout holds the key:\n${result.stdout}`).toBe(false);
    expect(result.stderr.includes(KEY), `stderr holds the key:\n${result.stderr}`).toBe(false);
    // Not even a recognisable piece of it.
    expect(result.stdout + result.stderr).not.toContain(KEY.slice(-12));
  }
  for (const [file, text] of Object.entries(reviewHookFiles(repo))) {
    expect(text.includes(KEY), `${file} holds the key`).toBe(false);
    expect(text).not.toContain(KEY.slice(-12));
  }
}

async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('the API key', () => {
  test('never appears in any output, saved report or the audit log, whatever happens to the request', async () => {
    const hooked = await createReviewedRepo({ server });
    const { repo } = hooked;
    const env = { OPENAI_API_KEY: KEY };
    writeFileSync(join(repo.dir, '.reviewrc.json'), JSON.stringify({ maxRetries: 0, timeoutSeconds: 20 }));
    const results: CliRun[] = [];

    // Success, with a key the server accepts.
    repo.commit('one', { 'a.js': 'export const a = 1;\n' });
    results.push(await hooked.push(['origin', 'main'], env));
    expect(results.at(-1)!.status, results.at(-1)!.stderr).toBe(0);
    expect(server.chatRequests().at(-1)!.headers.authorization).toBe(`Bearer ${KEY}`);

    // A server that rejects the key and echoes it back, as some do.
    server.setDefault({
      status: 401,
      error: {
        message: `Incorrect API key provided: ${KEY}. Find yours at the dashboard.`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
    repo.commit('two', { 'b.js': 'export const b = 2;\n' });
    results.push(await hooked.cli(['--verbose'], env));
    results.push(await hooked.cli(['--verbose', '--format', 'json'], env));
    results.push(await hooked.push(['origin', 'main'], env));
    expect(results.at(-3)!.stdout + results.at(-3)!.stderr).toMatch(/401|API key/);

    // A server error whose body carries the key.
    server.setDefault({ status: 500, error: { message: `upstream failed for Authorization: Bearer ${KEY}`, type: 'server_error' } });
    repo.commit('three', { 'c.js': 'export const c = 3;\n' });
    results.push(await hooked.cli(['--verbose'], env));
    expect(results.at(-1)!.stdout + results.at(-1)!.stderr).toMatch(/500/);
    results.push(await hooked.push(['origin', 'main'], env));

    // Nothing listening.
    const refused = { ...env, OPENAI_BASE_URL: await closedPortUrl() };
    repo.commit('four', { 'd.js': 'export const d = 4;\n' });
    results.push(await hooked.cli(['--verbose'], refused));
    expect(results.at(-1)!.stdout + results.at(-1)!.stderr).toMatch(/could not connect/);
    results.push(await hooked.push(['origin', 'main'], refused));

    // A blocked push let through by an override: the audit log gets a line.
    server.setDefault({ review: criticalReview('e.js', 1) });
    repo.commit('five', { 'e.js': 'export const e = eval(process.argv[2]);\n' });
    results.push(await hooked.push(['origin', 'main'], { ...env, REVIEW_HOOK_ALLOW: 'reviewed by hand' }));
    expect(results.at(-1)!.status, results.at(-1)!.stderr).toBe(0);
    expect(reviewHookFiles(repo)['audit.jsonl']).toContain('reviewed by hand');

    // The commands that describe the setup.
    results.push(await hooked.cli(['config'], env));
    results.push(await hooked.cli(['config', '--json'], env));
    results.push(await hooked.cli(['doctor'], env));
    results.push(await hooked.cli(['--offline', '--verbose'], env));

    expect(reviewHookFiles(repo)['last-review.json']).toBeDefined();
    expectNoKey(results, repo);
    // The key is only ever in the Authorization header, never in a request body.
    for (const request of server.requests) expect(request.rawBody).not.toContain(KEY);
  });

  test('written into a config file it is refused with exit 2, a message that says to use an environment variable, and no echo', async () => {
    const hooked = await createReviewedRepo({ server });
    const before = hooked.remoteHead();
    hooked.repo.commit('configure', { '.reviewrc.json': JSON.stringify({ model: 'gpt-4o-mini', apiKey: KEY }) });

    const pushed = await hooked.push(['origin', 'main']);
    expect(pushed.status).not.toBe(0);
    expect(hooked.remoteHead()).toBe(before);
    expect(pushed.stderr).toContain('.reviewrc.json');
    expect(pushed.stderr).toContain('apiKey');
    expect(pushed.stderr).toMatch(/environment variable/);

    const manual = await hooked.cli([]);
    expect(manual.status).toBe(2);
    expect(manual.stderr).toMatch(/environment variable/);

    // A key-shaped value under any other name is refused the same way.
    writeFileSync(join(hooked.repo.dir, '.reviewrc.json'), JSON.stringify({ instructions: `call the API with ${KEY}` }));
    const other = await hooked.cli(['config']);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('instructions');
    expect(other.stderr).toMatch(/environment variable/);

    writeFileSync(join(hooked.repo.dir, '.reviewrc.yml'), `openaiApiKey: ${KEY}\n`);
    writeFileSync(join(hooked.repo.dir, '.reviewrc.json'), '{}');
    const yaml = await hooked.cli(['--config', '.reviewrc.yml']);
    expect(yaml.status).toBe(2);
    expect(yaml.stderr).toContain('openaiApiKey');

    expectNoKey([pushed, manual, other, yaml], hooked.repo);
    expect(server.chatRequests()).toHaveLength(0);
  });
});

/** A work tree with staged, unstaged and untracked changes, a stash and an extra ref. */
function busyWorkTree(hooked: ReviewedRepo): void {
  const { repo } = hooked;
  repo.commit('stashed base', { 'stash-me.txt': 'v1\n' });
  repo.write({ 'stash-me.txt': 'v2\n' });
  repo.git('stash', 'push', '-q', '-m', 'work in progress');
  repo.git('tag', 'local-tag');
  repo.write({ 'staged.txt': 'staged\n', 'src/app.js': 'export const answer = 41;\n', 'untracked.txt': 'scratch\n' });
  repo.git('add', 'staged.txt');
  repo.write({ 'staged.txt': 'staged, then edited\n' });
}

describe("the hook leaves the user's repository alone", () => {
  test('blocked and allowed pushes and manual runs change no file, index entry, ref, stash or config', async () => {
    const hooked = await createReviewedRepo({ server });
    const { repo } = hooked;
    busyWorkTree(hooked);
    const headBefore = repo.head();
    const before = snapshot(repo);

    // Blocked by a check (a secret in a pushed commit); the model review runs too.
    commitOn(repo, 'refs/heads/secret', 'leak.js', `export const t = "${FAKE.githubToken}";\n`, 'leak');
    let snap = snapshot(repo);
    const blocked = await hooked.push(['origin', 'secret']);
    expect(blocked.status).not.toBe(0);
    expect(hooked.remoteHead('refs/heads/secret')).toBeNull();
    expect(server.chatRequests().length).toBeGreaterThan(0);
    expect(snapshot(repo)).toEqual(snap);

    // Blocked by the model.
    server.setDefault({ review: criticalReview('bad.js', 1) });
    commitOn(repo, 'refs/heads/model', 'bad.js', 'export const run = (s) => eval(s);\n', 'bad');
    snap = snapshot(repo);
    expect((await hooked.push(['origin', 'model'])).status).not.toBe(0);
    expect(snapshot(repo)).toEqual(snap);

    // Manual runs, with the model and offline.
    server.setDefault({ review: CLEAN_REVIEW });
    snap = snapshot(repo);
    expect((await hooked.cli(['origin/main..secret'])).status).toBe(1);
    expect((await hooked.cli(['--offline', 'origin/main..secret'])).status).toBe(1);
    expect(snapshot(repo)).toEqual(snap);

    // Allowed: only the remote-tracking ref moves, and git push itself moves it.
    const allowedHead = commitOn(repo, 'refs/heads/fine', 'fine.js', 'export const fine = true;\n', 'fine');
    snap = snapshot(repo);
    const allowed = await hooked.push(['origin', 'fine']);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(hooked.remoteHead('refs/heads/fine')).toBe(allowedHead);
    const after = snapshot(repo);
    expect({ ...after, refs: '' }).toEqual({ ...snap, refs: '' });
    const newRefs = after.refs!.split('\n').filter((line) => !snap.refs!.split('\n').includes(line));
    expect(newRefs).toEqual([`refs/remotes/origin/fine ${allowedHead} `]);

    // Against the very first snapshot: only the refs this test made on purpose differ.
    expect({ ...after, refs: '' }).toEqual({ ...before, refs: '' });
    expect(repo.head()).toBe(headBefore);
  });
});

/** Makes a commit on `ref` with one more file, through a separate index: the user's is not touched. */
function commitOn(repo: TestRepo, ref: string, path: string, content: string, message: string): string {
  const parent = repo.tryGit(['rev-parse', '--verify', '--quiet', ref]).stdout.trim() || repo.head();
  const blob = repo.tryGit(['hash-object', '-w', '--stdin'], { input: content }).stdout.trim();
  const env = { ...repo.env, GIT_INDEX_FILE: join(tempDir(), 'index') };
  repo.tryGit(['read-tree', parent], { env });
  repo.tryGit(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
  const tree = repo.tryGit(['write-tree'], { env }).stdout.trim();
  const commit = repo.tryGit(['commit-tree', tree, '-p', parent, '-m', message]).stdout.trim();
  repo.git('update-ref', ref, commit);
  return commit;
}
