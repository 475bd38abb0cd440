import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/schema.js';
import { missingKey, resolveEndpoint } from '../../../src/providers/resolve-endpoint.js';

const config = (raw: Record<string, unknown>) => validateConfig(raw, 'test.json');

describe('resolveEndpoint', () => {
  it.each([
    // provider, config, env → baseURL, keyEnv, needsKey
    [{}, {}, null, 'OPENAI_API_KEY', true],
    [{}, { OPENAI_BASE_URL: 'http://proxy:8080/v1' }, 'http://proxy:8080/v1', 'OPENAI_API_KEY', false],
    [{ provider: 'ollama' }, {}, 'http://127.0.0.1:11434/v1', 'OPENAI_API_KEY', false],
    [
      { provider: 'ollama', baseURL: 'http://gpu:11434/v1' },
      { OPENAI_BASE_URL: 'http://other/v1' },
      'http://gpu:11434/v1',
      'OPENAI_API_KEY',
      false,
    ],
    [{ provider: 'lmstudio' }, {}, 'http://127.0.0.1:1234/v1', 'OPENAI_API_KEY', false],
    [{ provider: 'vllm' }, {}, 'http://127.0.0.1:8000/v1', 'OPENAI_API_KEY', false],
    [{ provider: 'openrouter' }, {}, 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY', true],
    [{ provider: 'openrouter', apiKeyEnv: 'MY_KEY' }, {}, 'https://openrouter.ai/api/v1', 'MY_KEY', true],
    [
      { provider: 'azure' },
      { AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com', OPENAI_BASE_URL: 'http://ignored/v1' },
      'https://res.openai.azure.com',
      'AZURE_OPENAI_API_KEY',
      true,
    ],
    [{ provider: 'compatible', baseURL: 'http://box:9000/v1' }, {}, 'http://box:9000/v1', 'OPENAI_API_KEY', false],
  ])('%j with env %j → %s', (raw, env, baseURL, keyEnv, needsKey) => {
    const resolved = config(raw);
    const endpoint = resolveEndpoint(resolved, env);
    expect(endpoint.baseURL).toBe(baseURL);
    expect(resolved.apiKeyEnv).toBe(keyEnv);
    expect(endpoint.needsKey).toBe(needsKey);
    expect(endpoint.problem).toBeNull();
  });

  it('says what is missing for azure and compatible without an endpoint', () => {
    expect(resolveEndpoint(config({ provider: 'azure' }), {}).problem).toMatch(/AZURE_OPENAI_ENDPOINT/);
    expect(resolveEndpoint(config({ provider: 'compatible' }), {}).problem).toMatch(/set baseURL/);
  });

  it('gives azure its deployment (the model by default) and api version', () => {
    const env = { AZURE_OPENAI_ENDPOINT: 'https://res.openai.azure.com' };
    expect(resolveEndpoint(config({ provider: 'azure', model: 'gpt-4o' }), env).azure).toEqual({
      deployment: 'gpt-4o',
      apiVersion: '2024-10-21',
    });
    expect(
      resolveEndpoint(config({ provider: 'azure', azure: { deployment: 'review-prod', apiVersion: '2025-01-01-preview' } }), env).azure,
    ).toEqual({ deployment: 'review-prod', apiVersion: '2025-01-01-preview' });
  });

  it("sends OpenRouter's attribution headers only when set", () => {
    expect(resolveEndpoint(config({ provider: 'openrouter' }), {}).headers).toEqual({});
    expect(
      resolveEndpoint(config({ provider: 'openrouter', openrouter: { siteUrl: 'https://example.com', appName: 'Shop' } }), {}).headers,
    ).toEqual({ 'HTTP-Referer': 'https://example.com', 'X-Title': 'Shop' });
    expect(resolveEndpoint(config({ provider: 'ollama', openrouter: { appName: 'Shop' } }), {}).headers).toEqual({});
  });

  it('missingKey names the variable only when a key is needed and absent', () => {
    const openrouter = config({ provider: 'openrouter' });
    expect(missingKey(resolveEndpoint(openrouter, {}), openrouter.apiKeyEnv)).toMatch(/OPENROUTER_API_KEY/);
    expect(missingKey(resolveEndpoint(openrouter, { OPENROUTER_API_KEY: 'k' }), openrouter.apiKeyEnv)).toBeNull();
    expect(missingKey(resolveEndpoint(config({ provider: 'ollama' }), {}), 'OPENAI_API_KEY')).toBeNull();
  });
});
