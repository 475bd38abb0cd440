// The shipped JSON Schema agrees with the loader: what editors accept, the tool accepts, and the reverse.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLoaders } from 'cosmiconfig';
import { describe, expect, it } from 'vitest';
import { initConfig } from '../../../src/config/init-config.js';
import { configJsonSchema, SCHEMA_REF } from '../../../src/config/json-schema.js';
import { validateConfig } from '../../../src/config/schema.js';
import { tempDir } from '../../helpers/git-repo.js';

const Ajv = createRequire(import.meta.url)('ajv') as typeof import('ajv').default;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(configJsonSchema());
const EXAMPLE = join(import.meta.dirname, '../../../.reviewrc.example');

function loaderAccepts(config: unknown): boolean {
  try {
    validateConfig(config, 'test.json');
    return true;
  } catch {
    return false;
  }
}

describe('the config JSON Schema', () => {
  it('accepts .reviewrc.example as YAML', async () => {
    const parsed = await defaultLoaders['.yaml'](EXAMPLE, readFileSync(EXAMPLE, 'utf8'));
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  });

  it("accepts init's output, whose $schema names the shipped file", async () => {
    const root = tempDir();
    const { written } = (await initConfig(root)) as { written: string };
    const parsed = JSON.parse(readFileSync(written, 'utf8')) as Record<string, unknown>;
    expect(parsed.$schema).toBe(SCHEMA_REF);
    expect(Object.keys(parsed)[0]).toBe('$schema');
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each([
    [{ blockOn: 'critical', cache: false }, true],
    [{ checks: { secrets: false, 'conflict-markers': { allow: [{ path: 'x/', reason: 'fixtures' }] } } }, true],
    [{ context: { command: 'tracker show {id}' } }, true],
    [{ context: { command: ['tracker', 'show', '{id}'] } }, true],
    [{ provider: 'azure', azure: { deployment: 'review', apiVersion: '2025-01-01-preview' } }, true],
    [{ provider: 'openrouter', openrouter: { siteUrl: 'https://example.com', appName: 'review' } }, true],
    [{ provider: 'ollama', baseURL: 'http://gpu-box:11434/v1', maxPromptTokens: 20000 }, true],
    [{ blockOn: 'sometimes' }, false],
    [{ provider: 'bedrock' }, false],
    [{ modell: 'gpt-4o' }, false],
    [{ azure: { deployment: 'x', region: 'eu' } }, false],
    [{ azure: { apiVersion: 'latest' } }, false],
    [{ timeoutSeconds: 0 }, false],
    [{ cache: { maxEntries: 'many' } }, false],
    [{ pricing: { 'gpt-4o-mini': { input: 1 } } }, false],
  ])('%j: schema and loader both say %s', (config, ok) => {
    expect(validate(config)).toBe(ok);
    expect(loaderAccepts(config)).toBe(ok);
  });

  it('describes each top-level key and gives its default, for completion', () => {
    const schema = configJsonSchema() as { properties: Record<string, { description?: string; default?: unknown }> };
    for (const [key, property] of Object.entries(schema.properties)) {
      expect([key, typeof property.description]).toEqual([key, 'string']);
      if (key !== '$schema') expect([key, 'default' in property]).toEqual([key, true]);
    }
    expect(schema.properties.provider!.default).toBe('openai');
  });
});
