// `review-hook doctor` against a working setup and against each thing that can be wrong.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHookedRepo, installedCli, run } from '../helpers/e2e.js';
import { startFakeOpenAI, type FakeOpenAI } from '../helpers/fake-openai.js';

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ model: 'gpt-4o-mini', requireApiKey: 'sk-test-e2e-key-0123456789' });
});
afterAll(() => server.close());

describe('doctor', () => {
  test('a working setup: every part ok, the key never printed', async () => {
    const { cli } = await createHookedRepo({ server });
    const result = await cli(['doctor']);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    // In the order a newcomer meets them.
    const names = [...result.stdout.matchAll(/^(ok {2}|warn|FAIL) {2}(\S+(?: \S+)?)\s{2,}/gm)].map(
      (m) => `${m[1]!.trim()} ${m[2]!.trim()}`,
    );
    expect(names).toEqual([
      'ok node',
      'ok git',
      'ok repository',
      'ok hook',
      'ok hook runs',
      'ok hook order',
      'ok config',
      'ok credentials',
      'ok endpoint',
      'ok model',
      'ok structured output',
      'ok context window',
    ]);
    expect(result.stdout).toContain('gpt-4o-mini is listed');
    expect(result.stdout).toContain('accepts json_schema output');
    expect(result.stdout + result.stderr).not.toContain('sk-test-e2e-key');
  });

  test('a refused key and a missing hook are named with a fix', async () => {
    const { cli } = await createHookedRepo({ server });
    await cli(['uninstall']);
    const result = await cli(['doctor'], { OPENAI_API_KEY: 'sk-wrong-key-000000000000' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL\s+endpoint.*401/m);
    expect(result.stdout).toMatch(/refused/);
    expect(result.stdout).toMatch(/^FAIL\s+hook\s+not installed/m);
    expect(result.stdout).toContain('review-hook install');
    expect(result.stdout).not.toContain('sk-wrong-key');
  });

  test('no key and no endpoint is a warning, not a failure', async () => {
    const { cli } = await createHookedRepo({ server: null });
    const result = await cli(['doctor']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^warn\s+credentials\s+OPENAI_API_KEY is not set/m);
  });

  test('a broken config fails with the file named', async () => {
    const { repo, cli } = await createHookedRepo({ server });
    repo.write({ '.reviewrc.json': '{"blockOn": "sometimes"}' });
    const result = await cli(['doctor']);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL\s+config.*\.reviewrc\.json/m);
  });
});

test('doctor: a model the endpoint does not list fails with a fix', async () => {
  const { cli } = await createHookedRepo({ server });
  const result = await cli(['doctor'], { REVIEW_HOOK_MODEL: 'no-such-model' });
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/^FAIL\s+model/m);
  expect(result.stdout).toContain('does not list "no-such-model"');
});

describe('doctor: the hook is run by git', () => {
  test('husky in a linked worktree without .husky/_ fails with npx husky; a command above the block is a warning', async () => {
    const { repo, cli } = await createHookedRepo({ server, husky: true });
    const hookFile = join(repo.dir, '.husky', 'pre-push');
    writeFileSync(hookFile, `npm test\n${readFileSync(hookFile, 'utf8')}`);
    const above = await cli(['doctor']);
    expect(above.stdout).toMatch(/^warn\s+hook order\s+a command runs above the review-hook block.*\(npm test\)/m);
    expect(above.stdout).toContain('npx review-hook uninstall && npx review-hook install');

    repo.commit('review-hook in the husky hook');
    const worktree = join(repo.dir, '..', 'second');
    repo.git('worktree', 'add', '-q', worktree);
    symlinkSync(join(repo.dir, 'node_modules'), join(worktree, 'node_modules'));
    const result = await run(process.execPath, [installedCli(), 'doctor'], { cwd: worktree, env: repo.env });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL\s+hook runs\s+husky's pre-push and h are missing/m);
    expect(result.stdout).toMatch(/fix: npx husky/);
  });
});

describe('doctor: providers', () => {
  test("ollama: the window the server reports, and a baseURL's credentials never shown", async () => {
    await using ollama = await startFakeOpenAI({
      flavor: 'ollama',
      model: 'qwen2.5-coder:7b',
      ollamaShow: { model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 }, parameters: 'num_ctx 8192' },
    });
    const { repo, cli } = await createHookedRepo({ server: null });
    repo.write({ '.reviewrc.json': JSON.stringify({ provider: 'ollama', baseURL: ollama.url, model: 'qwen2.5-coder:7b' }) });
    const result = await cli(['doctor']);
    expect(result.status, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^ok\s+credentials\s+no OPENAI_API_KEY; fine/m);
    expect(result.stdout).toMatch(/^ok\s+context window\s+context window 8192 tokens \(num_ctx 8192/m);

    const secretUrl = ollama.url.replace('http://', 'http://alice:hunter2pw@') + '?api-key=zz-query-secret';
    repo.write({ '.reviewrc.json': JSON.stringify({ provider: 'ollama', baseURL: secretUrl, model: 'qwen2.5-coder:7b' }) });
    const hidden = await cli(['doctor']);
    expect(hidden.stdout + hidden.stderr).not.toContain('hunter2pw');
    expect(hidden.stdout + hidden.stderr).not.toContain('zz-query-secret');
  });

  test('azure without an endpoint fails with what to set', async () => {
    const { repo, cli } = await createHookedRepo({ server: null });
    repo.write({ '.reviewrc.json': JSON.stringify({ provider: 'azure' }) });
    const result = await cli(['doctor'], { AZURE_OPENAI_API_KEY: 'k' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL\s+credentials\s+provider azure needs the resource endpoint/m);
  });
});
