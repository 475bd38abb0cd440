import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/schema.js';
import { formatConfig, withEndpointFromEnv } from '../../../src/config/show-config.js';
import type { LoadedConfig, ReviewConfig, ValueOrigin } from '../../../src/config/types.js';

const FILE = '/repo/.reviewrc.yaml';

function loaded(
  overrides: Partial<ReviewConfig>,
  origins: Partial<Record<keyof ReviewConfig, ValueOrigin>>,
  file: string | null = FILE,
): LoadedConfig {
  const config = { ...structuredClone(DEFAULTS), ...overrides } as ReviewConfig;
  const all = Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, 'default'])) as Record<keyof ReviewConfig, ValueOrigin>;
  return { config, file, origins: { ...all, ...origins } };
}

const SAMPLE = loaded(
  {
    model: 'gpt-4.1',
    blockOn: 'never',
    exclude: ['dist/**', '*.lock'],
    checks: { secrets: { enabled: true, allow: [{ path: 'fixtures/**', reason: 'fake keys' }] } },
    pricing: { 'gpt-4.1': { input: 2, output: 8 } },
  },
  { model: 'env:REVIEW_HOOK_MODEL', blockOn: 'flag:--block-on', exclude: `file:${FILE}`, checks: `file:${FILE}`, pricing: `file:${FILE}` },
);

describe('formatConfig: json', () => {
  it('is {file, config, origins} and round-trips', () => {
    const parsed = JSON.parse(formatConfig(SAMPLE, 'json'));
    expect(Object.keys(parsed)).toEqual(['file', 'config', 'origins']);
    expect(parsed.file).toBe(FILE);
    expect(parsed.config).toEqual(SAMPLE.config);
    expect(parsed.origins).toEqual(SAMPLE.origins);
  });

  it('says file: null with only defaults', () => {
    expect(JSON.parse(formatConfig(loaded({}, {}, null), 'json')).file).toBeNull();
  });
});

describe('formatConfig: text', () => {
  const text = formatConfig(SAMPLE, 'text');
  const lines = text.split('\n');

  it('names the file first', () => {
    expect(lines[0]).toBe(`Configuration file: ${FILE}`);
    expect(formatConfig(loaded({}, {}, null), 'text').split('\n')[0]).toBe('Configuration file: none (built-in defaults)');
  });

  it('shows every key with its origin and value', () => {
    const line = (key: string) => lines.find((l) => l.startsWith(`${key} `));
    expect(line('model')).toMatch(/^model +env:REVIEW_HOOK_MODEL +"gpt-4\.1"$/);
    expect(line('blockOn')).toMatch(/^blockOn +flag:--block-on +"never"$/);
    expect(line('baseURL')).toMatch(/^baseURL +default +null$/);
    expect(line('maxPushTokens')).toMatch(/^maxPushTokens +default +200000$/);
    expect(line('instructions')).toMatch(/^instructions +default +""$/);
    expect(line('context.beads')).toMatch(/^context\.beads +default +true$/);
    expect(line('cache.maxEntries')).toMatch(/^cache\.maxEntries +default +200$/);
    expect(line('checks.secrets.enabled')).toMatch(/^checks\.secrets\.enabled +file +true$/);
    expect(line('pricing.gpt-4.1')).toMatch(/^pricing\.gpt-4\.1 +file +\{"input":2,"output":8\}$/);
    for (const key of Object.keys(DEFAULTS)) {
      expect(lines.some((l) => l.startsWith(`${key} `) || l.startsWith(`${key}.`))).toBe(true);
    }
  });

  it('abbreviates the loaded file to "file" but keeps other origins whole', () => {
    expect(lines.find((l) => l.startsWith('exclude '))).toMatch(/^exclude +file +- "dist\/\*\*"$/);
  });

  it('lists each item of a list on its own line, aligned under the value column', () => {
    const start = lines.findIndex((l) => l.startsWith('exclude '));
    const column = lines[start]!.indexOf('- "dist');
    expect(lines[start + 1]).toBe(`${' '.repeat(column)}- "*.lock"`);
  });

  it('aligns the origin and value columns', () => {
    const body = lines.slice(2).filter((l) => l !== '' && !l.startsWith(' '));
    expect(body.length).toBeGreaterThan(20);
    const keyWidth = Math.max(...body.map((l) => l.split(' ')[0]!.length));
    const valueColumn = lines.find((l) => l.startsWith('model '))!.indexOf('"gpt-4.1"');
    for (const l of body) {
      expect(l.slice(keyWidth, keyWidth + 2)).toBe('  ');
      expect(l[keyWidth + 2]).not.toBe(' ');
      expect(l.slice(valueColumn - 2, valueColumn)).toBe('  ');
      expect(l[valueColumn]).not.toBe(' ');
    }
  });

  it('shows empty groups as {}', () => {
    const text2 = formatConfig(loaded({}, {}), 'text');
    expect(text2).toMatch(/^checks +default +\{\}$/m);
    expect(text2).toMatch(/^pricing +default +\{\}$/m);
  });
});

describe('formatConfig: credentials in baseURL', () => {
  it('never shows user, password or query values of baseURL, in text or JSON', () => {
    const secret = loaded({ baseURL: 'https://bob:hunter2pass@proxy.example.com/v1?api-key=abc123secret' } as Partial<ReviewConfig>, {
      baseURL: `file:${FILE}`,
    });
    for (const format of ['text', 'json'] as const) {
      const out = formatConfig(secret, format);
      expect(out).not.toContain('hunter2pass');
      expect(out).not.toContain('abc123secret');
      expect(out).not.toContain('bob');
      expect(out).toContain('proxy.example.com/v1?api-key=REDACTED');
    }
  });
});

describe('withEndpointFromEnv', () => {
  it('shows a baseURL taken from OPENAI_BASE_URL with that origin', () => {
    const shown = withEndpointFromEnv(loaded({}, {}), { OPENAI_BASE_URL: ' http://127.0.0.1:11434/v1 ' });
    expect(shown.config.baseURL).toBe('http://127.0.0.1:11434/v1');
    expect(shown.origins.baseURL).toBe('env:OPENAI_BASE_URL');
    expect(formatConfig(shown, 'text')).toMatch(/^baseURL +env:OPENAI_BASE_URL +"http:\/\/127\.0\.0\.1:11434\/v1"$/m);
  });

  it('leaves a configured baseURL, and an unset environment, alone; azure reads its own variable', () => {
    const configured = loaded({ baseURL: 'https://proxy.example/v1' }, { baseURL: `file:${FILE}` });
    expect(withEndpointFromEnv(configured, { OPENAI_BASE_URL: 'http://other/v1' })).toBe(configured);
    const plain = loaded({}, {});
    expect(withEndpointFromEnv(plain, {})).toBe(plain);
    const azure = withEndpointFromEnv(loaded({ provider: 'azure' } as Partial<ReviewConfig>, {}), {
      OPENAI_BASE_URL: 'http://x/v1',
      AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com',
    });
    expect(azure.config.baseURL).toBe('https://r.openai.azure.com');
    expect(azure.origins.baseURL).toBe('env:AZURE_OPENAI_ENDPOINT');
  });
});
