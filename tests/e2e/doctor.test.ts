// `review-hook doctor` against a working setup and against each thing that can be wrong.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHookedRepo } from '../helpers/e2e.js';
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
    for (const part of ['git', 'repository', 'config', 'credentials', 'endpoint', 'hook']) {
      expect(result.stdout).toMatch(new RegExp(`^ok\\s+${part}\\b`, 'm'));
    }
    expect(result.stdout).toContain('including gpt-4o-mini');
    expect(result.stdout + result.stderr).not.toContain('sk-test-e2e-key');
  });

  test('a refused key and a missing hook are named with a fix', async () => {
    const { cli } = await createHookedRepo({ server });
    await cli(['uninstall']);
    const result = await cli(['doctor'], { OPENAI_API_KEY: 'sk-wrong-key-000000000000' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL\s+endpoint.*401/m);
    expect(result.stdout).toMatch(/refused/);
    expect(result.stdout).toMatch(/^warn\s+hook\s+not installed/m);
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

test('doctor: a model the endpoint does not list is a warning with a fix', async () => {
  const { cli } = await createHookedRepo({ server });
  const result = await cli(['doctor'], { REVIEW_HOOK_MODEL: 'no-such-model' });
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^warn\s+endpoint/m);
  expect(result.stdout).toContain('does not list "no-such-model"');
});
